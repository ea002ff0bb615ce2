// Several hosts at once, against two real engines: the test bed's and one of this file's own.
import assert from 'node:assert/strict';
import {mkdirSync, mkdtempSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {after, before, test} from 'node:test';
import {BASE} from '../bed/fixture-names.mjs';
import {startEngine, type TestEngine} from '../bed/engine.mjs';
import {createDockerEngine} from '../../source/engine/docker-client.ts';
import {contextDirHash, hostLabel, resolveEndpoint} from '../../source/engine/endpoint.ts';
import {createHosts, type Hosts} from '../../source/store/hosts.ts';
import {switchEntries} from '../../source/store/switch-targets.ts';
import {cli} from '../engine/own-images.ts';
import {keys, renderWorkspace, rowOf, type RenderedWorkspace} from '../helpers/render-app.tsx';
import {testHost, waitFor} from '../helpers/test-engine.ts';

let second: TestEngine | undefined;
let hosts: Hosts | undefined;
let screen: RenderedWorkspace | undefined;
const config = mkdtempSync('/tmp/stowage-hosts-cfg-');
const env = {DOCKER_CONFIG: config, XDG_STATE_HOME: mkdtempSync('/tmp/stowage-hosts-state-'), HOME: '/nonexistent'};

const frame = () => screen?.frame() ?? '';
const waitForFrame = async (check: (text: string) => boolean, what: string, timeoutMs = 8000) => screen!.waitForFrame(check, what, timeoutMs);
const press = async (...inputs: string[]) => screen!.press(...inputs);

/** Rows of `docker images` on an engine: what the hosts pane counts. */
async function imageRows(host: string): Promise<number> {
	return (await cli(['images', '--format', '{{.ID}}'], {host})).split('\n').filter(Boolean).length;
}

before(async () => {
	second = await startEngine();
	// A context naming the second engine: the switcher offers it.
	const meta = path.join(config, 'contexts', 'meta', contextDirHash('second'));
	mkdirSync(meta, {recursive: true});
	writeFileSync(path.join(meta, 'meta.json'), JSON.stringify({Name: 'second', Metadata: {Description: 'the other engine'}, Endpoints: {docker: {Host: second.host}}}));
	const first = resolveEndpoint({host: testHost(), env});
	hosts = createHosts(resolved => createDockerEngine(resolved.endpoint), [{label: hostLabel(first), resolved: first}]);
	screen = renderWorkspace(hosts, () => switchEntries(new Set(hosts!.list().map(host => host.key)), hosts!.active().key, env), 120, 40);
});

after(async () => {
	screen?.unmount();
	hosts?.stop();
	await second?.stop();
});

test('one host: no hosts pane, and ] says only one host is open', async () => {
	await waitForFrame(text => text.includes('connected') && Boolean(rowOf(text, BASE)), 'the first engine listed');
	assert.doesNotMatch(frame(), /Hosts \(/);
	await press(']');
	await waitForFrame(text => text.includes('Only one host is open'), 'the hint');
});

test('c lists the contexts; Enter on one opens it beside the first, with a hosts pane', async () => {
	await press('c');
	await waitForFrame(text => text.includes('Contexts and hosts') && text.includes('second') && text.includes('the other engine'), 'the switcher with the context');
	assert.match(frame(), /default/);
	await press(keys.down);
	await waitForFrame(text => /› \[ \] second/.test(text), 'the cursor on the context');
	await press(keys.enter);
	await waitForFrame(text => text.includes('Hosts (2)') && text.includes(`second (${second!.host})`), 'the hosts pane with both');
	// The second engine is empty; the first has the fixtures: each counted as `docker images` counts.
	const firstCount = await imageRows(testHost());
	await waitForFrame(text => text.includes(`${firstCount} images`) && /second .*connected\s+0 images/.test(text), 'both hosts connected, with their image counts', 10_000);
	assert.match(frame(), new RegExp(`▸ second \\(${second!.host.replace(/[/.]/g, '\\$&')}\\)`), 'the opened host is the one shown');
});

test('[ and ] switch the host on screen', async () => {
	await press('[');
	await waitForFrame(text => text.split('\n').some(line => line.startsWith('stowage') && line.includes(testHost())) && Boolean(rowOf(text, BASE)), 'the first host shown again');
	await press(']');
	await waitForFrame(text => text.split('\n').some(line => line.startsWith('stowage') && line.includes('second (')), 'the second host shown');
	await press('[');
	await waitForFrame(text => Boolean(rowOf(text, BASE)), 'back on the first');
});

test('C copies the selected image to the other host: same ID there, and its count goes up', async () => {
	const before = await imageRows(second!.host);
	screen!.write(keys.escape);
	for (const input of ['/', ...BASE.split(''), keys.enter, keys.home]) {
		await press(input);
	}

	await waitForFrame(text => text.includes(`filter: ${BASE}`), 'the filter');
	await press('C');
	await waitForFrame(text => text.includes(`Copy ${BASE}`) && text.includes('to which host?') && text.includes('second ('), 'the choice of target');
	await press(keys.enter);
	await waitForFrame(text => /copied to second/.test(text) || /done/.test(text), 'the copy job done', 20_000);
	const id = async (host: string) => cli(['image', 'inspect', '--format', '{{.Id}}', BASE], {host});
	assert.equal(await id(second!.host), await id(testHost()));
	await waitForFrame(text => new RegExp(`second .*connected\\s+${before + 1} image`).test(text), 'the second host\'s count updated by its events');
});

test('C with one host only explains what it needs', async () => {
	const single = createHosts(resolved => createDockerEngine(resolved.endpoint), [{label: 'only', resolved: resolveEndpoint({host: testHost(), env})}]);
	try {
		await waitFor(() => single.active().session.store.getState().imagesLoaded, 'the list');
		single.active().session.actions.openCopy();
		assert.match(single.active().session.store.getState().flash?.text ?? '', /Copy needs a second host/);
	} finally {
		single.stop();
	}
});
