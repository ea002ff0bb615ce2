// The parsing at the edge against what Podman 4.3.1's Docker-compatible service
// really answered, recorded by test/bed/capture-shapes.mjs (test/unit/captured/).
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {test} from 'node:test';
import {fileURLToPath} from 'node:url';
import {dialectOf, dockerDialect, familiarReference, imageId} from '../../source/engine/engine-dialect.ts';
import {parseDiskUsage, parseEvent, parseHistory, parseImages} from '../../source/engine/parse.ts';
import {parseContainers, parseImagePrune, parseInUse, parseRemoveResult} from '../../source/engine/parse-operations.ts';
import {parseProgressLine, StreamError} from '../../source/engine/progress-stream.ts';
import {applyMessages, emptyProgress} from '../../source/store/job-progress.ts';
import {usageLines} from '../../source/ui/disk-usage.tsx';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'captured/podman-4.3');
const text = (name: string) => readFileSync(path.join(dir, name), 'utf8');
const json = (name: string): unknown => JSON.parse(text(name));
const lines = (name: string) => text(name).split('\n').filter(line => line.trim() !== '');
const dialect = dialectOf(json('version.json'));
const hex = /^sha256:[0-9a-f]{64}$/;

test('/version names the Podman Engine: the podman dialect, with no SharedSize in the list before 5.6', () => {
	assert.deepEqual(dialect, {product: 'podman', listSharedSize: false});
	assert.deepEqual(dialectOf({Version: '5.6.0', Components: [{Name: 'Podman Engine', Version: '5.6.0'}]}), {product: 'podman', listSharedSize: true});
	assert.deepEqual(dialectOf({Version: '20.10.24', Components: [{Name: 'Engine', Version: '20.10.24'}]}), dockerDialect);
});

test('image list: names as `docker images` shows them, IDs with their algorithm, SharedSize unknown', () => {
	const images = parseImages(json('images.json'), dialect);
	assert.ok(images.length > 5);
	for (const image of images) {
		assert.match(image.id, hex);
		assert.ok(image.parentId === '' || hex.test(image.parentId), image.parentId);
		assert.equal(image.sharedSize, -1, 'Podman 4.3 sends 0 without computing it');
		for (const tag of image.repoTags) {
			assert.ok(!tag.startsWith('docker.io/'), tag);
		}
	}

	const tags = images.flatMap(image => image.repoTags);
	assert.ok(tags.includes('stowage-app:1.0'), tags.join(' '));
	assert.ok(tags.includes('localhost:5000/team/stowage-app:1.0'));
	assert.ok(tags.includes('localhost/stowage-podman-local:latest'), 'what `podman build -t NAME` names it, as `docker images` shows it');
	assert.ok(images.some(image => image.repoTags.length === 0), 'a dangling image: RepoTags null');
	assert.ok(images.flatMap(image => image.repoDigests).every(digest => !digest.startsWith('docker.io/')));
});

test('names: Docker Hub ones lose docker.io/ (and library/), localhost/ and registries keep theirs', () => {
	assert.equal(familiarReference('docker.io/library/stowage-app:1.0'), 'stowage-app:1.0');
	assert.equal(familiarReference('docker.io/team/app:1'), 'team/app:1');
	assert.equal(familiarReference('docker.io/library/app@sha256:' + 'a'.repeat(64)), `app@sha256:${'a'.repeat(64)}`);
	assert.equal(familiarReference('localhost/podapp:latest'), 'localhost/podapp:latest');
	assert.equal(familiarReference('127.0.0.1:5000/x/y:z'), '127.0.0.1:5000/x/y:z');
	assert.equal(imageId('ee4837f79b732a8c00f05930656a76f6d7e201a76edd25f293c73db916435d0b'), 'sha256:ee4837f79b732a8c00f05930656a76f6d7e201a76edd25f293c73db916435d0b');
	assert.equal(imageId('<missing>'), '<missing>');
});

test('history: step IDs get sha256:, <missing> stays, the #(nop) prefix goes', () => {
	const history = parseHistory(json('history-app.json'));
	assert.ok(history.length >= 5);
	for (const entry of history) {
		assert.ok(entry.id === '<missing>' || hex.test(entry.id), entry.id);
	}

	assert.ok(history.some(entry => entry.id === '<missing>'));
	assert.ok(history.some(entry => entry.createdBy.startsWith('ENV APP_MODE=')));
});

