// Fault injection: the engine is killed (SIGKILL) while a job streams: pull, push, build,
// save, load, a deep scan's export and a copy to another engine. Each job must end with a
// message that says the connection was lost (not "aborted", never a stack trace), leave
// nothing on disk, and the engine must serve again once restarted. One engine of this
// file's own, killed and restarted between the cases; one registry for pull and push.
import assert from 'node:assert/strict';
import {randomBytes} from 'node:crypto';
import {mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {after, before, beforeEach, describe, test} from 'node:test';
import {docker} from '../bed/docker-cli.mjs';
import {startRegistry, type TestRegistry} from '../bed/registry.mjs';
import {createDockerEngine} from '../../source/engine/docker-client.ts';
import {parseHost} from '../../source/engine/endpoint.ts';
import type {Engine} from '../../source/engine/engine.ts';
import {copyImages} from '../../source/engine/image-copy.ts';
import type {AuthConfig} from '../../source/engine/operations.ts';
import {createJobRunner, type JobBody} from '../../source/store/job-runner.ts';
import {initialState} from '../../source/store/state.ts';
import {createStore} from '../../source/store/store.ts';
import {startKillableEngine, type KillableEngine} from '../helpers/killable-engine.ts';
import {importRandomImage} from '../helpers/engine-images.ts';
import {testEngine} from '../helpers/test-engine.ts';

const user = 'fault';
const password = 'fault-pass';
const big = 'stowage-fault-big:1';
/** What a job says when the engine went away under it. */
const lostWording = /^(reading the archive failed: )?(the connection was reset|the connection was closed|connection refused on |no socket at |the connection to the engine was lost)/;

let engine: KillableEngine;
let registry: TestRegistry;
let work: string;
let archive: string;
let client: Engine;
const auth = (): AuthConfig => ({username: user, password, serveraddress: registry.host});
const remote = () => `${registry.host}/fault/big`;

/** An image with one 40 MB layer of random bytes: long enough to stream that a kill lands mid-way. */
async function importBig(host: string, reference: string) {
	await importRandomImage(host, reference, 40 * 1024 * 1024);
}

/**
 * Runs `body` as stowage runs a job, killing the engine at its first sign of progress
 * (`kill` is handed to the body to call there); returns the job's final message.
 */
async function jobKilledMidway(kind: 'pull' | 'push' | 'build' | 'save' | 'load' | 'copy' | 'scan', body: (kill: () => void) => JobBody): Promise<string> {
	const store = createStore(initialState(engine.host));
	const jobs = createJobRunner(store, client.endpoint, () => {});
	let killed: Promise<void> | undefined;
	const kill = () => {
		killed ??= engine.kill();
	};

	const ok = await jobs.start(kind, kind, body(kill));
	assert.ok(killed, 'the engine was killed while the job ran');
	await killed;
	const job = store.getState().jobs[0]!;
	assert.equal(ok, false, `the job failed: ${JSON.stringify(job)}`);
	assert.equal(job.status, 'failed');
	return job.error ?? '';
}

function assertLost(message: string) {
	console.log(`# job message: ${message}`);
	assert.match(message, lostWording, `says the connection was lost: ${message}`);
	assert.doesNotMatch(message, /aborted|\bat .*\.(ts|js):\d|Error:/, `no "aborted", no stack: ${message}`);
}

/** The engine restarted, and serving: it lists the big image again (after `restore`, when given). */
async function recover(restore?: () => Promise<void>) {
	await engine.start();
	await restore?.();
	client.close();
	client = createDockerEngine(parseHost(engine.host));
	await client.connect();
	const images = await client.listImages();
	assert.ok(images.some(image => image.repoTags.includes(big)), 'the engine serves its images again');
}

before(async () => {
	work = mkdtempSync('/tmp/stowage-fault-jobs-');
	[engine, registry] = await Promise.all([startKillableEngine(), startRegistry({users: {[user]: password}})]);
	await importBig(engine.host, big);
	archive = path.join(work, 'big.tar');
	const saved = await docker(['save', '-o', archive, big], {host: engine.host});
	assert.equal(saved.code, 0, saved.stderr);
	client = createDockerEngine(parseHost(engine.host));
	await client.connect();
	// In the registry for the pull case.
	await client.tag(big, remote(), '1');
	await client.push(remote(), '1', auth(), () => {}, new AbortController().signal);
});

after(async () => {
	client?.close();
	await engine?.dispose();
	await registry?.stop();
	rmSync(work, {recursive: true, force: true});
});

describe('the engine killed while a job streams', () => {
	// A case that failed before its recovery must not fail the next ones.
	beforeEach(async () => {
		if (!engine.running()) {
			await recover();
		}
	});

	test('engine SIGKILL during save: "connection lost", no file and no temp file beside the target, then recovery', async () => {
		const dir = path.join(work, 'save');
		mkdirSync(dir);
		const message = await jobKilledMidway('save', kill => async signal => {
			await client.save([big], path.join(dir, 'big.tar'), () => kill(), signal);
			return undefined;
		});
		assertLost(message);
		assert.deepEqual(readdirSync(dir), [], 'nothing left beside the target');
		await recover();
	});

	test('engine SIGKILL during load: "connection lost", then recovery', async () => {
		assertLost(await jobKilledMidway('load', kill => async signal => {
			await client.load(archive, () => kill(), () => kill(), signal);
			return undefined;
		}));
		await recover();
	});

	test('engine SIGKILL during build (classic, while the context uploads): "connection lost", then recovery', async () => {
		const context = path.join(work, 'context');
		mkdirSync(context);
		writeFileSync(path.join(context, 'Dockerfile'), `FROM ${big}\nCOPY data.bin /data.bin\n`);
		writeFileSync(path.join(context, 'data.bin'), randomBytes(32 * 1024 * 1024));
		assertLost(await jobKilledMidway('build', kill => async signal => {
			await client.build({contextDir: context, tags: ['stowage-fault-built:1'], noCache: true, buildArgs: {}, builder: 'classic'}, () => kill(), () => kill(), signal);
			return undefined;
		}));
		await recover();
	});

	test('engine SIGKILL during pull (from the test registry): "connection lost", then recovery', async () => {
		// Nothing of the image stays local, so its 40 MB layer has to download and the kill lands in it:
		// with the layer present the pull is a manifest read, done before a kill on a busy machine.
		assert.equal((await docker(['rmi', `${remote()}:1`, big], {host: engine.host})).code, 0);
		assertLost(await jobKilledMidway('pull', kill => async signal => {
			await client.pull(`${remote()}:1`, auth(), message => {
				if (message.status === 'Downloading' || message.current) {
					kill();
				}
			}, signal);
			return undefined;
		}));
		// The big image back as it was (same ID, from its saved archive), for the tests after this one.
		await recover(async () => {
			const loaded = await docker(['load', '-i', archive], {host: engine.host});
			assert.equal(loaded.code, 0, loaded.stderr);
		});
	});

	test('engine SIGKILL during push (to the test registry): "connection lost", then recovery', async () => {
		await importBig(engine.host, 'stowage-fault-push:1');
		await client.tag('stowage-fault-push:1', `${registry.host}/fault/push`, '1');
		assertLost(await jobKilledMidway('push', kill => async signal => {
			await client.push(`${registry.host}/fault/push`, '1', auth(), message => {
				// Kill once bytes move, not on "The push refers to…".
				if (message.status === 'Pushing' || message.current) {
					kill();
				}
			}, signal);
			return undefined;
		}));
		await recover();
	});

	test('engine SIGKILL during a deep scan\'s export (a / analyze): "connection lost", then recovery', async () => {
		assertLost(await jobKilledMidway('scan', kill => async signal => {
			const stream = await client.exportImage(big, signal);
			for await (const chunk of stream) {
				void chunk;
				kill();
			}

			return undefined;
		}));
		await recover();
	});

	test('engine SIGKILL during a copy to another engine (the source killed): "connection lost", nothing half-loaded on the target, then recovery', async () => {
		const target = testEngine();
		try {
			await target.connect();
			assertLost(await jobKilledMidway('copy', kill => async signal => {
				await copyImages(client, target, [big], () => undefined, () => kill(), signal);
				return undefined;
			}));
			const images = await target.listImages();
			assert.ok(!images.some(image => image.repoTags.includes(big)), 'the target did not get a half image under the name');
		} finally {
			target.close();
		}

		await recover();
	});
});
