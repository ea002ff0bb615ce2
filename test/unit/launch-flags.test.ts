// The bundle's shebang may tune the garbage collector but never cap the heap: a cap
// turns a large engine into "JavaScript heap out of memory".
import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {test} from 'node:test';

const root = path.resolve(import.meta.dirname, '../..');

function shebangFlags(): string[] {
	const first = readFileSync(path.join(root, 'cli.tsx'), 'utf8').split('\n')[0]!;
	const match = /^#!\/usr\/bin\/env -S (?:MALLOC_ARENA_MAX=\d+ )?node((?: --[\w-]+(?:=\S+)?)*)$/.exec(first);
	assert.ok(match, `unexpected shebang: ${first}`);
	return match[1]!.trim().split(' ').filter(Boolean);
}

const heapLimit = (flags: string[]) => Number(execFileSync(process.execPath, [...flags, '-p', 'require("node:v8").getHeapStatistics().heap_size_limit'], {encoding: 'utf8'}));

test('the shebang leaves the heap limit as large as plain node has it', () => {
	const flags = shebangFlags();
	assert.ok(flags.every(flag => !/^--(max-old-space-size|max-heap-size|initial-heap-size|max-semi-space-size=0)/.test(flag)), flags.join(' '));
	// A small young generation takes a few tens of MB off the total; a cap takes gigabytes.
	assert.ok(heapLimit(flags) >= heapLimit([]) * 0.95, `${flags.join(' ')} lowers the heap limit`);
});
