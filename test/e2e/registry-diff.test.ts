// An engine image compared with a tag in a registry, as a person does it: `stowage diff
// IMAGE docker://REGISTRY/REPO:TAG` (text, --json, the exit statuses of a bad reference,
// an unknown tag and missing credentials), and in the UI typed into tmux key by key:
// Space on the image, R, the repository, Space on the tag, =, the summary, Esc.
import assert from 'node:assert/strict';
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {after, before, test} from 'node:test';
import {run} from '../bed/docker-cli.mjs';
import {startRegistry, type TestRegistry} from '../bed/registry.mjs';
import {diffLayers, expectedSummary, loadDiffImages, DIFF_FROM, DIFF_TO} from '../helpers/diff-images.ts';
import {basicAuthorize, Pusher} from '../helpers/registry-fixtures.ts';
import {testHost} from '../helpers/test-engine.ts';
import {cliPath, openTerminal, type Terminal} from '../helpers/tmux.ts';
import {removeNewSince, snapshot, type Snapshot} from '../engine/own-images.ts';

type Result = {stdout: string; stderr: string; code: number};
const user = 'tester';
const password = 'regdiff-pass';
const work = mkdtempSync('/tmp/stowage-regdiff-e2e-');
const config = path.join(work, 'docker-config');
const empty = path.join(work, 'no-credentials');
let registry: TestRegistry;
let start: Snapshot;
let terminal: Terminal | undefined;
const summary = '+3 files (+12.1kB) \u22125 (\u22128.21kB) ~4 (+300B)';
const remote = () => `docker://${registry.host}/team/app:to`;

async function stowage(args: string[], dockerConfig = config): Promise<Result> {
	return run(process.execPath, [cliPath, ...args], {cwd: work, env: {...process.env, DOCKER_HOST: testHost(), DOCKER_CONFIG: dockerConfig}});
}

before(async () => {
	start = await snapshot();
	registry = await startRegistry({users: {[user]: password}});
	await loadDiffImages(work);
	await new Pusher(registry.port, basicAuthorize(user, password)).image('team/app', 'to', {tars: [(await diffLayers()).base, (await diffLayers()).to], history: ['/bin/sh -c #(nop) ADD file:base in / ', '/bin/sh -c change everything']});
	mkdirSync(config);
	mkdirSync(empty);
	writeFileSync(path.join(config, 'config.json'), JSON.stringify({auths: {[registry.host]: {auth: Buffer.from(`${user}:${password}`).toString('base64')}}}));
	writeFileSync(path.join(empty, 'config.json'), '{}');
});

after(async () => {
	await terminal?.close();
	await registry?.stop();
	rmSync(work, {recursive: true, force: true});
	await removeNewSince(start, [DIFF_FROM, DIFF_TO]);
});

test('`diff IMAGE docker://…` reads the tag from the registry: the same summary as the two engine images', async () => {
	const result = await stowage(['diff', DIFF_FROM, remote()]);
	assert.equal(result.code, 0, result.stderr);
	const lines = result.stdout.split('\n');
	assert.equal(lines[0], `Comparing ${DIFF_FROM} (3 steps, 2 layers) with ${remote()} (2 steps, 2 layers)`);
	assert.equal(lines[1], summary);
	assert.match(result.stdout, /\+12kB {2}\+ \/new\/ {2}2 paths\n/);
	assert.match(result.stdout, /~ {3}conf {2}content\n/);
	const json = await stowage(['diff', '--json', remote(), DIFF_TO]);
	assert.equal(json.code, 0, json.stderr);
	const parsed = JSON.parse(json.stdout) as {summary: {added: {count: number}}; from: {image: string}; changes: unknown[]};
	// The registry's image against the engine's copy of the same layers: nothing differs.
	assert.equal(parsed.from.image, remote());
	assert.deepEqual(parsed.changes, []);
	const forward = await stowage(['diff', '--json', DIFF_FROM, remote()]);
	assert.deepEqual((JSON.parse(forward.stdout) as {summary: unknown}).summary, expectedSummary);
});

