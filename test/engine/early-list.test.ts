// The answers asked for before the UI loads (early-list.ts), against the real engine:
// they read as the engine's own calls would, they are taken once, and a failure leaves
// the normal path (and its error) in place.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {parseHost} from '../../source/engine/endpoint.ts';
import {askEarly} from '../../source/engine/early-list.ts';
import {createDockerEngine} from '../../source/engine/docker-client.ts';
import {supportsPlatform} from '../../source/engine/platform.ts';
import {connectError, testHost} from '../helpers/test-engine.ts';

const references = (images: Array<{id: string; repoTags: string[]}>) => images.flatMap(image => image.repoTags.map(tag => `${image.id} ${tag}`)).sort();

test('the early list is the list listImages gives, handed over once, when the engine lists no platforms', async () => {
	const endpoint = parseHost(testHost());
	const early = askEarly(endpoint);
	assert.ok(early);
	const engine = createDockerEngine(endpoint, {early});
	try {
		const info = await engine.connect();
		const taken = engine.takeEarlyImages?.();
		if (info.apiVersion !== info.pinnedApiVersion || supportsPlatform(info.pinnedApiVersion, 'list')) {
			// Its unversioned answer without manifests=1 would not read as the pinned API's.
			assert.equal(taken, undefined);
			return;
		}

		assert.ok(taken, 'the early list was not handed over');
		assert.deepEqual(references(await taken), references(await engine.listImages()));
		assert.equal(engine.takeEarlyImages?.(), undefined, 'handed over twice');
	} finally {
		engine.close();
	}
});

test('an engine that is not there gives the normal connect error, with or without early answers', async () => {
	const endpoint = parseHost('unix:///tmp/stowage-no-such-engine.sock');
	const early = askEarly(endpoint);
	const withEarly = createDockerEngine(endpoint, {early});
	const without = createDockerEngine(endpoint);
	try {
		assert.equal(String(await connectError(withEarly)), String(await connectError(without)));
		assert.equal(withEarly.takeEarlyImages?.(), undefined);
	} finally {
		withEarly.close();
		without.close();
	}
});

test('TLS and SSH endpoints take the normal path', () => {
	assert.equal(askEarly(parseHost('ssh://user@example.invalid')), undefined);
	assert.equal(askEarly({kind: 'tcp', url: 'tcp://example.invalid:2376', host: 'example.invalid', port: 2376, tls: {verify: true}}), undefined);
});
