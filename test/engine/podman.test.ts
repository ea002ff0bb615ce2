// What only Podman does, checked on the real service: names from its own builds,
// bare IDs, no SharedSize in the list. On other engines these say why they skip.
import assert from 'node:assert/strict';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import {after, before, test} from 'node:test';
import {docker, run} from '../bed/docker-cli.mjs';
import {APP, BASE} from '../bed/fixture-names.mjs';
import type {Engine} from '../../source/engine/engine.ts';
import {toRows} from '../../source/store/image-rows.ts';
import {isPodman, testEngine, testHost} from '../helpers/test-engine.ts';

const onlyPodman = (name: string): [string, {skip: string | false}] => [`${name} (podman only)`, {skip: isPodman() ? false : 'a Podman difference'}];
const local = 'stowage-podman/local';
let engine: Engine;
let work: string;

before(async () => {
	engine = testEngine();
	await engine.connect();
	work = mkdtempSync('/tmp/stowage-podman-');
});
after(async () => {
	engine.close();
	rmSync(work, {recursive: true, force: true});
	if (isPodman()) {
		await docker(['rmi', `localhost/${local}:latest`]);
	}
});

/** A raw request to the engine's socket: for libpod's own endpoints, which dockerode does not know. */
function raw(method: string, urlPath: string, body?: Buffer): Promise<{status: number; text: string}> {
	return new Promise((resolve, reject) => {
		const req = http.request({socketPath: testHost().replace(/^unix:\/\//, ''), method, path: urlPath, headers: body ? {'Content-Type': 'application/x-tar'} : {}}, res => {
			const chunks: Buffer[] = [];
			res.on('data', (chunk: Buffer) => chunks.push(chunk));
			res.on('end', () => resolve({status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8')}));
		});
		req.on('error', reject);
		req.end(body);
	});
}

test(...onlyPodman('what `podman build -t NAME` makes is localhost/NAME, shown as `docker images` shows it'), async () => {
	writeFileSync(path.join(work, 'Dockerfile'), `FROM ${BASE}\nLABEL org.example.local=yes\n`);
	const tar = path.join(work, 'context.tar');
	assert.equal((await run('tar', ['-C', work, '-cf', tar, 'Dockerfile'])).code, 0);
	// libpod's own build endpoint, the one the podman CLI uses.
	const built = await raw('POST', `/v4.3.1/libpod/build?t=${encodeURIComponent(local)}`, readFileSync(tar));
	assert.equal(built.status, 200, built.text);

	const rows = toRows(await engine.listImages());
	const ours = rows.find(row => row.repository === `localhost/${local}`);
	assert.equal(ours?.tag, 'latest');
	const theirs = (await docker(['images', '--format', '{{.Repository}}:{{.Tag}}'])).stdout.split('\n');
	assert.ok(theirs.includes(`localhost/${local}:latest`), theirs.join(' '));
	// The same image by the name the compat API gave it would have been docker.io/library/…: not this one.
	assert.ok(!rows.some(row => row.repository === local));
});

test(...onlyPodman('IDs arrive with their algorithm, names familiar, and the list\'s SharedSize is unknown while df knows it'), async () => {
	const images = await engine.listImages();
	assert.ok(images.every(image => /^sha256:[0-9a-f]{64}$/.test(image.id)));
	assert.ok(images.every(image => image.sharedSize === -1), 'Podman 4.3 sends 0 without computing it');
	assert.ok(images.flatMap(image => image.repoTags).every(tag => !tag.startsWith('docker.io/')));
	const history = await engine.history(APP);
	assert.ok(history.every(step => step.id === '<missing>' || /^sha256:/.test(step.id)));
	const usage = await engine.diskUsage();
	const app = images.find(image => image.repoTags.includes(APP))!;
	assert.ok((usage.perImage.get(app.id)?.sharedSize ?? -1) >= 0, 'df gives the shared size per image');
	assert.ok(usage.images.unreported);
});

test(...onlyPodman('the event stream gives image IDs with sha256: and familiar names'), async () => {
	const seen: Array<{action: string; id: string; name?: string}> = [];
	let connected = false;
	const stop = engine.watchEvents({
		onEvent: event => seen.push({action: event.action, id: event.id, name: event.attributes.name}),
		onConnected() {
			connected = true;
		},
		onDisconnected() {},
	});
	try {
		const deadline = Date.now() + 5000;
		while (!connected && Date.now() < deadline) {
			await new Promise(resolve => setTimeout(resolve, 20));
		}

		assert.equal((await docker(['tag', BASE, 'stowage-podman/event:1'])).code, 0);
		assert.equal((await docker(['rmi', 'stowage-podman/event:1'])).code, 0);
		while (!seen.some(event => event.action === 'untag') && Date.now() < deadline + 5000) {
			await new Promise(resolve => setTimeout(resolve, 20));
		}
	} finally {
		stop();
	}

	const tag = seen.find(event => event.action === 'tag');
	assert.equal(tag?.name, 'stowage-podman/event:1');
	assert.match(tag?.id ?? '', /^sha256:[0-9a-f]{64}$/);
	assert.ok(seen.some(event => event.action === 'untag'));
});