test('a bad docker:// reference exits 2; an unknown tag and missing credentials exit 1 with one line naming the tag', async () => {
	for (const bad of ['docker://', 'docker://team/UPPER:1', `docker://${'127.0.0.1'}:5000/app:bad tag`]) {
		const result = await stowage(['diff', DIFF_FROM, bad]);
		assert.equal(result.code, 2, `${bad}: ${result.stderr}`);
		assert.match(result.stderr, /^stowage: cannot compare "docker:\/\/.*": invalid reference format/);
	}

	const platform = await stowage(['diff', '--platform', 'linux', DIFF_FROM, remote()]);
	assert.equal(platform.code, 2, platform.stderr);
	assert.match(platform.stderr, /^stowage: invalid platform "linux": expected os\/arch\[\/variant\]/);
	const unknown = await stowage(['diff', DIFF_FROM, `docker://${registry.host}/team/app:never`]);
	assert.equal(unknown.code, 1);
	assert.equal(unknown.stderr.trim().split('\n').length, 1, unknown.stderr);
	assert.match(unknown.stderr, new RegExp(`^stowage: cannot read docker://${registry.host}/team/app:never: manifest team/app:never not found on ${registry.host}`));
	const refused = await stowage(['diff', DIFF_FROM, remote()], empty);
	assert.equal(refused.code, 1);
	assert.equal(refused.stderr.trim(), `stowage: cannot read ${remote()}: registry ${registry.host} requires authentication: log in first (docker login)`);
});

test('UI: Space on an image, R, the repository, Space on a tag, =: the comparison with its summary; Esc closes it', async () => {
	terminal = await openTerminal([], {DOCKER_HOST: testHost(), DOCKER_CONFIG: config, TERM: 'xterm-256color'}, 130, 40);
	await terminal.waitForScreen(screen => /─ Images \d+ /.test(screen), 'the image list');
	await terminal.keys('/');
	await terminal.typeSlowly('stowage-diff/from', 40);
	await terminal.keys('Enter');
	await terminal.waitForScreen(screen => screen.includes('stowage-diff/from') && !screen.includes('stowage-diff/to'), 'only the from image');
	await terminal.keys('Space');
	await terminal.waitForScreen(screen => /\*\S*stowage-diff\/from/.test(screen), 'the image marked');
	await terminal.keys('R');
	await terminal.waitForScreen(screen => screen.includes('Browse a registry'), 'the registry form');
	await terminal.keys('C-u');
	await terminal.typeSlowly(registry.host, 40);
	await terminal.keys('Enter');
	await terminal.waitForScreen(screen => screen.includes(`Registry ${registry.host} · repositories 1`) && screen.includes('team/app'), 'the repositories');
	await terminal.keys('Enter');
	await terminal.waitForScreen(screen => screen.includes('team/app · tags 1') && /› to/.test(screen), 'the tags');
	await terminal.keys('Space');
	await terminal.waitForScreen(screen => /›\*to/.test(screen), 'the tag marked');
	await terminal.keys('=');
	const shown = await terminal.waitForScreen(screen => screen.includes(summary), 'the comparison\'s summary line', 30_000);
	assert.match(shown, new RegExp(`Compare \\S*stowage-diff/from:1 → ${registry.host}/team/app:to`));
	assert.match(shown, /History: 1 step shared \(1 layer\), parting at step 2/);
	writeFileSync(process.env.STOWAGE_REGDIFF_SCREEN ?? path.join(work, 'screen.txt'), shown);
	await terminal.keys('/');
	await terminal.typeSlowly('conf', 40);
	await terminal.waitForScreen(screen => screen.includes('changed paths match "conf"'), 'the filter');
	await terminal.keys('Enter');
	await terminal.keys('Enter');
	const diff = await terminal.waitForScreen(screen => screen.includes('-colour=red') && screen.includes('+colour=blu'), 'the unified diff, the tag side read from its registry', 20_000);
	assert.match(diff, /Diff .*\/etc\/conf/);
	await terminal.keys('Escape');
	await terminal.waitForScreen(screen => screen.includes('changed paths match "conf"'), 'back on the comparison');
	await terminal.keys('Escape');
	await terminal.waitForScreen(screen => /─ Images \d+/.test(screen) && !screen.includes('Compare '), 'the image list again');
});
