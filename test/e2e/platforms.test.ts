// Platforms where the user meets them: `stowage analyze --platform` as the built binary,
// and the images pane's platform rows (→ and ←), against the real engine. Engines that
// list no platforms get the tests of what is said instead, named so.
import assert from 'node:assert/strict';
import {execFile} from 'node:child_process';
import {after, describe, test} from 'node:test';
import {promisify} from 'node:util';
import {APP} from '../bed/fixture-names.mjs';
import {MULTI, MULTI_COMMON, MULTI_FILE_BYTES, type MultiPlatformFacts} from '../bed/multi-platform-fixture.mjs';
import {keys, renderApp, rowOf} from '../helpers/render-app.tsx';
import {testEngine, testHost} from '../helpers/test-engine.ts';
import {cliPath} from '../helpers/tmux.ts';

type Result = {stdout: string; stderr: string; code: number};
async function stowage(args: string[]): Promise<Result> {
	try {
		const {stdout, stderr} = await promisify(execFile)(process.execPath, [cliPath, ...args], {env: {...process.env, DOCKER_HOST: testHost()}, maxBuffer: 64 * 1024 * 1024});
		return {stdout, stderr, code: 0};
	} catch (error) {
		const failed = error as Result;
		return {stdout: failed.stdout, stderr: failed.stderr, code: failed.code};
	}
}

const facts = JSON.parse(process.env.STOWAGE_TEST_FIXTURES ?? '{}') as {multiPlatform?: MultiPlatformFacts | {skipped: string}};
const multi = facts.multiPlatform && 'name' in facts.multiPlatform ? facts.multiPlatform : undefined;
const shortId = (id: string) => id.replace('sha256:', '').slice(0, 12);
const probe = testEngine();
await probe.connect();
const listsPlatforms = (await probe.listImages()).some(image => image.manifests !== undefined);
probe.close();

if (multi) {
	describe('analyze --platform (API ≥ 1.47 with the containerd store only)', () => {
		test('each platform scans its own files; the default is the engine\'s own (linux/amd64 here)', async () => {
			for (const [args, platform] of [[['--platform', 'linux/arm64'], 'linux/arm64'], [['--platform', 'linux/amd64'], 'linux/amd64'], [[], 'linux/amd64']] as const) {
				const result = await stowage(['analyze', MULTI, ...args, '--json']);
				assert.equal(result.code, 0, result.stderr);
				const report = JSON.parse(result.stdout) as {platform: string; metrics: {finalBytes: number}};
				assert.equal(report.platform, platform);
				assert.equal(report.metrics.finalBytes, MULTI_FILE_BYTES[platform]! + MULTI_COMMON.length, `the bytes of ${platform}`);
			}

			const text = await stowage(['analyze', MULTI, '--platform', 'linux/arm64']);
			assert.match(text.stdout, /^Image: stowage-multi:1\.0 linux\/arm64 {2}\(/);
		});

		test('a platform the image lacks is an error naming the ones it has; a malformed one is bad input', async () => {
			const missing = await stowage(['analyze', MULTI, '--platform', 'linux/s390x']);
			assert.equal(missing.code, 1);
			assert.match(missing.stderr, /no linux\/s390x platform here: it has linux\/amd64, linux\/arm64/);
			const malformed = await stowage(['analyze', MULTI, '--platform', 'arm64']);
			assert.equal(malformed.code, 2);
			assert.match(malformed.stderr, /invalid platform "arm64": expected os\/arch\[\/variant\]/);
		});
	});

	describe('the images pane (API ≥ 1.47 with the containerd store only)', () => {
		const app = renderApp(testEngine(), 140, 40);
		after(() => app.unmount());

		test('the row says "2 platforms"; → opens one row per platform with its ID, disk usage and content size; ← closes them', async () => {
			await app.waitForFrame(frame => frame.includes('Layer history ('), 'the first frame');
			await app.filterTo(MULTI);
			const row = await app.waitForFrame(frame => Boolean(rowOf(frame, MULTI)), 'the multi-platform row');
			assert.match(rowOf(row, MULTI)!, /▸ 2 platforms/);
			await app.press('\u001B[C');
			const open = await app.waitForFrame(frame => frame.includes('└─ linux/arm64'), 'the platform rows');
			const amd = open.split('\n').find(line => line.includes('├─ linux/amd64'))!;
			assert.ok(amd.includes(shortId(multi.digests['linux/amd64']!)), amd);
			assert.match(amd, /content \d/);
			assert.match(rowOf(open, MULTI)!, /▾ 2 platforms/);
			// The arm64 row's history is arm64's.
			await app.press(keys.down, keys.down);
			await app.waitForFrame(frame => frame.includes('TARGETARCH=arm64'), 'the arm64 history');
			await app.press('\u001B[D');
			await app.waitForFrame(frame => !frame.includes('└─ linux/arm64') && frame.includes('▸ 2 platforms'), 'the rows closed');
			assert.ok(app.store.getState().selectedKey?.endsWith(MULTI), 'the selection back on the image');
		});
	});
} else {
	describe('without the multi-platform fixture (API < 1.47, the classic image store, or no buildx)', () => {
		const app = renderApp(testEngine(), 140, 40);
		after(() => app.unmount());

		test('where the engine lists no platforms: no PLATFORMS column, and → says they are unknown and why', {skip: listsPlatforms && 'this engine lists platforms'}, async () => {
			await app.waitForFrame(frame => frame.includes('Layer history ('), 'the first frame');
			await app.filterTo(APP);
			await app.waitForFrame(frame => Boolean(rowOf(frame, APP)), 'the row');
			assert.ok(!app.frame().includes('PLATFORMS'));
			await app.press('\u001B[C');
			await app.waitForFrame(frame => frame.includes('Platforms unknown: the engine'), 'the reason');
		});

		test('analyze --platform of a single-platform image: its own platform scans, another is refused by name', async () => {
			const own = await stowage(['analyze', APP, '--platform', 'linux/amd64', '--json']);
			assert.equal(own.code, 0, own.stderr);
			const other = await stowage(['analyze', APP, '--platform', 'linux/arm64']);
			assert.equal(other.code, 1);
			assert.match(other.stderr, /the image is linux\/amd64, not linux\/arm64/);
		});
	});
}
