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
import {buildFromStdin, cli, removeNewSince, snapshot, type Snapshot} from '../engine/own-images.ts';
import {BASE, HOSTILE, HOSTILE_TEXT} from '../bed/fixture-names.mjs';

/** Built here: the bed's hostile image carries ESC sequences, which JSON.stringify escapes by itself; this one's RUN line carries a C1 CSI and a bidi override, which it does not. */
const C1_BIDI = 'stowage-analyze/c1-bidi:1';
const c1BidiText = 'x\u009B2J\u202Etxt.exe\u2066y\u0085z';
 
const rawControls = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\u2028\u2029]/;

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
	await buildFromStdin(C1_BIDI, `FROM ${BASE}\nRUN echo '${c1BidiText}' > /note`);
});

after(async () => {
	rmSync(work, {recursive: true, force: true});
	await removeNewSince(start, [WASTEFUL, CLEAN, C1_BIDI]);
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
	// The image given with --archive names one of its tags: a malformed one is refused as without it.
	const malformed = await stowage(['analyze', '--archive', file, 'NOT VALID REF'], {host: 'unix:///nonexistent/docker.sock'});
	assert.equal(malformed.code, 2, malformed.stderr);
	assert.match(malformed.stderr, /^stowage: cannot analyze "NOT VALID REF": invalid reference format/);
});

test('bad usage exits 2: no image, analyze flags on other commands, an unknown image exits 1', async () => {
	assert.equal((await stowage(['analyze'])).code, 2);
	assert.equal((await stowage(['ls', '--ci'])).code, 2);
	const unknown = await stowage(['analyze', 'stowage-analyze/never:1']);
	assert.equal(unknown.code, 1);
	assert.match(unknown.stderr, /cannot analyze stowage-analyze\/never:1 from unix:\/\/.*(?:reference does not exist|No such image|image not known)/);
});

test('`analyze NOT VALID REF` exits 2 with docker\'s words for the reference, before asking the engine', async () => {
	const upper = await stowage(['analyze', 'NOT VALID REF']);
	assert.equal(upper.code, 2, upper.stderr);
	// `docker pull 'NOT VALID REF'` says the same after "invalid reference format".
	assert.equal(upper.stderr, 'stowage: cannot analyze "NOT VALID REF": invalid reference format: repository name (library/NOT VALID REF) must be lowercase\n');
	const spaced = await stowage(['analyze', 'not valid', '--json']);
	assert.equal(spaced.code, 2, spaced.stderr);
	assert.equal(spaced.stdout, '');
	assert.match(spaced.stderr, /^stowage: cannot analyze "not valid": invalid reference format\n$/);
	// An engine that does not exist: the reference is refused before any connection.
	const hostile = await stowage(['analyze', 'a\u009B2J\u202Eb'], {host: 'unix:///nonexistent/docker.sock'});
	assert.equal(hostile.code, 2, hostile.stderr);
	assert.doesNotMatch(hostile.stderr, rawControls);
	assert.match(hostile.stderr, /cannot analyze "a<U\+009B>2J<U\+202E>b": invalid reference format/);
});

test('`analyze --ci` with a .dive-ci ratio outside 0..1 exits 2 naming the key, the value and the range', async () => {
	const dir = path.join(work, 'range');
	rmSync(dir, {recursive: true, force: true});
	mkdirSync(dir);
	writeFileSync(path.join(dir, '.dive-ci'), 'rules:\n  lowestEfficiency: 90\n');
	const percent = await stowage(['analyze', CLEAN, '--ci'], {cwd: dir});
	assert.equal(percent.code, 2, percent.stdout + percent.stderr);
	assert.equal(percent.stdout, '');
	assert.equal(percent.stderr, 'stowage: .dive-ci: lowestEfficiency "90" is out of range: a ratio between 0 and 1 (0.9 for 90%)\n');
	writeFileSync(path.join(dir, 'negative.yaml'), 'rules:\n  highest-user-wasted-percent: -0.5\n');
	const negative = await stowage(['analyze', CLEAN, '--ci', '--ci-config', 'negative.yaml'], {cwd: dir});
	assert.equal(negative.code, 2);
	assert.match(negative.stderr, /^stowage: negative\.yaml: highest-user-wasted-percent "-0\.5" is out of range: a ratio between 0 and 1/);
});

test('`analyze --json` of images whose history carries C1, bidi and ESC sequences: no raw control in the output, the strings exact', async () => {
	const c1Bidi = await stowage(['analyze', C1_BIDI, '--json']);
	assert.equal(c1Bidi.code, 0, c1Bidi.stderr);
	assert.doesNotMatch(c1Bidi.stdout, rawControls);
	assert.match(c1Bidi.stdout, /x\\u009b2J\\u202etxt\.exe\\u2066y\\u0085z/);
	const report = JSON.parse(c1Bidi.stdout) as {steps: Array<{createdBy: string}>};
	assert.ok(report.steps.some(step => step.createdBy.includes(c1BidiText)), c1Bidi.stdout);
	const escapes = await stowage(['analyze', HOSTILE, '--json']);
	assert.equal(escapes.code, 0, escapes.stderr);
	assert.doesNotMatch(escapes.stdout, rawControls);
	const hostile = JSON.parse(escapes.stdout) as {steps: Array<{createdBy: string}>};
	assert.ok(hostile.steps.some(step => step.createdBy.includes(HOSTILE_TEXT.slice(0, 12))), escapes.stdout);
});
