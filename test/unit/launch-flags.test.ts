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

test('the UI\'s flags (start/gc-flags.ts) keep the young generation small and set no cap', () => {
	// Short-lived garbage with a few survivors: V8 grows its young generation to 16 MB a half for this by default.
	const churn = `let keep = []; for (let i = 0; i < 2e6; i++) { const o = {a: i, b: 'x' + i}; if (i % 50 === 0) keep.push(o); }`;
	const report = `const v8 = await import('node:v8'); console.log(JSON.stringify({newSpace: v8.getHeapSpaceStatistics().find(s => s.space_name === 'new_space').space_size, limit: v8.getHeapStatistics().heap_size_limit}));`;
	const module = path.join(root, 'source/start/gc-flags.ts');
	const measure = (code: string) => JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {encoding: 'utf8', cwd: root})) as {newSpace: number; limit: number};
	const set = measure(`await (await import(${JSON.stringify(module)})).setUiFlags(); ${churn} ${report}`);
	const plain = measure(`${churn} ${report}`);
	assert.ok(set.newSpace <= 8 * 2 ** 20, `new space ${set.newSpace} bytes with the UI's flags`);
	assert.ok(plain.newSpace > set.newSpace * 2, `plain node's new space ${plain.newSpace} bytes against ${set.newSpace}`);
	assert.equal(set.limit, plain.limit, 'the heap limit');
	const source = readFileSync(module, 'utf8');
	assert.doesNotMatch(source, /max-old-space-size|max-heap-size|initial-heap-size|max-semi-space-size/);
});
