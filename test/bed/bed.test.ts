// Checks the bed itself against its engine, so a broken fixture shows up here
// rather than as a puzzling failure in a UI test.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {docker} from './docker-cli.mjs';
import {notOn, onContainerdStore} from '../helpers/engine-matrix.ts';
import {refusedByTag} from '../helpers/engine-wording.ts';
import {isPodman} from '../helpers/test-engine.ts';
import {ALL_TAGS, APP, APP_ENV, APP_LABEL, BASE_COMMENT, DANGLING_TAG, HOSTILE, HOSTILE_BASE, HOSTILE_CLEAR, HOSTILE_LABEL, HOSTILE_TITLE, PAYLOAD_BYTES, USED, USED_CONTAINER, ZEROS_BYTES, BASE, fixtureFacts} from './fixture-names.mjs';

async function ok(args: string[]): Promise<string> {
	const result = await docker(args);
	assert.equal(result.code, 0, `docker ${args.join(' ')}: ${result.stderr}`);
	return result.stdout;
}

test('every fixture tag exists with the ID the bed recorded', async () => {
	const facts = fixtureFacts();
	const listed = await ok(['images', '--no-trunc', '--format', '{{.Repository}}:{{.Tag}} {{.ID}}']);
	const rows = new Map(listed.trim().split('\n').map(line => line.split(' ') as [string, string]));
	for (const ref of ALL_TAGS) assert.equal(rows.get(ref), facts.ids[ref], ref);
});

test('the dangling image is untagged, top-level, and not the current tag', async () => {
	const facts = fixtureFacts();
	const dangling = await ok(['images', '--no-trunc', '--filter', 'dangling=true', '--format', '{{.ID}}']);
	assert.ok(dangling.split('\n').includes(facts.danglingId));
	assert.notEqual(facts.ids[DANGLING_TAG], facts.danglingId);
});

test('images are created one second apart, oldest first', async () => {
	const {createdOrder} = fixtureFacts();
	const times: number[] = [];
	for (const ref of createdOrder) times.push(Date.parse((await ok(['image', 'inspect', '--format', '{{.Created}}', ref])).trim()));
	for (let i = 1; i < times.length; i++) {
		assert.ok(Math.floor(times[i]! / 1000) > Math.floor(times[i - 1]! / 1000), `${createdOrder[i]} after ${createdOrder[i - 1]}`);
	}
});

test('the app image has its label, env and sized layers', async () => {
	const config = JSON.parse(await ok(['image', 'inspect', '--format', '{{json .Config}}', APP])) as {Labels: Record<string, string>; Env: string[]};
	assert.equal(config.Labels[APP_LABEL.key], APP_LABEL.value);
	assert.ok(config.Env.includes(APP_ENV));
	const sizes = (await ok(['history', '--human=false', '--format', '{{.Size}}', APP])).trim().split('\n').map(Number);
	// The containerd store reports a layer's snapshot as disk usage: whole 4 KiB blocks,
	// plus the blocks of the directories the step touched (a few at most here). Podman
	// counts the layer tar's bytes, with its 512-byte headers and padding: a few kB more.
	const holds = (bytes: number) => (onContainerdStore()
		? sizes.some(size => size % 4096 === 0 && size >= Math.ceil(bytes / 4096) * 4096 && size <= Math.ceil(bytes / 4096) * 4096 + (4 * 4096))
		: sizes.some(size => (isPodman() ? size >= bytes && size < bytes + 8192 : size === bytes)));
	assert.ok(holds(ZEROS_BYTES), `sizes ${sizes.join(',')}`);
	assert.ok(holds(PAYLOAD_BYTES), `sizes ${sizes.join(',')}`);
	assert.match(await ok(['history', '--format', '{{.Comment}}', BASE]), new RegExp(BASE_COMMENT));
});

test('a stopped container uses the used image', async () => {
	const image = await ok(['container', 'inspect', '--format', '{{.Config.Image}} {{.State.Status}}', USED_CONTAINER]);
	// Podman keeps the name the container was created with fully qualified.
	assert.equal(image.trim(), `${isPodman() ? `docker.io/library/${USED}` : USED} created`);
	const removal = await docker(['image', 'rm', USED]);
	assert.notEqual(removal.code, 0);
	const container = (await ok(['container', 'inspect', '--format', '{{.Id}}', USED_CONTAINER])).trim();
	const imageId = (await ok(['image', 'inspect', '--format', '{{.Id}}', USED])).trim();
	assert.equal(removal.stderr, `Error response from daemon: ${refusedByTag(USED, container, imageId)}\n`);
});

test('the hostile image carries raw escape sequences', async () => {
	const history = await ok(['history', '--no-trunc', '--format', '{{.CreatedBy}}|{{.Comment}}', HOSTILE]);
	assert.ok(history.includes(HOSTILE_TITLE));
	assert.ok(history.includes(HOSTILE_CLEAR));
	const labels = JSON.parse(await ok(['image', 'inspect', '--format', '{{json .Config.Labels}}', HOSTILE])) as Record<string, string>;
	assert.equal(labels[HOSTILE_LABEL.key], HOSTILE_LABEL.value);
	const comment = await ok(['history', '--no-trunc', '--format', '{{.Comment}}', HOSTILE_BASE]);
	assert.ok(comment.includes(HOSTILE_TITLE) && comment.includes(HOSTILE_CLEAR));
});

test(...notOn(['docker-20.10', 'docker-26.1', 'podman-4.3'], 'the bed offers docker-buildx with the containerd store only', 'docker buildx is a CLI plugin in the tests\' DOCKER_CONFIG'), async () => {
	assert.match(await ok(['buildx', 'version']), /^github\.com\/docker\/buildx v?0\.29\./);
});