test('disk usage: no LayersSize, so the images size is unknown and said so; per-image IDs match the list', () => {
	const usage = parseDiskUsage(json('system-df.json'));
	assert.equal(usage.images.unreported, 'not reported by the engine (Podman)');
	assert.ok(usage.images.total > 5);
	assert.equal(usage.containers.total, 1);
	assert.equal(usage.containers.unreported, undefined);
	const listed = new Set(parseImages(json('images.json'), dialect).map(image => image.id));
	assert.ok([...usage.perImage.keys()].every(id => hex.test(id)));
	assert.ok([...usage.perImage.keys()].some(id => listed.has(id)));
	assert.ok([...usage.perImage.values()].some(image => image.containers === 1), 'the image the stopped container uses');
	const drawn = usageLines(usage, 100);
	assert.match(drawn[1]!, /Images\s+\d+\s+1\s+unknown\s+unknown\s+not reported by the engine \(Podman\)$/);
	assert.equal(drawn.length, 5);
});

test('containers: the image name familiar, the image ID with its algorithm', () => {
	const [container] = parseContainers(json('containers.json'));
	assert.equal(container?.image, 'stowage-used:1.0');
	assert.match(container?.imageId ?? '', hex);
	assert.deepEqual(container?.names, ['stowage-used-ctr']);
});

test('delete: Podman\'s in-use refusal names the container; untagged names are familiar', () => {
	const refusal = (json('remove-in-use.json') as {message: string}).message;
	const inUse = parseInUse(refusal);
	assert.match(inUse?.containerId ?? '', /^[0-9a-f]{64}$/);
	assert.equal(inUse?.running, undefined, 'Podman does not say whether it runs');
	assert.deepEqual(parseRemoveResult(json('remove-tag.json')), {untagged: ['stowage-capture:1'], deleted: []});
	const pruned = parseImagePrune(json('prune.json'));
	assert.ok(pruned.deleted.length >= 1 && pruned.deleted.every(id => hex.test(id)), pruned.deleted.join(' '));
	assert.ok(pruned.spaceReclaimed > 0);
});

test('events: image IDs get sha256:, names are familiar, Podman\'s own actions read as Docker\'s', () => {
	const events = lines('events.ndjson').map(line => parseEvent(line)!);
	assert.ok(events.length >= 10);
	const images = events.filter(event => event.type === 'image' && event.id !== '');
	assert.ok(images.every(event => hex.test(event.id)), images.map(event => event.id).join(' '));
	const actions = new Set(events.map(event => event.action));
	for (const action of ['tag', 'untag', 'delete', 'save', 'load', 'push', 'pull']) {
		assert.ok(actions.has(action), `${action} in ${[...actions].join(' ')}`);
	}

	assert.ok(!actions.has('loadfromarchive'));
	assert.ok(events.some(event => event.action === 'tag' && event.attributes.name === 'stowage-capture:1'));
	// libpod's own word for a removal, which its compat stream may pass on.
	assert.equal(parseEvent(lines('events.ndjson')[0]!.replace(/"delete"/g, '"remove"'))?.action, 'delete');
});

test('build: buildah\'s STEP lines give the step, the aux ID is there', () => {
	const messages = lines('build-stream.ndjson').map(line => parseProgressLine(line));
	const progress = applyMessages(emptyProgress, messages);
	assert.deepEqual(progress.step, {index: 2, count: 2});
	assert.ok(messages.some(message => hex.test(String(message.aux?.ID))));
});

test('push and pull: no per-layer push progress, the digest line; pull statuses per layer', () => {
	const push = applyMessages(emptyProgress, lines('push-stream.ndjson').map(line => parseProgressLine(line)));
	assert.equal(push.layers.length, 0);
	assert.match(push.digest ?? '', hex);
	const pull = applyMessages(emptyProgress, lines('pull-stream.ndjson').map(line => parseProgressLine(line)));
	assert.ok(pull.layers.length >= 1);
	const refused = lines('push-unauthorized.ndjson').map(line => {
		try {
			return parseProgressLine(line);
		} catch (error) {
			return error;
		}
	});
	assert.ok(refused.some(item => item instanceof StreamError && /authentication required/.test(item.message)));
});
