// `stowage diff` as the built binary: the report of two images with known
// differences, --json, and the exit statuses of bad arguments and a missing image.
import assert from 'node:assert/strict';
import {mkdtempSync, rmSync} from 'node:fs';
import {after, before, test} from 'node:test';
import {run} from '../bed/docker-cli.mjs';
import {testHost} from '../helpers/test-engine.ts';
import {cliPath} from '../helpers/tmux.ts';
import {loadDiffImages, expectedSummary, DIFF_FROM, DIFF_TO} from '../helpers/diff-images.ts';
import {removeNewSince, snapshot, type Snapshot} from '../engine/own-images.ts';

type Result = {stdout: string; stderr: string; code: number};
const work = mkdtempSync('/tmp/stowage-diff-e2e-');
let start: Snapshot;

async function stowage(args: string[]): Promise<Result> {
	return run(process.execPath, [cliPath, ...args], {cwd: work, env: {...process.env, DOCKER_HOST: testHost()}});
}

before(async () => {
	start = await snapshot();
	await loadDiffImages(work);
});

after(async () => {
	rmSync(work, {recursive: true, force: true});
	await removeNewSince(start, [DIFF_FROM, DIFF_TO]);
});

test('`diff` prints the summary, the histories side by side and the tree of changes', async () => {
	const result = await stowage(['diff', DIFF_FROM, DIFF_TO]);
	assert.equal(result.code, 0, result.stderr);
	const lines = result.stdout.split('\n');
	assert.equal(lines[0], `Comparing ${DIFF_FROM} (3 steps, 2 layers) with ${DIFF_TO} (3 steps, 2 layers)`);
	assert.equal(lines[1], '+3 files (+12.1kB) \u22125 (\u22128.21kB) ~4 (+300B)');
	assert.ok(lines.includes('History: 2 steps shared (1 layer), parting at step 3'), result.stdout);
	assert.match(result.stdout, /\n {2}3 ≠ echo from > \/from\.txt \(5B\) +change everything \(12\.4kB\)\n/);
	assert.match(result.stdout, /\+12kB {2}\+ \/new\/ {2}2 paths\n/);
	assert.match(result.stdout, /~ {3}conf {2}content\n/);
});

test('`diff --json` has the summary and every changed path', async () => {
	const result = await stowage(['diff', '--json', DIFF_FROM, DIFF_TO]);
	assert.equal(result.code, 0, result.stderr);
	const json = JSON.parse(result.stdout) as {summary: unknown; changes: unknown[]};
	assert.deepEqual(json.summary, expectedSummary);
	assert.equal(json.changes.length, 13);
});

test('bad arguments exit 2, a missing image exits 1 naming it', async () => {
	for (const args of [['diff', DIFF_FROM], ['diff'], ['diff', DIFF_FROM, DIFF_TO, 'extra'], ['diff', 'UPPER:1', DIFF_TO]]) {
		const result = await stowage(args);
		assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
		assert.match(result.stderr, /^stowage: /);
	}

	const missing = await stowage(['diff', DIFF_FROM, 'stowage-diff/never:1']);
	assert.equal(missing.code, 1);
	assert.match(missing.stderr, /cannot read stowage-diff\/never:1 from unix:\/\/.*(?:reference does not exist|No such image|image not known)/);
});
