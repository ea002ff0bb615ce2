// The registry browser (R) typed into the real binary in tmux, against a real
// registry (htpasswd, credentials in config.json): browse repositories and tags,
// a remote tag's history (in the layer-history pane), details and advice, pull it, copy it to another repository,
// delete a tag (with the other tag on its digest named first).
import assert from 'node:assert/strict';
import {randomBytes} from 'node:crypto';
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {after, before, test} from 'node:test';
import {docker} from '../bed/docker-cli.mjs';
import {registryGet, startRegistry, type TestRegistry} from '../bed/registry.mjs';
import {startTokenIssuer, type TokenIssuer} from '../bed/token-issuer.mjs';
import {startSilentListener, type SilentListener} from '../helpers/silent-listener.ts';
import {basicAuthorize, Pusher, tokenAuthorize, type PushedImage} from '../helpers/registry-fixtures.ts';
import {testHost, waitFor} from '../helpers/test-engine.ts';
import {openTerminal, type Terminal} from '../helpers/tmux.ts';

const user = 'tester';
const password = `Pw-${randomBytes(6).toString('hex')}`;
let terminal: Terminal;
let registry: TestRegistry;
let work: string;
let app: PushedImage;
let pusher: Pusher;
let config: string;
let issuer: TokenIssuer;
let tokenRegistry: TestRegistry;
let silent: SilentListener;
const pulled = () => `${registry.host}/team/app:v1`;

async function tags(repository: string): Promise<string[]> {
	const answer = await registryGet(registry.port, `/v2/${repository}/tags/list`, {auth: [user, password]});
	return answer.status === 200 ? ((JSON.parse(answer.body) as {tags: string[] | null}).tags ?? []).sort() : [];
}

async function typeRegistry(host: string) {
	await terminal.keys('R');
	await terminal.waitForScreen(screen => screen.includes('Browse a registry'), 'the registry form');
	await terminal.keys('C-u');
	await terminal.typeSlowly(host, 20);
	await terminal.keys('Enter');
}

async function openBrowser() {
	await typeRegistry(registry.host);
	await terminal.waitForScreen(screen => screen.includes(`Registry ${registry.host} · repositories 2`) && screen.includes('team/other'), 'the repositories');
}

before(async () => {
	registry = await startRegistry({users: {[user]: password}});
	issuer = await startTokenIssuer({users: {[user]: password}});
	tokenRegistry = await startRegistry({token: issuer});
	silent = await startSilentListener();
	await new Pusher(tokenRegistry.port, tokenAuthorize(issuer.realm, issuer.service, user, password)).image('secure/app', '2.0', {history: ['/bin/sh -c #(nop) ADD file:token in /', '/bin/sh -c #(nop)  CMD ["token-step"]']});
	pusher = new Pusher(registry.port, basicAuthorize(user, password));
	app = await pusher.image('team/app', 'v1', {history: ['/bin/sh -c #(nop) ADD file:e2e in /', '/bin/sh -c #(nop)  CMD ["remote-history-step"]'], labels: {maintainer: 'e2e'}, layers: [[{name: 'e2e.txt', content: 'e2e\n'}]]});
	await pusher.manifest('team/app', 'stable', app.body, app.mediaType);
	await pusher.image('team/app', 'old');
	await pusher.image('team/other', 'latest');
	work = mkdtempSync('/tmp/stowage-e2e-registry-');
	config = path.join(work, 'docker-config');
	mkdirSync(config);
	const auth = Buffer.from(`${user}:${password}`).toString('base64');
	writeFileSync(path.join(config, 'config.json'), JSON.stringify({auths: {[registry.host]: {auth}, [tokenRegistry.host]: {auth}}}));
	terminal = await openTerminal([], {DOCKER_HOST: testHost(), DOCKER_CONFIG: config, TERM: 'xterm-256color'}, 140, 45);
	await terminal.waitForScreen(screen => /─ Images \d+ /.test(screen), 'the image list');
});

