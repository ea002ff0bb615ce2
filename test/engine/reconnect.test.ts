// The event stream and the controller across a real daemon restart: an engine of
// this file's own is stopped (SIGTERM) and started again on the same socket path
// and data-root, as `systemctl restart docker` would.
import assert from 'node:assert/strict';
import {rmSync} from 'node:fs';
import {after, before, describe, test} from 'node:test';
import {docker} from '../bed/docker-cli.mjs';
import {startEngine, type TestEngine} from '../bed/engine.mjs';
import {createDockerEngine} from '../../source/engine/docker-client.ts';
import {parseHost} from '../../source/engine/endpoint.ts';
import type {Engine} from '../../source/engine/engine.ts';
import type {EngineEvent} from '../../source/engine/types.ts';
import {createController, type Controller} from '../../source/store/controller.ts';
import {initialState} from '../../source/store/state.ts';
import {createStore, type Store} from '../../source/store/store.ts';
import {importImage} from '../helpers/engine-images.ts';
import {waitFor} from '../helpers/test-engine.ts';

const beforeRef = 'stowage-reconnect:before';
const afterRef = 'stowage-reconnect:after';

let engine: TestEngine | undefined;
let dir: string | undefined;
let socketPath: string;
let host: string;

// The event stream, followed by hand.
let client: Engine | undefined;
let stopWatching: (() => void) | undefined;
const events: EngineEvent[] = [];
let connects = 0;
const disconnects: string[] = [];

// The controller path, as the UI runs it.
let store: Store;
let controller: Controller | undefined;

const tags = () => store.getState().images.flatMap(image => image.repoTags);
const state = () => JSON.stringify({connection: store.getState().connection, tags: tags(), listError: store.getState().listError}, null, 1);
const seen = () => `connects ${connects}, disconnects ${JSON.stringify(disconnects)}\n${events.map(event => `${event.type} ${event.action} ${event.attributes.name ?? event.id}`).join('\n')}`;

before(async () => {
	// keepDir: stop() leaves the data-root and socket dir for the restart.
	engine = await startEngine({keepDir: true});
	dir = engine.dir;
	socketPath = engine.socketPath;
	host = engine.host;
	await importImage(host, beforeRef);

	client = createDockerEngine(parseHost(host));
	await client.connect();
	stopWatching = client.watchEvents({
		onEvent: event => events.push(event),
		onConnected() {
			connects++;
		},
		onDisconnected(reason) {
			disconnects.push(reason);
		},
	});

	store = createStore(initialState(host));
	controller = createController(createDockerEngine(parseHost(host)), store);
	controller.start();
});

after(async () => {
	stopWatching?.();
	client?.close();
	controller?.stop();
	await engine?.stop();
	// The first engine left it for the restart; normally the second removed it already.
	if (dir) {
		rmSync(dir, {recursive: true, force: true});
	}
});

describe('across a daemon restart on the same socket', () => {
	test('first: the stream is connected and the controller lists the images', async () => {
		await waitFor(() => connects === 1, 'the event stream', 5000, seen);
		await waitFor(() => {
			const {connection} = store.getState();
			return connection.status === 'connected' && connection.eventsLive && tags().includes(beforeRef);
		}, 'the controller connected, live, with the image listed', 5000, state);
	});

	test('the engine stops: onDisconnected, and the store says the engine is unreachable', async () => {
		await engine!.stop();
		engine = undefined;
		// The stream breaks when dockerd exits; the first retry (after 250 ms) finds no daemon and says so.
		await waitFor(() => disconnects.length >= 2, 'onDisconnected, then a failed retry', 5000, seen);
		assert.match(disconnects[0]!, /^(the connection was reset|the connection was closed|event stream ended)/, seen());
		// dockerd removes its socket on the way out; while it is gone the reason is the one the UI shows for a missing daemon.
		const down = disconnects[1]!;
		assert.ok(down === `no socket at ${socketPath} (is the Docker daemon running?)` || down.startsWith(`connection refused on ${socketPath} `), seen());
		// The stream ending makes the controller ping the engine: no answer, so it is unreachable (the list kept, stale).
		await waitFor(() => {
			const {connection} = store.getState();
			return connection.status === 'failed' && connection.error.includes(socketPath) && store.getState().staleSince !== undefined && tags().includes(beforeRef);
		}, 'the engine unreachable in the store, with the reason, the list kept and marked stale', 5000, state);
	});

	test('a new engine on the same socket and data-root: onConnected again, and a tag after the restart arrives as an event', async () => {
		engine = await startEngine({dir});
		assert.equal(engine.socketPath, socketPath, 'the same socket path');
		// The stream retries with a growing delay (250 ms doubling, at most 5 s).
		await waitFor(() => connects >= 2, 'onConnected after the restart', 10_000, seen);
		const tagged = await docker(['tag', beforeRef, afterRef], {host});
		assert.equal(tagged.code, 0, tagged.stderr);
		await waitFor(() => events.some(event => event.type === 'image' && event.action === 'tag' && event.attributes.name === afterRef), 'the tag event from the new engine', 5000, seen);
	});

	test('the controller shows the image list again: events live, the image from before (same data-root) and the new tag', async () => {
		await waitFor(() => {
			const {connection} = store.getState();
			return connection.status === 'connected' && connection.eventsLive && connection.eventsError === undefined && tags().includes(beforeRef) && tags().includes(afterRef);
		}, 'the controller live again with both tags', 10_000, state);
		assert.equal(store.getState().listError, undefined);
	});
});
