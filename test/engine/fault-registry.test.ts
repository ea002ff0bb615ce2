// Registry faults, through the real engine (dockerd or Podman talks to the registry)
// and stowage's jobs as the UI runs them: the registry killed mid-push and mid-pull,
// refused credentials, a missing tag, a 500, an error inside a 200 stream, and a
// registry that stalls mid-blob. The registry is a real docker-registry of this file's
// own (it is killed here); the 500, the corrupt 200 and the stall come from a loopback
// proxy in front of it (test/helpers/fault-proxy.ts), as a real registry cannot
// produce them on demand.
import assert from 'node:assert/strict';
import {randomBytes} from 'node:crypto';
import {mkdtempSync, readdirSync, rmSync} from 'node:fs';
import path from 'node:path';
import {after, before, test} from 'node:test';
import {notOn} from '../helpers/engine-matrix.ts';
import {docker} from '../bed/docker-cli.mjs';
import {registryGet, startRegistry, type TestRegistry} from '../bed/registry.mjs';
import type {Engine} from '../../source/engine/engine.ts';
import {localFiles, type LocalFiles} from '../../source/engine/local-files.ts';
import type {AuthConfig} from '../../source/engine/operations.ts';
import type {Job} from '../../source/store/jobs.ts';
import {missingTag} from '../helpers/engine-wording.ts';
import {onBlobs, startFaultProxy, type FaultProxy} from '../helpers/fault-proxy.ts';
import {keys, renderApp, type RenderedApp} from '../helpers/render-app.tsx';
import {importRandomImage} from '../helpers/engine-images.ts';
import {testEngine, testHost, waitFor, withinEngineTime} from '../helpers/test-engine.ts';

const user = 'stowage';
const password = `Pw-${randomBytes(8).toString('hex')}`;
let registry: TestRegistry;
let proxy: FaultProxy;
let engine: Engine;
let app: RenderedApp;
let work: string;
const made = new Set<string>();
// What the jobs read as the stored credentials, per registry key: the file's own seam, in memory.
const credentials = new Map<string, AuthConfig>();
const files: LocalFiles = {...localFiles, resolveAuth: async key => credentials.get(key)};
const ctrlU = '\u0015';

async function cli(args: string[]): Promise<string> {
	const result = await docker(args);
	assert.equal(result.code, 0, `docker ${args.join(' ')}: ${result.stderr}`);
	return result.stdout.trim();
}

/** An image of one layer of random bytes found nowhere else, so every push and pull moves all of it. */
async function uniqueImage(ref: string, bytes: number): Promise<void> {
	await importRandomImage(testHost(), ref, bytes);
	made.add(ref);
}

/** Pushed to the registry under `repository:tag`, then removed here, so a pull has to fetch it. */
async function inRegistryOnly(repository: string, tag: string, bytes: number): Promise<void> {
	const ref = `${registry.host}/${repository}:${tag}`;
	await uniqueImage(ref, bytes);
	await engine.push(`${registry.host}/${repository}`, tag, credentials.get(registry.host), () => {}, new AbortController().signal);
	await cli(['rmi', ref]);
	made.delete(ref);
}

const newest = (): Job | undefined => app.store.getState().jobs[0];
const jobState = () => JSON.stringify(newest() && {...newest(), progress: {layers: newest()!.progress.layers, log: newest()!.progress.log.slice(-5)}});

/** Starts a job through its dialog, as a user types it, and returns it once it runs. */
async function startJob(key: 'p' | 'P', reference?: string): Promise<Job> {
	const before = newest()?.id ?? 0;
	if (reference === undefined) {
		await app.press(key);
	} else {
		await app.press(key);
		await app.waitForFrame(frame => frame.includes('Pull an image'), 'the pull dialog');
		await app.press(ctrlU, ...reference.split(''), keys.enter);
	}

	return waitFor(() => (newest()?.id ?? 0) > before && newest(), 'the job to start', 5000, jobState);
}

async function pull(reference: string): Promise<Job> {
	made.add(reference);
	return startJob('p', reference);
}

