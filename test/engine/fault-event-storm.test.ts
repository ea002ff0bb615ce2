// Fault injection: an event storm. 340 tag and untag calls, 24 at a time, paced over ~6 s
// (as a script retagging a registry's worth of images sends them), against the engine
// under test; the controller's list must never fall more than ~1 s behind (plus the time the engine
// itself takes for one list call, seconds on the containerd store under load), and must end equal.
import assert from 'node:assert/strict';
import http from 'node:http';
import {after, before, test} from 'node:test';
import {BASE} from '../bed/fixture-names.mjs';
import {docker} from '../bed/docker-cli.mjs';
import {createController, type Controller} from '../../source/store/controller.ts';
import {toRows} from '../../source/store/image-rows.ts';
import {initialState} from '../../source/store/state.ts';
import {createStore, type Store} from '../../source/store/store.ts';
import {notOn} from '../helpers/engine-matrix.ts';
import {testEngine, testHost, waitFor, withinEngineTime} from '../helpers/test-engine.ts';

const repository = 'stowage-storm';
const count = 170;
const parallel = 24;
/** The README's promise: the view is never more than a second behind (Podman lists 4x slower, see withinEngineTime). */
const behindMs = withinEngineTime(1000);
/** Each phase lasts ~3 times the allowed lag (~3 s on dockerd: one call every 17 ms, far closer than the old 100 ms quiet gap). */
const paceMs = Math.ceil((behindMs * 2.8) / count);

let store: Store;
const listMs: number[] = [];
let controller: Controller | undefined;
const agent = new http.Agent({keepAlive: true, maxSockets: parallel});
const socketPath = testHost().replace(/^unix:\/\//, '');

const shown = () => store.getState().images.flatMap(image => image.repoTags).filter(tag => tag.includes(`${repository}:`)).length;
const live = () => {
	const {connection} = store.getState();
	return connection.status === 'connected' && connection.eventsLive && store.getState().imagesLoaded;
};

function call(method: string, path: string): Promise<void> {
	return new Promise((resolve, reject) => {
		const request = http.request({socketPath, agent, method, path}, response => {
			response.resume();
			response.on('end', () => (response.statusCode! < 300 ? resolve() : reject(new Error(`${method} ${path}: ${response.statusCode}`))));
		});
		request.on('error', reject);
		request.end();
	});
}

/** Runs the calls paced and `parallel` at a time; records when each started and ended. */
async function storm(calls: Array<() => Promise<void>>, onDone: (index: number) => void, onStart: (index: number) => void) {
	const start = Date.now();
	let next = 0;
	const worker = async () => {
		while (next < calls.length) {
			const index = next++;
			const wait = start + index * paceMs - Date.now();
			if (wait > 0) {
				await new Promise(resolve => setTimeout(resolve, wait));
			}

			onStart(index);
			await calls[index]!();
			onDone(index);
		}
	};

	await Promise.all(Array.from({length: parallel}, worker));
}

before(async () => {
	store = createStore(initialState(testHost()));
	const engine = testEngine();
	// How long each list call takes the engine: under the storm the containerd image store answers in seconds.
	controller = createController({...engine, async listImages(options) {
		const started = Date.now();
		try {
			return await engine.listImages(options);
		} finally {
			listMs.push(Date.now() - started);
		}
	}}, store);
	await controller.start();
	await waitFor(live, 'the controller connected, events live', 10_000);
});

after(async () => {
	controller?.stop();
	agent.destroy();
	// However the test ended, none of its tags stay on the shared engine.
	const left = await docker(['images', '--format', '{{.Repository}}:{{.Tag}}', repository]);
	const tags = left.stdout.split('\n').filter(Boolean);
	if (tags.length > 0) {
		await docker(['rmi', ...tags]);
	}
});

/**
 * Samples the list every 50 ms while `phase` runs. Each phase moves the count one way, so
 * a sample is on time if it shows at least what had finished `behindMs` earlier (rising)
 * or at most what had not yet started then (falling).
 */
async function checkPhase(name: string, rising: boolean, calls: Array<() => Promise<void>>) {
	const done: number[] = [];
	const started: number[] = [];
	const samples: Array<{at: number; shown: number}> = [];
	const base = shown();
	listMs.length = 0;
	const sampler = setInterval(() => samples.push({at: Date.now(), shown: shown()}), 50);
	const began = Date.now();
	try {
		await storm(calls, () => done.push(Date.now()), () => started.push(Date.now()));
	} finally {
		clearInterval(sampler);
	}

	const took = Date.now() - began;
	// What the throttle can promise: a second, plus the one list call the engine itself took longest over.
	const slowest = Math.max(0, ...listMs);
	const allowed = behindMs + slowest;
	const late = samples.filter(sample => {
		const by = sample.at - allowed;
		if (rising) {
			const finished = done.filter(at => at <= by).length;
			return sample.shown - base < finished;
		}

		const notStarted = calls.length - started.filter(at => at <= by).length;
		return sample.shown > notStarted;
	});
	console.log(`# ${name}: ${calls.length} calls in ${took} ms, ${listMs.length} list calls (slowest ${slowest} ms), ${samples.length} samples, ${late.length} more than ${allowed} ms behind`);
	assert.ok(took > 2 * behindMs, `the storm lasts long enough to tell (${took} ms)`);
	assert.ok(listMs.length >= 3, `the list refreshed during the storm, not only after it (${listMs.length} calls)`);
	assert.deepEqual(late.slice(0, 5), [], `the list fell more than ${allowed} ms behind during the ${name}: samples (time, shown) ${samples.map(sample => `${sample.at - began}:${sample.shown}`).join(' ')}`);
}

// Measured on Podman 4.3: 170 tag calls, 24 at a time, all answered 201 with 171 tag events, and 13 tags listed
// 5 s later: concurrent tags overwrite each other in its storage, so calls made are no measure of what it holds.
test(...notOn(['podman-4.3'], 'it loses tags set 24 at a time (170 answered 201, 13 listed)', 'fault event storm: 170 tags then 170 untags, 24 at a time over ~6 s; the list is never more than ~1 s behind, and ends equal to docker images'), async () => {
	const names = Array.from({length: count}, (_, index) => `t${index}`);
	await checkPhase('tag storm', true, names.map(tag => () => call('POST', `/images/${encodeURIComponent(BASE)}/tag?repo=${repository}&tag=${tag}`)));
	await waitFor(() => shown() === count, 'all tags shown after the storm', behindMs, () => `shown ${shown()}`);
	await checkPhase('untag storm', false, names.map(tag => () => call('DELETE', `/images/${repository}:${tag}`)));
	await waitFor(() => shown() === 0, 'no tag left shown after the untag storm', behindMs, () => `shown ${shown()}`);
	// And the whole list equals what the docker CLI lists.
	const cli = await docker(['images', '--format', '{{.Repository}}:{{.Tag}}']);
	// Rows as the list draws them: an image with a digest but no tag is `repo <none>`, as docker lists it.
	const ours = toRows(store.getState().images).map(row => `${row.repository}:${row.tag}`);
	const normal = (tags: string[]) => tags.map(tag => tag.replace(/^localhost\//, '').replace(/^docker\.io\/library\//, '')).sort();
	assert.deepEqual(normal(ours), normal(cli.stdout.split('\n').filter(Boolean)));
});
