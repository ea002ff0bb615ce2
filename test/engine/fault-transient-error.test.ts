// Fault injection: a transient engine error. dockerd 20.10 refuses a second GET /system/df
// while one runs ("engine error 500: a disk usage operation is already running"), as it does
// when another client's `docker system df` comes at the same moment. There it is provoked for
// real, by a client of the test's own that keeps df requests running. Newer dockerd (23+)
// shares one df between callers and Podman has no such lock, so on them a fake stands in:
// the engine's diskUsage() throws the same 500 (the real part cannot produce it on demand).
import assert from 'node:assert/strict';
import http from 'node:http';
import {after, before, describe, test} from 'node:test';
import {BASE} from '../bed/fixture-names.mjs';
import {docker} from '../bed/docker-cli.mjs';
import type {Engine} from '../../source/engine/engine.ts';
import {toRows} from '../../source/store/image-rows.ts';
import {engineName} from '../helpers/engine-matrix.ts';
import {keys, renderApp, type RenderedApp} from '../helpers/render-app.tsx';
import {testEngine, testHost, withinEngineTime} from '../helpers/test-engine.ts';

const container = 'stowage-transient-ctr';
const busy = 'a disk usage operation is already running';
const real = engineName() === 'docker-20.10';

/** The fault on, then off: real df requests hogging dockerd 20.10's lock, or the fake's switch. */
type Fault = {start(): void; stop(): Promise<void>};

function hog(): Fault {
	const socketPath = testHost().replace(/^unix:\/\//, '');
	const agent = new http.Agent({keepAlive: true, maxSockets: 8});
	let running = false;
	let workers: Array<Promise<void>> = [];
	const df = () => new Promise<void>(resolve => {
		const request = http.request({socketPath, path: '/system/df', agent}, response => {
			response.resume();
			response.on('end', resolve);
		});
		request.on('error', () => resolve());
		request.end();
	});
	return {
		start() {
			running = true;
			// Measured: with 8 of these looping, 95 to 97 % of another client's df calls get the 500.
			workers = Array.from({length: 8}, async () => {
				while (running) {
					await df();
				}
			});
		},
		async stop() {
			running = false;
			await Promise.all(workers);
			agent.destroy();
		},
	};
}

function fakeBusy(engine: Engine): {engine: Engine; fault: Fault} {
	let failing = false;
	const wrapped: Engine = {
		...engine,
		async diskUsage() {
			if (failing) {
				// What docker-modem rejects with for that answer.
				throw Object.assign(new Error(`(HTTP code 500) server error - ${busy}`), {statusCode: 500, json: {message: busy}});
			}

			return engine.diskUsage();
		},
	};
	return {engine: wrapped, fault: {start: () => { failing = true; }, stop: async () => { failing = false; }}};
}

let app: RenderedApp | undefined;
let fault: Fault;

const usageContainers = (frame: string) => Number(/^.*│?\s*Containers\s+(\d+)\s+\d+\s/m.exec(frame.split('\n').filter(line => /Containers\s+\d+\s+\d+/.test(line)).join('\n'))?.[1] ?? Number.NaN);
const stale = (frame: string) => frame.includes('─ Disk usage ─ stale (retrying): engine error 500: a disk usage');
/** CTRS of the base image's row, as the list computes it from the disk usage. */
const ctrs = () => {
	const state = app!.store.getState();
	return toRows(state.images, state.usage).find(row => `${row.repository.replace(/^localhost\//, '')}:${row.tag}` === BASE)?.containers;
};

async function removeContainer() {
	await docker(['rm', '-f', container]);
}

before(async () => {
	await removeContainer();
	let engine = testEngine();
	if (real) {
		fault = hog();
	} else {
		({engine, fault} = fakeBusy(engine));
	}

	app = renderApp(engine, 160, 40);
	await app.waitForFrame(frame => Number.isFinite(usageContainers(frame)) && ctrs() !== undefined, 'the disk usage pane with its numbers', withinEngineTime(10_000));
});

after(async () => {
	await fault?.stop();
	app?.unmount();
	await removeContainer();
});

describe(`a transient 500 from GET /system/df (${real ? 'real: dockerd 20.10 provoked by concurrent df calls' : 'a fake stands in: this engine has no df lock'})`, () => {
	test('fault engine error 500 "a disk usage operation is already running" during a refresh: the pane keeps the last numbers, marked stale, and recovers by itself without an event', async () => {
		const before = usageContainers(app!.frame());
		const ctrsBefore = ctrs()!;
		fault.start();
		// A container event refreshes the list and the usage; the df part meets the busy engine.
		assert.equal((await docker(['create', '--name', container, BASE, 'true'])).code, 0);
		// With the real lock, ~1 call in 20 slips between the hog's: Ctrl-R asks again until one meets it.
		let frame = '';
		const deadline = Date.now() + 10_000;
		while (!stale(frame = app!.frame())) {
			assert.ok(Date.now() < deadline, `the pane marked stale within 10 s:\n${frame}`);
			await app!.press(keys.ctrlR);
			await new Promise(resolve => setTimeout(resolve, 100));
		}

		assert.ok(Number.isFinite(usageContainers(frame)), `the last numbers still shown beside the error:\n${frame}`);
		assert.doesNotMatch(frame, /^\s*engine error 500/m, 'the error does not replace the pane');
		await fault.stop();
		// No event and no key from here: the retry alone brings the new numbers.
		await app!.waitForFrame(now => !stale(now) && usageContainers(now) === before + 1 && ctrs() === Math.max(ctrsBefore, 0) + 1, 'the pane current again, with the new container counted', withinEngineTime(10_000));
	});

	test('fault after the transient error: CTRS and the disk usage still follow docker rm and docker create', async () => {
		const before = usageContainers(app!.frame());
		const ctrsBefore = ctrs()!;
		await removeContainer();
		await app!.waitForFrame(frame => usageContainers(frame) === before - 1 && ctrs() === ctrsBefore - 1, 'docker rm followed', withinEngineTime(3000));
		assert.equal((await docker(['create', '--name', container, BASE, 'true'])).code, 0);
		await app!.waitForFrame(frame => usageContainers(frame) === before && ctrs() === ctrsBefore, 'docker create followed', withinEngineTime(3000));
		await removeContainer();
		await app!.waitForFrame(frame => usageContainers(frame) === before - 1 && ctrs() === ctrsBefore - 1, 'docker rm followed again', withinEngineTime(3000));
	});
});
