// C across the two image stores, on screen: the image arrives under another ID
// (the containerd store names images by manifest digest, the graph-driver store
// by config digest), and the copy job says which one and why.
import assert from 'node:assert/strict';
import {mkdtempSync} from 'node:fs';
import {after, before, test} from 'node:test';
import {SMALL} from '../bed/fixture-names.mjs';
import {startEngine, type TestEngine} from '../bed/engine.mjs';
import {otherStoreKind} from '../bed/engines.mjs';
import {createDockerEngine} from '../../source/engine/docker-client.ts';
import {resolveEndpoint} from '../../source/engine/endpoint.ts';
import {createHosts, type Hosts} from '../../source/store/hosts.ts';
import {cli} from '../engine/own-images.ts';
import {engineFacts} from '../helpers/engine-matrix.ts';
import {keys, renderWorkspace, rowOf, type RenderedWorkspace} from '../helpers/render-app.tsx';
import {testHost} from '../helpers/test-engine.ts';

let other: TestEngine | undefined;
let hosts: Hosts | undefined;
let screen: RenderedWorkspace | undefined;
const env = {DOCKER_CONFIG: mkdtempSync('/tmp/stowage-stores-cfg-'), XDG_STATE_HOME: mkdtempSync('/tmp/stowage-stores-state-'), HOME: '/nonexistent'};

const frame = () => screen?.frame() ?? '';
const waitForFrame = async (check: (text: string) => boolean, what: string, timeoutMs = 8000) => screen!.waitForFrame(check, what, timeoutMs);
const press = async (...inputs: string[]) => screen!.press(...inputs);

before(async () => {
	other = await startEngine({kind: otherStoreKind(engineFacts().imageStore)});
	hosts = createHosts(resolved => createDockerEngine(resolved.endpoint), [
		{label: 'here', resolved: resolveEndpoint({host: testHost(), env})},
		{label: 'far', resolved: resolveEndpoint({host: other.host, env})},
	]);
	// Wide enough for the job's whole summary in the jobs pane (narrower, Enter on the job shows it).
	screen = renderWorkspace(hosts, () => [], 400, 40);
});

after(async () => {
	screen?.unmount();
	hosts?.stop();
	await other?.stop();
});

test('C to an engine of the other image store: the job names the ID the target gave the image, and why', async () => {
	await waitForFrame(text => Boolean(rowOf(text, SMALL)), 'the first host listed');
	for (const input of ['/', ...SMALL.split(''), keys.enter, keys.home]) {
		await press(input);
	}

	await waitForFrame(text => text.includes(`filter: ${SMALL}`), 'the filter');
	await press('C');
	await waitForFrame(text => text.includes(`Copy ${SMALL}`) && text.includes('to which host?'), 'the choice of target');
	await press(keys.enter);
	await waitForFrame(text => text.includes(`copied to far: ${SMALL}; far gives`), 'the copy job done', 20_000);
	const id = async (host: string) => (await cli(['image', 'inspect', '--format', '{{.Id}}', SMALL], {host})).slice(7, 19);
	const [here, there] = [await id(testHost()), await id(other!.host)];
	assert.notEqual(here, there);
	const why = engineFacts().imageStore === 'containerd' ? 'config' : 'manifest';
	const summary = `copied to far: ${SMALL}; far gives ${SMALL} the ID ${there} (${here} here): it names images by their ${why} digest`;
	assert.ok(frame().includes(summary), frame());
	const job = hosts!.active().session.store.getState().jobs.find(each => each.kind === 'copy');
	assert.equal(job?.result, summary);
});
