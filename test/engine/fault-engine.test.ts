// Fault injection: the engine dies (SIGKILL) or is restarted (SIGTERM) under a running UI.
// An engine of this file's own is killed and started again on the same socket and
// data-root; the whole UI (App, controller, store) runs against it in a fake terminal.
import assert from 'node:assert/strict';
import {after, before, describe, test} from 'node:test';
import {docker} from '../bed/docker-cli.mjs';
import {createDockerEngine} from '../../source/engine/docker-client.ts';
import {parseHost} from '../../source/engine/endpoint.ts';
import {importImage} from '../helpers/engine-images.ts';
import {startKillableEngine, type KillableEngine} from '../helpers/killable-engine.ts';
import {renderApp, rowOf, type RenderedApp} from '../helpers/render-app.tsx';
import {waitFor} from '../helpers/test-engine.ts';

const base = 'stowage-fault:base';

let engine: KillableEngine | undefined;
let app: RenderedApp | undefined;

const header = () => app!.frame().split('\n')[0] ?? '';
const imagesTitle = () => app!.frame().split('\n').find(line => line.includes('Images')) ?? '';
const live = () => /● connected · live/.test(header()) || /connected · live/.test(header());
const versionShown = (frame: string) => /(Docker|Podman) \S+ \(API [\d.]+\)/.test(frame.split('\n')[0] ?? '');

async function tag(reference: string) {
	const tagged = await docker(['tag', base, reference], {host: engine!.host});
	assert.equal(tagged.code, 0, tagged.stderr);
}

/** The UI back after a restart: live events, the version in the header, and `reference` (tagged since) listed. */
async function waitForRecovery(reference: string, within: number) {
	await app!.waitForFrame(frame => live() && versionShown(frame) && rowOf(frame, reference) !== undefined && !imagesTitle().includes('stale'), `connected, live, version shown, ${reference} listed, not stale`, within);
}

before(async () => {
	engine = await startKillableEngine();
	await importImage(engine.host, base);
	app = renderApp(createDockerEngine(parseHost(engine.host)), 160, 40);
	await app.waitForFrame(frame => live() && rowOf(frame, base) !== undefined, 'the UI connected and live, with the image', 10_000);
});

after(async () => {
	app?.unmount();
	await engine?.dispose();
});

describe('the engine dies under an idle UI', () => {
	test('engine SIGKILL with the UI idle: the header says unreachable with the reason within 2 s; the list stays, dimmed, marked stale', async () => {
		const killedAt = Date.now();
		await engine!.kill();
		const frame = await app!.waitForFrame(() => /● unreachable: connection refused on /.test(header()), 'the header saying unreachable, and why', 2000 - (Date.now() - killedAt));
		console.log(`# unreachable shown ${Date.now() - killedAt} ms after the SIGKILL`);
		assert.ok(rowOf(frame, base), 'the last list is still shown');
		assert.match(imagesTitle(), /Images \d+ · stale since \d\d:\d\d:\d\d \(engine unreachable\)/);
		assert.doesNotMatch(frame, /Cannot reach the Docker engine/, 'not the start-up screen: the list stays');
	});

	test('engine started again after SIGKILL: connected, events live, version in the header, and the list reloaded with an image tagged meanwhile', async () => {
		await engine!.start();
		const startedAt = Date.now();
		// Tagged before the UI has noticed the engine is back: only a reload can show it.
		await tag('stowage-fault:while-down');
		await waitForRecovery('stowage-fault:while-down', 5000);
		console.log(`# recovered ${Date.now() - startedAt} ms after the engine answered /_ping`);
		// And the events are really live again: a tag now arrives by itself.
		await tag('stowage-fault:after-restart');
		await app!.waitForFrame(frame => rowOf(frame, 'stowage-fault:after-restart') !== undefined, 'a tag after the restart, through the events', 3000);
	});

	test('engine SIGTERM and restart, 3 times: the event stream comes back each time, and the list follows', async () => {
		for (let round = 1; round <= 3; round++) {
			await engine!.terminate();
			await app!.waitForFrame(() => /unreachable: /.test(header()), `round ${round}: unreachable after SIGTERM`, 3000);
			await engine!.start();
			const startedAt = Date.now();
			await waitFor(live, `round ${round}: events live again`, 5000, () => app!.frame());
			await tag(`stowage-fault:sigterm-${round}`);
			await app!.waitForFrame(frame => rowOf(frame, `stowage-fault:sigterm-${round}`) !== undefined, `round ${round}: a tag after the restart, through the events`, 3000);
			console.log(`# round ${round}: live ${Date.now() - startedAt} ms after the engine answered`);
		}
	});
});