/** P on the row of `reference`, which the filter puts first. */
async function push(reference: string): Promise<Job> {
	await app.filterTo(reference);
	await app.waitForFrame(frame => frame.includes(reference.slice(reference.lastIndexOf('/') + 1).split(':')[0]!), `the row of ${reference}`);
	// A row is one tag: P pushes it at once.
	const before = newest()?.id ?? 0;
	await app.press('P');
	return waitFor(() => (newest()?.id ?? 0) > before && newest(), 'the push to start', 5000, jobState);
}

const job = (id: number) => app.store.getState().jobs.find(each => each.id === id);

async function ended(id: number, timeoutMs: number): Promise<Job> {
	return waitFor(() => (job(id)?.status === 'running' ? undefined : job(id)), `job ${id} to end`, timeoutMs, jobState);
}

before(async () => {
	work = mkdtempSync('/tmp/stowage-faultreg-');
	registry = await startRegistry({users: {[user]: password}});
	proxy = await startFaultProxy(registry.port);
	for (const host of [registry.host, proxy.host]) {
		credentials.set(host, {username: user, password, serveraddress: host});
	}

	engine = testEngine();
	await engine.connect();
	app = renderApp(engine, 120, 40, files);
	await app.waitForFrame(frame => frame.includes('Layer history ('), 'the first frame', withinEngineTime(10_000));
});

after(async () => {
	try {
		app?.unmount();
		if (made.size > 0) {
			await docker(['rmi', ...made]);
		}
	} finally {
		engine?.close();
		await proxy?.close();
		await registry?.stop();
		rmSync(work, {recursive: true, force: true});
	}
});

test('registry 401 (bad credentials): the pull says the registry requires a login, names it, and shows no password', async () => {
	await inRegistryOnly('fault/auth', '1', 1000);
	const ref = `${registry.host}/fault/auth:1`;
	const wrong = `Wrong-${randomBytes(6).toString('hex')}`;
	credentials.set(registry.host, {username: user, password: wrong, serveraddress: registry.host});
	try {
		const started = await pull(ref);
		const done = await ended(started.id, withinEngineTime(15_000));
		assert.equal(done.status, 'failed', jobState());
		assert.equal(done.error, `registry ${registry.host} requires authentication: log in with l`);
		await app.waitForFrame(frame => frame.includes('requires authentication: log in with l'), 'the reason in the jobs pane');
		assert.ok(!app.frame().includes(wrong) && !app.written().includes(wrong), 'the password never reaches the screen');
	} finally {
		credentials.set(registry.host, {username: user, password, serveraddress: registry.host});
	}

	// The right credentials again: the same pull works.
	const again = await ended((await pull(ref)).id, withinEngineTime(20_000));
	assert.equal(again.status, 'done', jobState());
});

test('registry 404 (no such tag, no such repository): the pull names what is missing in the engine\'s words', async () => {
	await inRegistryOnly('fault/four', '1', 1000);
	const missing = `${registry.host}/fault/four:nope`;
	const noTag = await ended((await pull(missing)).id, withinEngineTime(15_000));
	assert.equal(noTag.status, 'failed');
	const wording = missingTag(missing);
	if (typeof wording === 'string') {
		assert.equal(noTag.error, wording);
	} else {
		assert.match(noTag.error ?? '', wording);
	}

	const noRepository = await ended((await pull(`${registry.host}/fault/never-pushed:1`)).id, withinEngineTime(15_000));
	assert.equal(noRepository.status, 'failed');
	assert.match(noRepository.error ?? '', /fault\/never-pushed/);
	assert.match(noRepository.error ?? '', /not found|unknown/);
});

test('registry 500 (on every blob): the pull fails with the registry\'s status and message, within a deadline', async () => {
	await inRegistryOnly('fault/five', '1', 200_000);
	proxy.setRule(onBlobs({kind: 'status', status: 500, body: JSON.stringify({errors: [{code: 'UNKNOWN', message: 'injected failure'}]})}));
	try {
		const started = await pull(`${proxy.host}/fault/five:1`);
		const done = await ended(started.id, 60_000);
		assert.ok(proxy.injected.length > 0, 'the proxy answered 500');
		assert.equal(done.status, 'failed', jobState());
		assert.match(done.error ?? '', /500|injected failure|Internal Server Error/);
	} finally {
		proxy.setRule(() => ({kind: 'pass'}));
	}
});

