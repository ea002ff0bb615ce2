// A push whose engine dies: dockerd SIGKILLed while it sends a layer to the bed's registry,
// and the push bar checked against the bytes the engine reports sending.
import assert from 'node:assert/strict';
import {randomBytes} from 'node:crypto';
import {existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {after, before, test} from 'node:test';
import {docker} from '../bed/docker-cli.mjs';
import {startEngine, type TestEngine} from '../bed/engine.mjs';
import {startPodman} from '../bed/podman.mjs';
import {startRegistry, type TestRegistry} from '../bed/registry.mjs';
import {BASE} from '../bed/fixture-names.mjs';
import {createDockerEngine} from '../../source/engine/docker-client.ts';
import {parseHost} from '../../source/engine/endpoint.ts';
import type {AuthConfig} from '../../source/engine/operations.ts';
import type {ProgressMessage} from '../../source/engine/progress-stream.ts';
import {createJobRunner} from '../../source/store/job-runner.ts';
import {applyMessages, emptyProgress, overallFraction, type JobProgress} from '../../source/store/job-progress.ts';
import {initialState} from '../../source/store/state.ts';
import {createStore} from '../../source/store/store.ts';
import {packTar} from '../helpers/image-tar.ts';
import {isPodman, notOnPodman, testEngine, waitFor} from '../helpers/test-engine.ts';

const user = 'stowage';
const password = `Pw-${randomBytes(8).toString('hex')}`;
// Random bytes do not compress: the engine sends all of them, slowly enough to be caught mid-layer.
const bigBytes = 96 * 1024 * 1024;
let registry: TestRegistry;
let work: string;

before(async () => {
	work = mkdtempSync('/tmp/stowage-fault-push-');
	const big = randomBytes(bigBytes);
	writeFileSync(path.join(work, 'big.tar'), await packTar([{name: 'big', body: big}]));
	mkdirSync(path.join(work, 'context'));
	writeFileSync(path.join(work, 'context', 'big'), big);
	writeFileSync(path.join(work, 'context', 'Dockerfile'), `FROM ${BASE}\nCOPY big /big\n`);
	registry = await startRegistry({users: {[user]: password}});
});

after(async () => {
	await registry?.stop();
	rmSync(work, {recursive: true, force: true});
});

const auth = (): AuthConfig => ({username: user, password, serveraddress: registry.host});

async function cli(args: string[], host?: string): Promise<string> {
	const result = await docker(args, {host, env: {DOCKER_BUILDKIT: '0'}});
	assert.equal(result.code, 0, `docker ${args.join(' ')}: ${result.stderr}`);
	return result.stdout.trim();
}

/** An engine of the kind under test, for this file alone: it is the one killed. */
async function ownEngine(): Promise<TestEngine> {
	return isPodman() ? startPodman() : startEngine();
}

/** The daemon's pid: dockerd's pidfile, else the process whose command line names the engine's socket (Podman's service). */
function daemonPid(own: TestEngine): number {
	const pidFile = path.join(own.dir, 'docker.pid');
	if (existsSync(pidFile)) {
		return Number(readFileSync(pidFile, 'utf8'));
	}

	for (const entry of readdirSync('/proc').filter(name => /^\d+$/.test(name))) {
		try {
			const args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
			// Podman itself, not the guard whose command line carries Podman's.
			if (path.basename(args[0] ?? '') === 'podman' && args.includes('service') && args.some(arg => arg.includes(own.socketPath))) {
				return Number(entry);
			}
		} catch {
			// Gone meanwhile.
		}
	}

	throw new Error(`no daemon process for ${own.socketPath}`);
}

/** The bytes the registry has received so far into uploads (blobs being pushed) under `repository`. */
function uploadedBytes(repository: string): number {
	const uploads = path.join(registry.dir, 'data', 'docker', 'registry', 'v2', 'repositories', repository, '_uploads');
	if (!existsSync(uploads)) {
		return 0;
	}

	return readdirSync(uploads).reduce((sum, upload) => {
		try {
			return sum + statSync(path.join(uploads, upload, 'data')).size;
		} catch {
			return sum;
		}
	}, 0);
}

test('engine SIGKILL during push: the job says the connection to the engine was reset, not "aborted" (a cancel)', async () => {
	const own = await ownEngine();
	const engine = createDockerEngine(parseHost(own.host));
	try {
		const repository = `${registry.host}/fault/killed`;
		await cli(['import', path.join(work, 'big.tar'), `${repository}:v1`], own.host);
		await engine.connect();
		const store = createStore(initialState(own.host));
		const jobs = createJobRunner(store, engine.endpoint, () => {});
		const pid = daemonPid(own);
		const finished = jobs.start('push', `push ${repository}:v1`, async (signal, report) => {
			await engine.push(repository, 'v1', auth(), report.progress, signal);
			return undefined;
		});
		// Mid-layer by the registry's own count (Podman's push reports no bytes): a MiB of the layer is in.
		const killedAt = await waitFor(() => {
			const bytes = uploadedBytes('fault/killed');
			return bytes >= 1024 * 1024 && bytes;
		}, 'the first MiB of the layer at the registry', 30_000);
		process.kill(pid, 'SIGKILL');
		assert.equal(await finished, false);
		assert.ok(killedAt < bigBytes, `killed at ${killedAt}`);
		const job = store.getState().jobs[0]!;
		assert.equal(job.status, 'failed');
		// As save, load and build say it (describeError's words for the socket's ECONNRESET).
		assert.equal(job.error, `the connection was reset (${own.socketPath})`);
	} finally {
		engine.close();
		await own.stop();
	}
});

test(...notOnPodman('its compat push sends no per-layer progress', 'a real push of a 96 MB layer beside one that already exists: the bar never claims more than the bytes sent'), async () => {
	const engine = testEngine();
	const repository = `${registry.host}/fault/bar`;
	const base = `${registry.host}/fault/base:v1`;
	const made = [base, `${repository}:v1`];
	try {
		await engine.connect();
		await cli(['tag', BASE, base]);
		await engine.push(`${registry.host}/fault/base`, 'v1', auth(), () => {}, new AbortController().signal);
		// Two layers: the base's, already in the registry, and 96 MB of new bytes.
		await cli(['build', '-q', '-t', `${repository}:v1`, path.join(work, 'context')]);
		let progress: JobProgress = emptyProgress;
		// The test's own count of each layer's size, from the lines themselves.
		const sizes = new Map<string, number>();
		const claims: string[] = [];
		let samples = 0;
		await engine.push(repository, 'v1', auth(), (message: ProgressMessage) => {
			progress = applyMessages(progress, [message]);
			if (message.id !== undefined && message.total) {
				sizes.set(message.id, Math.max(message.total, sizes.get(message.id) ?? 0));
			}

			if (!progress.layers.some(layer => layer.status.startsWith('Pushing') && layer.total)) {
				return;
			}

			// Bytes sent over the bytes the engine said there were (a layer that exists costs none).
			const sent = progress.layers.reduce((sum, layer) => sum + (layer.status.startsWith('Pushing') ? Math.min(layer.current ?? 0, layer.total ?? 0) : (layer.status === 'Pushed' ? sizes.get(layer.id) ?? 0 : 0)), 0);
			const known = [...sizes.values()].reduce((sum, size) => sum + size, 0);
			samples++;
			if (overallFraction(progress)! > sent / known + 1e-9) {
				claims.push(`${overallFraction(progress)} with ${sent} of ${known} bytes sent: ${JSON.stringify(progress.layers)}`);
			}
		}, new AbortController().signal);
		assert.ok(samples > 0, 'no Pushing line seen');
		assert.deepEqual(claims, []);
		assert.ok(progress.layers.some(layer => /^(Layer already exists|Mounted from)/.test(layer.status)), JSON.stringify(progress.layers));
		assert.equal(overallFraction(progress), 1);
	} finally {
		engine.close();
		await docker(['rmi', ...made]);
	}
});
