// The layer-history pane's fetch for the tag under the registry browser's cursor
// (source/store/registry-history.ts), against the real registry behind a loopback proxy
// paced to 1 kB/s, so that a manifest takes about a second: moving on cancels the fetch in
// flight (its config blob is never asked for, nothing of it is shown), and the tag the
// cursor stopped on gets its history.
import assert from 'node:assert/strict';
import {randomBytes} from 'node:crypto';
import {readFileSync} from 'node:fs';
import {after, before, test} from 'node:test';
import {startRegistry, type TestRegistry} from '../bed/registry.mjs';
import {RegistryClient} from '../../source/engine/registry/client.ts';
import {createRegistryHistory} from '../../source/store/registry-history.ts';
import {initialState} from '../../source/store/state.ts';
import {createStore} from '../../source/store/store.ts';
import {startPacedTcpProxy} from '../helpers/paced-proxy.ts';
import {basicAuthorize, Pusher, type PushedImage} from '../helpers/registry-fixtures.ts';

const user = 'stowage';
const password = `Pw-${randomBytes(8).toString('hex')}`;
let registry: TestRegistry;
let proxy: {port: number; stop(): Promise<void>};
let first: PushedImage;
let second: PushedImage;

before(async () => {
	registry = await startRegistry({users: {[user]: password}, accessLog: true});
	const pusher = new Pusher(registry.port, basicAuthorize(user, password));
	first = await pusher.image('team/app', 'v1', {history: ['/bin/sh -c #(nop) ADD file:one in /', '/bin/sh -c echo first']});
	second = await pusher.image('team/app', 'v2', {history: ['/bin/sh -c #(nop) ADD file:two in /', '/bin/sh -c echo second']});
	proxy = await startPacedTcpProxy({host: '127.0.0.1', port: registry.port}, 1000);
});

after(async () => {
	await proxy?.stop();
	await registry?.stop();
});

const blobGets = (digest: string) => readFileSync(registry.log, 'utf8').split('\n').filter(line => line.includes(`GET /v2/team/app/blobs/${digest}`)).length;

test('moving the cursor on cancels the history fetch in flight; the tag it stops on gets its history', async () => {
	const host = `127.0.0.1:${proxy.port}`;
	const client = new RegistryClient({registry: host, credentials: () => Promise.resolve({username: user, password, serveraddress: host})});
	await client.ping();
	const store = createStore(initialState('test'));
	const shown: Array<{tag: string; entries: number; error?: string}> = [];
	store.subscribe((state, previous) => {
		const history = state.registry?.history;
		if (history && history !== previous.registry?.history && (history.entries || history.error)) {
			shown.push({tag: history.tag, entries: history.entries?.length ?? 0, error: history.error});
		}
	});
	const history = createRegistryHistory(store, () => Promise.resolve(client), error => (error as Error).message);
	try {
		store.dispatch({type: 'registryOpen', registry: host});
		store.dispatch({type: 'registryTags', repository: 'team/app', items: ['v1', 'v2'], append: false});
		// v1's fetch starts 40 ms after the cursor stops there; its manifest takes ~1 s through the proxy.
		await new Promise(resolve => setTimeout(resolve, 400));
		const cancelledAt = performance.now();
		store.dispatch({type: 'registryMove', delta: 1});
		const deadline = performance.now() + 15_000;
		while (!shown.some(each => each.tag === 'v2') && performance.now() < deadline) {
			await new Promise(resolve => setTimeout(resolve, 50));
		}

		// Long enough for v1's config blob to have been asked for, had its fetch gone on.
		await new Promise(resolve => setTimeout(resolve, 1500));
		assert.deepEqual(shown, [{tag: 'v2', entries: 2, error: undefined}], 'only the tag the cursor stopped on');
		assert.ok(performance.now() - cancelledAt < 15_000);
		assert.equal(blobGets(first.config.digest), 0, 'the cancelled fetch never asked for its config blob');
		assert.equal(blobGets(second.config.digest), 1);
	} finally {
		history.stop();
		client.close();
	}
});