test('error inside a 200 stream (a blob whose bytes do not match its digest): the pull fails with the engine\'s verification error', async () => {
	await inRegistryOnly('fault/corrupt', '1', 200_000);
	proxy.setRule(onBlobs({kind: 'corrupt'}));
	try {
		const started = await pull(`${proxy.host}/fault/corrupt:1`);
		const done = await ended(started.id, 60_000);
		assert.ok(proxy.injected.length > 0, 'the proxy corrupted a blob');
		assert.equal(done.status, 'failed', jobState());
		assert.match(done.error ?? '', /verification failed|digest|unexpected commit|does not match/i);
	} finally {
		proxy.setRule(() => ({kind: 'pass'}));
	}

	// The same pull without the fault: the job and the engine are fine.
	const again = await ended((await pull(`${proxy.host}/fault/corrupt:1`)).id, withinEngineTime(20_000));
	assert.equal(again.status, 'done', jobState());
});

test('slow registry (a stall mid-blob): the job shows it is waiting, keys answer within 100 ms, K cancels it, the next pull works', async t => {
	await inRegistryOnly('fault/slow', '1', 2_000_000);
	const idle = await tabLatencies();
	proxy.setRule(onBlobs({kind: 'stall', afterBytes: 64 * 1024}));
	let id: number;
	try {
		id = (await pull(`${proxy.host}/fault/slow:1`)).id;
		await waitFor(() => proxy.stalled(), 'the proxy to hold the blob back', withinEngineTime(15_000), jobState);
		// Running, with the elapsed time counting, and once the engine has gone quiet for 5 s the job says so.
		await app.waitForFrame(frame => job(id)?.status === 'running' && /fault\/slow:1 .*no progress for \d+ seconds · /.test(frame), 'the waiting job on screen', 15_000);
		const shown = app.frame();
		// The UI stays responsive while the engine waits on the registry: Tab moves the focus at once,
		// within 100 ms, or (on a machine too loaded for that, measured before the stall) twice the idle time.
		const during = await tabLatencies();
		t.diagnostic(`keys answered in ${during.map(ms => ms.toFixed(0)).join(', ')} ms during the stall, ${idle.map(ms => ms.toFixed(0)).join(', ')} ms before`);
		assert.ok(during[2]! < Math.max(100, 2 * idle[2]!), `keys answered in ${during.map(ms => ms.toFixed(0)).join(', ')} ms (before the stall: ${idle.map(ms => ms.toFixed(0)).join(', ')} ms)`);
		assert.notEqual(app.frame(), shown);

		while (app.store.getState().focus !== 'jobs') {
			await app.press(keys.tab);
		}

		await app.press(keys.home, 'K');
		const done = await ended(id, 5000);
		// dockerd and Podman give a stalled blob no read timeout of their own that a test can wait for: cancelling is the way out.
		assert.equal(done.status, 'cancelled', jobState());
		await app.waitForFrame(frame => frame.includes('cancelled'), 'cancelled on screen');
	} finally {
		proxy.setRule(() => ({kind: 'pass'}));
	}

	while (app.store.getState().focus !== 'images') {
		await app.press(keys.tab);
	}

	const again = await ended((await pull(`${proxy.host}/fault/slow:1`)).id, withinEngineTime(30_000));
	assert.equal(again.status, 'done', jobState());
});

/** Five Tab presses, each timed to the frame that shows the focus moved (sorted; [2] is the median). */
async function tabLatencies(): Promise<number[]> {
	const answers: number[] = [];
	for (let round = 0; round < 5; round++) {
		const focus = app.store.getState().focus;
		const before = app.frame();
		const sent = performance.now();
		await app.press(keys.tab);
		await waitFor(() => app.store.getState().focus !== focus && app.frame() !== before, 'the focus to move', 2000);
		answers.push(performance.now() - sent);
	}

	return answers.sort((a, b) => a - b);
}

