// `stowage analyze` as the built binary: --ci exit statuses with a .dive-ci and
// with dive's defaults, the --json shape, --archive without an engine.
import assert from 'node:assert/strict';
import {execFile} from 'node:child_process';
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {after, before, test} from 'node:test';
import {promisify} from 'node:util';
import {testHost} from '../helpers/test-engine.ts';
import {cliPath} from '../helpers/tmux.ts';
import {buildAnalysisImages, CLEAN, WASTED_BYTES, WASTEFUL} from '../engine/analysis-images.ts';
import {cli, removeNewSince, snapshot, type Snapshot} from '../engine/own-images.ts';

type Result = {stdout: string; stderr: string; code: number};
const work = mkdtempSync('/tmp/stowage-analyze-');
let start: Snapshot;

async function stowage(args: string[], options: {cwd?: string; host?: string} = {}): Promise<Result> {
	try {
		const {stdout, stderr} = await promisify(execFile)(process.execPath, [cliPath, ...args], {cwd: options.cwd ?? work, env: {...process.env, DOCKER_HOST: options.host ?? testHost()}});
		return {stdout, stderr, code: 0};
	} catch (error) {
		const failed = error as {stdout: string; stderr: string; code: number};
		return {stdout: failed.stdout, stderr: failed.stderr, code: failed.code};
	}
}

before(async () => {
	start = await snapshot();
	await buildAnalysisImages();
});

after(async () => {
	rmSync(work, {recursive: true, force: true});
	await removeNewSince(start, [WASTEFUL, CLEAN]);
});

test('`analyze --ci` fails the wasteful image and passes the clean one, with dive\'s defaults', async () => {
	const wasteful = await stowage(['analyze', WASTEFUL, '--ci']);
	assert.equal(wasteful.code, 1, wasteful.stderr);
	assert.match(wasteful.stdout, /FAIL {2}lowestEfficiency/);
	assert.match(wasteful.stdout, /SKIP {2}highestWastedBytes/);
	assert.match(wasteful.stdout, /\/var\/lib\/apt\/lists 120kB left by step 9/);
	assert.match(wasteful.stdout, /DL3009/);
	assert.match(wasteful.stdout, /Result: FAIL/);
	const clean = await stowage(['analyze', CLEAN, '--ci']);
	assert.equal(clean.code, 0, clean.stdout + clean.stderr);
	assert.match(clean.stdout, /Result: PASS/);
	// Without --ci the verdict is not asked for: exit 0.
	assert.equal((await stowage(['analyze', WASTEFUL])).code, 0);
});

test('`analyze --ci` reads .dive-ci from the working directory (kebab-case and byte sizes too)', async () => {
	const dir = path.join(work, 'lenient');
	rmSync(dir, {recursive: true, force: true});
	mkdirSync(dir);
	writeFileSync(path.join(dir, '.dive-ci'), 'rules:\n  lowest-efficiency: 0.5\n  highestWastedBytes: 1MB\n  highestUserWastedPercent: disabled\n');
	const lenient = await stowage(['analyze', WASTEFUL, '--ci'], {cwd: dir});
	assert.equal(lenient.code, 0, lenient.stdout);
	writeFileSync(path.join(dir, 'strict.yaml'), 'rules:\n  lowestEfficiency: disabled\n  highest-wasted-bytes: 600kB\n  highestUserWastedPercent: disabled\n');
	const strict = await stowage(['analyze', WASTEFUL, '--ci', '--ci-config', 'strict.yaml'], {cwd: dir});
	assert.equal(strict.code, 1, strict.stdout);
	assert.match(strict.stdout, /FAIL {2}highestWastedBytes: wasted 700000 bytes > 600000/);
	writeFileSync(path.join(dir, 'bad.yaml'), 'rules:\n  lowestEfficiency: high\n');
	const bad = await stowage(['analyze', WASTEFUL, '--ci', '--ci-config', 'bad.yaml'], {cwd: dir});
	assert.equal(bad.code, 2);
	assert.match(bad.stderr, /^stowage: bad\.yaml: invalid lowestEfficiency "high"/);
});

test('`analyze --json`: metrics, layers, steps, findings, advice, ci', async () => {
	const result = await stowage(['analyze', WASTEFUL, '--json', '--ci']);
	assert.equal(result.code, 1);
	const report = JSON.parse(result.stdout) as Record<string, unknown> & {metrics: {wastedBytes: number; efficiency: number; dive: {efficiency: number; wastedBytes: number}}; layers: unknown[]; findings: Array<{kind: string; path: string; bytes: number; step: number}>; advice: Array<{rule: string}>; ci: {pass: boolean; rules: unknown[]}};
	assert.deepEqual(Object.keys(report), ['image', 'repoTags', 'metrics', 'layers', 'steps', 'findings', 'advice', 'ci', 'errors']);
	assert.equal(report.metrics.wastedBytes, WASTED_BYTES);
	assert.equal(typeof report.metrics.dive.efficiency, 'number');
	assert.equal(report.layers.length, 9);
	assert.deepEqual(report.findings.find(finding => finding.kind === 'leftover'), {kind: 'leftover', path: '/var/lib/apt/lists', bytes: 120_000, files: 1, layer: 8, step: 9, message: '/var/lib/apt/lists 120kB left by step 9'});
	assert.ok(report.advice.some(advice => advice.rule === 'DL3009'));
	assert.equal(report.ci.pass, false);
	assert.equal(report.ci.rules.length, 3);
});

test('`analyze --archive` reads a saved tar with no engine at all', async () => {
	const file = path.join(work, 'wasteful.tar');
	await cli(['save', '-o', file, WASTEFUL]);
	// An engine that does not exist: --archive must not need one.
	const result = await stowage(['analyze', '--archive', file, '--json'], {host: 'unix:///nonexistent/docker.sock'});
	assert.equal(result.code, 0, result.stderr);
	assert.equal((JSON.parse(result.stdout) as {metrics: {wastedBytes: number}}).metrics.wastedBytes, WASTED_BYTES);
	const missing = await stowage(['analyze', '--archive', path.join(work, 'nope.tar')]);
	assert.equal(missing.code, 2);
	assert.match(missing.stderr, /cannot read .*nope\.tar/);
});

test('bad usage exits 2: no image, analyze flags on other commands, an unknown image exits 1', async () => {
	assert.equal((await stowage(['analyze'])).code, 2);
	assert.equal((await stowage(['ls', '--ci'])).code, 2);
	const unknown = await stowage(['analyze', 'stowage-analyze/never:1']);
	assert.equal(unknown.code, 1);
	assert.match(unknown.stderr, /cannot analyze stowage-analyze\/never:1 from unix:\/\/.*(?:reference does not exist|No such image|image not known)/);
});
