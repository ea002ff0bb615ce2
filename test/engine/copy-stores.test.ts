// Copying across the two image stores: the containerd store names an image by its
// manifest digest, the graph-driver store by its config digest, so the ID changes
// on the way and the copy job must say which ID the target gave it, and why.
import assert from 'node:assert/strict';
import {after, before, test} from 'node:test';
import {SMALL} from '../bed/fixture-names.mjs';
import {startEngine, type TestEngine} from '../bed/engine.mjs';
import {otherStoreKind} from '../bed/engines.mjs';
import {createDockerEngine} from '../../source/engine/docker-client.ts';
import {parseHost} from '../../source/engine/endpoint.ts';
import type {Engine} from '../../source/engine/engine.ts';
import {copyImages} from '../../source/engine/image-copy.ts';
import {idChange, imageIdentity, shortId} from '../../source/engine/image-identity.ts';
import {engineFacts, onContainerdStore} from '../helpers/engine-matrix.ts';
import {testEngine} from '../helpers/test-engine.ts';
import {cli} from './own-images.ts';

let source: Engine;
let target: Engine;
let other: TestEngine | undefined;
const never = new AbortController().signal;

before(async () => {
	other = await startEngine({kind: otherStoreKind(engineFacts().imageStore)});
	source = testEngine();
	target = createDockerEngine(parseHost(other.host));
	await source.connect();
	await target.connect();
});

after(async () => {
	source?.close();
	target?.close();
	await other?.stop();
});

test('to an engine of the other store: the image arrives under the other ID, and the job says which and why', async () => {
	assert.deepEqual(await copyImages(source, target, [SMALL], () => undefined, () => undefined, never), [SMALL]);
	const here = imageIdentity(await source.inspect(SMALL));
	const there = imageIdentity(await target.inspect(SMALL));
	assert.equal(here?.id, await cli(['image', 'inspect', '--format', '{{.Id}}', SMALL]));
	assert.equal(there?.id, await cli(['image', 'inspect', '--format', '{{.Id}}', SMALL], {host: other!.host}));
	assert.notEqual(here!.id, there!.id);
	assert.equal(here!.by, onContainerdStore() ? 'manifest' : 'config');
	assert.equal(there!.by, onContainerdStore() ? 'config' : 'manifest');
	const why = onContainerdStore() ? 'it names images by their config digest' : 'it names images by their manifest digest';
	assert.equal(idChange(SMALL, here, there, 'far'), `far gives ${SMALL} the ID ${shortId(there!.id)} (${shortId(here!.id)} here): ${why}`);
	assert.equal(idChange(SMALL, here, here, 'far'), undefined);
});
