// Tag, delete and list containers against the real engine, checked with the docker CLI.
import assert from 'node:assert/strict';
import {randomBytes} from 'node:crypto';
import {test} from 'node:test';
import {BASE} from '../bed/fixture-names.mjs';
import type {Engine} from '../../source/engine/engine.ts';
import {ImageInUseError} from '../../source/engine/operations.ts';
import {docker} from '../bed/docker-cli.mjs';
import {isPodman} from '../helpers/test-engine.ts';
import {buildFromStdin, cli, withTestEngine} from './own-images.ts';

let engine: Engine;
const tags: string[] = [];

withTestEngine(tags, value => {
	engine = value;
});

/** A new image of our own: a LABEL step on the base, unique per call. */
async function ownImage(ref: string): Promise<string> {
	tags.push(ref);
	return buildFromStdin(ref, `FROM ${BASE}\nLABEL org.example.probe=${randomBytes(6).toString('hex')}\n`);
}

async function imageLines(): Promise<string[]> {
	return (await cli(['images', '--no-trunc', '--format', '{{.Repository}}:{{.Tag}} {{.ID}}'])).split('\n');
}

test('tag: the new reference shows in `docker images` with the same ID', async () => {
	tags.push('stowage-ops/tagged:v1');
	await engine.tag(BASE, 'stowage-ops/tagged', 'v1');
	const baseId = await cli(['image', 'inspect', '--format', '{{.Id}}', BASE]);
	assert.ok((await imageLines()).includes(`stowage-ops/tagged:v1 ${baseId}`));

	await assert.rejects(engine.tag(BASE, 'Stowage-Ops/UPPER', 'v1'), (error: Error) => {
		assert.doesNotMatch(error.message, /HTTP code/);
		assert.match(error.message, /invalid|lowercase/i);
		return true;
	});
});

test('delete a tag: untagged only, the image stays', async () => {
	const result = await engine.removeImage('stowage-ops/tagged:v1', false);
	assert.deepEqual(result, {untagged: ['stowage-ops/tagged:v1'], deleted: []});
	assert.ok(!(await imageLines()).some(line => line.startsWith('stowage-ops/tagged:v1 ')));
	assert.ok((await imageLines()).some(line => line.startsWith(`${BASE} `)));
});

test('delete an image: untagged and deleted', async () => {
	const id = await ownImage('stowage-ops/delete:1');
	const result = await engine.removeImage('stowage-ops/delete:1', false);
	assert.deepEqual(result.untagged, ['stowage-ops/delete:1']);
	assert.ok(result.deleted.includes(id), `${id} in ${result.deleted.join(', ')}`);
	assert.equal((await cli(['images', '-q', '--no-trunc', '--filter', `reference=stowage-ops/delete`])), '');

	// Each engine's words; Podman names the fully qualified reference it looked for.
	const missing = isPodman() ? 'failed to find image stowage-ops/never:1: docker.io/stowage-ops/never:1: image not known' : 'No such image: stowage-ops/never:1';
	await assert.rejects(engine.removeImage('stowage-ops/never:1', false), {name: 'EngineError', statusCode: 404, message: missing});
});

test('an image used by a stopped container: ImageInUseError (running=false), then force deletes it', async () => {
	const id = await ownImage('stowage-ops/stopped:1');
	const containerId = await cli(['create', '--name', 'stowage-ops-stopped', 'stowage-ops/stopped:1', 'true']);
	try {
		for (const name of [id, 'stowage-ops/stopped:1']) {
			await assert.rejects(engine.removeImage(name, false), (error: unknown) => {
				assert.ok(error instanceof ImageInUseError, String(error));
				assert.equal(error.running, false);
				assert.ok(containerId.startsWith(error.containerId) && error.containerId.length >= 12, `${error.containerId} / ${containerId}`);
				assert.doesNotMatch(error.message, /HTTP code|\(HTTP/);
				assert.match(error.message, isPodman() ? /image is in use by a container/ : /must (be )?force/);
				return true;
			});
		}

		const containers = await engine.listContainers(true);
		const mine = containers.find(container => container.id === containerId);
		assert.deepEqual(mine && {names: mine.names, image: mine.image, imageId: mine.imageId, state: mine.state}, {names: ['stowage-ops-stopped'], image: 'stowage-ops/stopped:1', imageId: id, state: 'created'});
		assert.ok(!(await engine.listContainers(false)).some(container => container.id === containerId), 'not listed without all');

		const forced = await engine.removeImage(id, true);
		assert.ok(forced.deleted.includes(id));
		assert.deepEqual(forced.untagged, ['stowage-ops/stopped:1']);
		// dockerd leaves the container without a name for its image; Podman removes it too
		// (which is what the confirmation tells a Podman user).
		const left = (await engine.listContainers(true)).some(container => container.id === containerId);
		assert.equal(left, !isPodman());
	} finally {
		await docker(['rm', '-f', containerId]);
	}
});

test('an image used by a running container: ImageInUseError (running=true)', async () => {
	const id = await ownImage('stowage-ops/running:1');
	const containerId = await cli(['run', '-d', '--network', 'none', '--name', 'stowage-ops-running', 'stowage-ops/running:1', 'sleep', '60']);
	try {
		for (const name of [id, 'stowage-ops/running:1']) {
			await assert.rejects(engine.removeImage(name, false), (error: unknown) => {
				assert.ok(error instanceof ImageInUseError, String(error));
				assert.equal(error.running, true);
				assert.ok(containerId.startsWith(error.containerId));
				return true;
			});
		}

		// Force can't delete what a running container uses; on Podman it would remove the
		// container with it, so stowage refuses there as dockerd does.
		await assert.rejects(engine.removeImage(id, true), (error: unknown) => error instanceof ImageInUseError && error.running && /cannot be forced/.test(error.message));
		assert.ok((await engine.listContainers(false)).some(container => container.id === containerId), 'the container still runs');
		const running = (await engine.listContainers(false)).find(container => container.id === containerId);
		assert.equal(running?.state, 'running');
	} finally {
		await cli(['rm', '-f', containerId]);
	}
});