/** The registry's uploads in progress for a repository: a push is under way once one exists. */
function uploads(repository: string): number {
	try {
		return readdirSync(path.join(registry.dir, 'data', 'docker', 'registry', 'v2', 'repositories', repository, '_uploads')).length;
	} catch {
		return 0;
	}
}

/** Waits for the job to end or for a layer to say the engine retries ("Retrying in 5 seconds"). */
async function failedOrRetrying(id: number): Promise<Job> {
	return waitFor(() => {
		const now = job(id);
		if (now?.status !== 'running') {
			return now;
		}

		return now.progress.layers.some(layer => /^Retrying in \d+ seconds?$/.test(layer.status)) ? now : undefined;
	}, 'the job to fail or show the retry', 60_000, jobState);
}

/** What the job said, for the test's diagnostics. */
async function reportedClearly(id: number): Promise<string> {
	const told = await failedOrRetrying(id);
	if (told.status === 'running') {
		await app.waitForFrame(frame => /Retrying in \d+ second/.test(frame), 'the retry on screen');
	} else {
		assert.equal(told.status, 'failed', jobState());
		assert.match(told.error ?? '', connectionFault);
		assert.doesNotMatch(told.error ?? '', /^aborted$|cancelled/);
		// The cause, not an upload's 300-character state token (the containerd store quotes the whole URL).
		assert.doesNotMatch(told.error ?? '', /_state=/);
		await app.waitForFrame(frame => frame.includes((told.error ?? '').slice(0, 40)), 'the reason on screen');
	}

	return told.status === 'running' ? `retrying: ${told.progress.layers.map(layer => layer.status).join(', ')}` : `failed: ${told.error ?? ''}`;
}

const connectionFault = /connection refused|connection reset|EOF|broken pipe|closed|reset by peer|dial tcp/i;

/** Once the registry is back: the job ends well by itself if the engine was still retrying, else the same job again does. */
async function worksAfterRestart(id: number, again: () => Promise<{id: number}>): Promise<void> {
	const last = job(id)?.status === 'running' ? id : (await again()).id;
	assert.equal((await ended(last, 60_000)).status, 'done', jobState());
}

test('registry SIGKILL mid-push: the job reports the lost registry (or the engine\'s retry) clearly, and after a restart the push works', async t => {
	const ref = `${registry.host}/fault/killpush:1`;
	await uniqueImage(ref, 150_000_000);
	const id = (await push(ref)).id;
	await waitFor(() => uploads('fault/killpush') > 0 || job(id)?.status !== 'running', 'the upload under way', withinEngineTime(20_000), jobState);
	assert.equal(job(id)?.status, 'running', `the push was still sending: ${jobState()}`);
	await registry.kill();
	// dockerd retries a layer upload with a back-off ("Retrying in 5 seconds"); either way the job must say what is going on.
	t.diagnostic(await reportedClearly(id));
	await registry.restart();
	await worksAfterRestart(id, () => push(ref));

	const tags = await registryGet(registry.port, '/v2/fault/killpush/tags/list', {auth: [user, password]});
	assert.deepEqual(JSON.parse(tags.body), {name: 'fault/killpush', tags: ['1']});
});

test(...notOn(['podman-4.3'], 'its compat pull reports no bytes while a layer downloads (only "Download complete"), so mid-pull cannot be told from done', 'registry SIGKILL mid-pull: the job reports the lost registry (or the engine\'s retry) clearly, and after a restart the pull works'), async t => {
	await inRegistryOnly('fault/killpull', '1', 150_000_000);
	const ref = `${registry.host}/fault/killpull:1`;
	const id = (await pull(ref)).id;
	await waitFor(() => job(id)?.status !== 'running' || job(id)!.progress.layers.some(layer => layer.status === 'Downloading' && (layer.current ?? 0) > 0), 'the download under way', withinEngineTime(20_000), jobState);
	assert.equal(job(id)?.status, 'running', `the pull was still downloading: ${jobState()}`);
	await registry.kill();
	t.diagnostic(await reportedClearly(id));
	await registry.restart();
	await worksAfterRestart(id, () => pull(ref));

	assert.ok((await docker(['image', 'inspect', ref])).code === 0, 'the image is here');
});