after(async () => {
	await terminal?.close();
	await docker(['rmi', pulled(), `${registry.host}/team/moving:1`]);
	// The moving tag's first image stays behind its digest (`repo <none>`) once U pulled the second: by ID.
	const left = await docker(['images', '--format', '{{.Repository}} {{.ID}}']);
	const stale = left.stdout.split('\n').filter(line => registry && line.startsWith(`${registry.host}/team/moving `)).map(line => line.split(' ')[1]!);
	if (stale.length > 0) {
		await docker(['rmi', ...stale]);
	}
	silent?.close();
	await Promise.all([registry?.stop(), tokenRegistry?.stop()]);
	await issuer?.stop();
	rmSync(work, {recursive: true, force: true});
});

test('R browses the repositories and tags; the layer-history pane shows the history of the tag under the cursor; o its advice; Enter its manifest and labels', async () => {
	await openBrowser();
	await terminal.keys('Enter');
	await terminal.waitForScreen(screen => screen.includes('team/app · tags 3') && /› old/.test(screen), 'the tags, sorted');
	await terminal.keys('s');
	await terminal.waitForScreen(screen => /› v1/.test(screen) && screen.includes('sort: name-desc'), 'the tags sorted Z→A');
	// A whole frame: tmux can capture one that is still being written (seen on podman: the disk usage pane
	// half drawn and no status line yet), so the status line's hints are waited for too.
	const pane = await terminal.waitForScreen(screen => /Layer history of v1 \(2 steps, compressed/.test(screen) && screen.includes('remote-history-step') && screen.includes('/ filter'), 'the history of v1 in the layer-history pane, and the status line');
	assert.match(pane, /SIZE +CREATED +SHARE +CREATED BY/, 'the same columns as for a local image');
	// The keys' hints are drawn once, on the status line.
	assert.equal(pane.split('\n').filter(line => line.includes('/ filter')).length, 1, pane);
	await terminal.keys('o');
	await terminal.waitForScreen(screen => screen.includes(`Advisor ${registry.host}/team/app:v1`) && screen.includes('Advice from the history'), 'the advice from the history');
	await terminal.keys('Escape');
	await terminal.waitForScreen(screen => screen.includes('team/app · tags 3') && /› v1/.test(screen), 'back on the tags');
	await terminal.keys('Enter');
	const details = await terminal.waitForScreen(screen => screen.includes('Media type') && screen.includes('History     2 steps'), 'the details');
	assert.ok(details.includes(app.digest), details);
	assert.match(details, /Docker image manifest v2/);
	assert.match(details, /1 layer/);
	assert.match(details, /maintainer=e2e/);
	assert.match(details, /linux\/amd64/);
	await terminal.keys('Escape');
	await terminal.waitForScreen(screen => screen.includes('team/app · tags 3'), 'back on the tags');
	await terminal.keys('P');
	await terminal.waitForScreen(screen => screen.includes('Pull an image') && screen.includes(`${registry.host}/team/app:v1`), 'the pull form, filled in');
	await terminal.keys('Escape');
	await terminal.waitForScreen(screen => screen.includes('team/app · tags 3') && /› v1/.test(screen), 'back on the tags');
});

test('p pulls the selected remote tag through the pull job', async () => {
	await terminal.keys('p');
	await waitFor(async () => (await docker(['image', 'inspect', pulled()])).code === 0, 'the pulled image', 30_000);
	await terminal.keys('Escape');
	await terminal.keys('Escape');
	await terminal.waitForScreen(screen => /✓ pull/.test(screen), 'the pull job done');
});

test('C copies the tag to another repository as a job; d deletes a tag after naming the other tag on its digest', async () => {
	await openBrowser();
	await terminal.keys('Enter');
	await terminal.waitForScreen(screen => screen.includes('team/app · tags 3'), 'the tags');
	await terminal.keys('/');
	await terminal.typeSlowly('v1', 30);
	await terminal.keys('Enter');
	await terminal.waitForScreen(screen => /› v1/.test(screen) && screen.includes('tags 1/3'), 'v1 filtered');
	await terminal.keys('C');
	await terminal.waitForScreen(screen => screen.includes('To (registry/repository:tag)'), 'the copy form');
	await terminal.keys('C-u');
	await terminal.typeSlowly(`${registry.host}/team/copy:v1`, 10);
	await terminal.keys('Enter');
	await waitFor(async () => (await tags('team/copy')).includes('v1'), 'the copy on the registry', 20_000);

	await terminal.keys('Escape');
	await terminal.waitForScreen(screen => screen.includes('team/app · tags 3'), 'the filter gone');
	await terminal.keys('g', 'j');
	await terminal.waitForScreen(screen => /› stable/.test(screen), 'stable selected');
	await terminal.keys('d');
	const confirm = await terminal.waitForScreen(screen => screen.includes('Delete team/app:stable from'), 'the delete confirmation');
	assert.ok(confirm.includes(app.digest), confirm);
	assert.match(confirm, /These tags are on the same digest and go with it: v1/);
	await terminal.keys('y');
	await terminal.waitForScreen(screen => screen.includes('team/app · tags 1'), 'both tags gone from the list', 15_000);
	assert.deepEqual(await tags('team/app'), ['old']);
	await terminal.keys('Escape', 'Escape');
	const main = await terminal.waitForScreen(screen => /✓ delete/.test(screen) && /✓ copy/.test(screen), 'the jobs done');
	assert.match(main, /✓ copy/);
});

test('a local tag whose registry tag moved is marked ↑ newer in registry; U pulls it and the mark goes', async () => {
	const moving = `${registry.host}/team/moving:1`;
	await pusher.image('team/moving', '1', {layers: [[{name: 'first.txt', content: 'first\n'}]]});
	const pulledFirst = await docker(['pull', moving], {env: {DOCKER_CONFIG: config}});
	assert.equal(pulledFirst.code, 0, pulledFirst.stderr);
	await terminal.waitForScreen(screen => screen.includes(`${registry.host}/team/moving`), 'the pulled tag in the list');
	assert.doesNotMatch(await terminal.screen(), /newer in registry/, 'the registry has the same digest');
	await pusher.image('team/moving', '1', {layers: [[{name: 'second.txt', content: 'second\n'}]]});
	await terminal.keys('C-r');
	await terminal.waitForScreen(screen => /team\/moving.*↑ newer in registry/.test(screen), 'the stale mark', 15_000);
	await terminal.keys('U');
	await terminal.waitForScreen(screen => screen.includes(`${registry.host}/team/moving`) && !screen.includes('newer in registry'), 'the mark gone after the pull', 30_000);
});

test('a registry with token auth: the catalog, the tags and a tag\'s history through tokens from its issuer', async () => {
	const before = issuer.requests.length;
	await typeRegistry(tokenRegistry.host);
	await terminal.waitForScreen(screen => screen.includes(`Registry ${tokenRegistry.host} · repositories 1`) && screen.includes('secure/app'), 'the repositories');
	await terminal.keys('Enter');
	await terminal.waitForScreen(screen => screen.includes('secure/app · tags 1') && /› 2\.0/.test(screen), 'the tags');
	await terminal.waitForScreen(screen => screen.includes('token-step'), 'the history in the layer-history pane');
	await terminal.keys('Enter');
	await terminal.waitForScreen(screen => screen.includes('Media type'), 'the details');
	assert.ok(issuer.requests.slice(before).every(request => request.user === user), JSON.stringify(issuer.requests));
	assert.ok(issuer.requests.length - before >= 2, 'a token for the catalog and one for the repository');
	await terminal.keys('Escape');
	await terminal.waitForScreen(screen => screen.includes('secure/app · tags 1'), 'back on the tags');
	await terminal.keys('Escape', 'Escape');
	await terminal.waitForScreen(screen => /─ Images \d+ /.test(screen), 'the image list');
});

test('a registry that never answers: the browser says what it waits for, and Esc cancels it at once', async () => {
	await typeRegistry(`127.0.0.1:${silent.port}`);
	await terminal.waitForScreen(screen => screen.includes('listing repositories…  (Esc cancels)'), 'the wait shown');
	await terminal.keys('Escape');
	await terminal.waitForScreen(screen => screen.includes('cancelled'), 'the cancel');
	await terminal.keys('Escape');
	await terminal.waitForScreen(screen => /─ Images \d+ /.test(screen), 'the image list, still answering');
});
