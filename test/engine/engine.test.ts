// The engine layer against the real isolated dockerd, checked against the docker CLI.
import assert from 'node:assert/strict';
import {after, before, test} from 'node:test';
import {docker} from '../bed/docker-cli.mjs';
import {APP, BASE, HOSTILE, HOSTILE_BASE, HOSTILE_LABEL, USED} from '../bed/fixture-names.mjs';
import type {Engine} from '../../source/engine/engine.ts';
import {formatHumanSize, formatImageSize} from '../../source/format/size.ts';
import {toRows} from '../../source/store/image-rows.ts';
import {reclaimableText} from '../../source/ui/disk-usage.tsx';
import {isPodman, testEngine, waitFor} from '../helpers/test-engine.ts';

let engine: Engine;
before(async () => {
	engine = testEngine();
	await engine.connect();
});
after(() => engine.close());

async function cli(args: string[]): Promise<string> {
	const result = await docker(args);
	assert.equal(result.code, 0, result.stderr);
	return result.stdout;
}

test('the API version is negotiated from /version and pinned', async () => {
	const info = await testEngine().connect();
	const server = (await cli(['version', '--format', '{{.Server.APIVersion}}'])).trim();
	assert.equal(info.apiVersion, server);
	assert.equal(info.pinnedApiVersion, server < '1.52' ? server : '1.52');
	assert.match(info.version, /^\d+\.\d+/);
	assert.equal(info.product, isPodman() ? 'podman' : 'docker');
});

test('image rows equal `docker images` (repository, tag, ID, size)', async () => {
	const rows = toRows(await engine.listImages());
	const ours = rows.map(row => `${row.repository}\t${row.tag}\t${row.shortId}\t${formatImageSize(row.size)}`).sort();
	const theirs = (await cli(['images', '--format', '{{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.Size}}'])).trim().split('\n').sort();
	assert.deepEqual(ours, theirs);
	assert.ok(rows.some(row => row.untagged), 'the dangling fixture shows as <none>');
});

test('history equals `docker history` (sizes, steps, nop prefix removed)', async () => {
	const entries = await engine.history(APP);
	const theirs = (await cli(['history', '--no-trunc', '--format', '{{.Size}}\t{{.CreatedBy}}', APP])).replace(/\n$/, '').split('\n');
	assert.equal(entries.length, theirs.length);
	for (const [index, entry] of entries.entries()) {
		const [size, createdBy] = theirs[index]!.split('\t');
		assert.equal(formatImageSize(entry.size), size);
		assert.equal(entry.createdBy, (createdBy ?? '').replace(/^\/bin\/sh -c #\(nop\)\s*/, ''));
	}

	assert.ok(entries.some(entry => entry.createdBy.startsWith('ENV ')), 'ENV step without the #(nop) prefix');
	assert.ok(entries.some(entry => entry.createdBy.startsWith('COPY ')), 'COPY step');
});

test('disk usage equals `docker system df`, category by category', async () => {
	const usage = await engine.diskUsage();
	const theirs = (await cli(['system', 'df', '--format', '{{.Type}}\t{{.TotalCount}}\t{{.Active}}\t{{.Size}}\t{{.Reclaimable}}'])).trim().split('\n');
	const ours = ([['Images', usage.images], ['Containers', usage.containers], ['Local Volumes', usage.volumes], ['Build Cache', usage.buildCache]] as const)
		.map(([type, category]) => `${type}\t${category.total}\t${category.active}\t${formatHumanSize(category.size)}\t${reclaimableText(category)}`);
	if (isPodman()) {
		// Podman sends LayersSize 0, so `docker system df` prints 0B and a negative reclaimable
		// there: the counts agree, the size is said to be unknown instead.
		const counts = (lines: string[]) => lines.map(line => line.split('\t').slice(0, 3).join('\t'));
		assert.deepEqual(counts(ours), counts(theirs));
		assert.deepEqual(ours.slice(1), theirs.slice(1));
		assert.match(usage.images.unreported ?? '', /not reported by the engine/);
		assert.match(theirs[0]!, /\t0B\t/);
	} else {
		assert.deepEqual(ours, theirs);
		assert.equal(usage.images.unreported, undefined);
	}

	assert.ok(usage.containers.total >= 1, 'the stopped container is counted');
	const used = usage.perImage.get((await cli(['image', 'inspect', '--format', '{{.Id}}', USED])).trim());
	assert.equal(used?.containers, 1, 'the image used by a stopped container has one container');
});

test('hostile strings from the engine arrive neutralized', async () => {
	const history = await engine.history(HOSTILE);
	const base = await engine.history(HOSTILE_BASE);
	const images = await engine.listImages();
	const inspected = JSON.stringify(await engine.inspect(HOSTILE));
	const everything = JSON.stringify({history, base, images}) + inspected;
	// JSON.stringify would escape a raw ESC as \u001b; neither it nor BEL may survive.
	assert.doesNotMatch(everything, /\\u001b|\\u0007|\u001B|\u0007/i);
	assert.ok(history.some(entry => entry.createdBy.includes('^[]0;PWNED-TITLE^G')), 'the title sequence is shown, inert');
	assert.ok(base.some(entry => entry.comment.includes('^[[2J')), 'the clear sequence in the import comment is shown, inert');
	assert.ok(images.some(image => image.repoTags.includes(HOSTILE)));
	// Labels are shown only in the inspect document (the list leaves them out).
	const labels = (JSON.parse(inspected) as {Config?: {Labels?: Record<string, string>}}).Config?.Labels;
	assert.ok(labels?.[HOSTILE_LABEL.key]?.includes('^[]0;PWNED-TITLE^G'));
});

test('inspect returns the full document', async () => {
	const document = await engine.inspect(BASE) as {Id?: string; RootFS?: {Layers?: string[]}};
	assert.equal(document.Id, (await cli(['image', 'inspect', '--format', '{{.Id}}', BASE])).trim());
	assert.equal(document.RootFS?.Layers?.length, 1);
});

test('events arrive live: a tag by another client is seen', async () => {
	const seen: string[] = [];
	let connected = false;
	const stop = engine.watchEvents({
		onEvent: event => seen.push(`${event.type} ${event.action} ${event.attributes.name ?? ''}`),
		onConnected() {
			connected = true;
		},
		onDisconnected() {},
	});
	try {
		await waitFor(() => connected, 'the event stream');
		await cli(['tag', BASE, 'stowage-events:probe']);
		await cli(['rmi', 'stowage-events:probe']);
		await waitFor(() => seen.some(line => line.startsWith('image tag')) && seen.some(line => line.startsWith('image untag')), 'tag and untag events', 3000, () => seen.join('\n'));
	} finally {
		stop();
	}
});
