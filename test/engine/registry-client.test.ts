// The registry client (source/engine/registry/) against real registries: Debian's
// docker-registry with htpasswd (basic auth), one with token auth from the bed's issuer
// (test/bed/token-issuer.mjs), and one with delete disabled. Fixtures are pushed
// through the registry API; what a registry refuses on PUT is planted in its storage.
import assert from 'node:assert/strict';
import {randomBytes} from 'node:crypto';
import {readFileSync} from 'node:fs';
import {after, before, test} from 'node:test';
import {startRegistry, type TestRegistry} from '../bed/registry.mjs';
import {startTokenIssuer, type TokenIssuer} from '../bed/token-issuer.mjs';
import {RegistryClient} from '../../source/engine/registry/client.ts';
import {copyImage} from '../../source/engine/registry/copy.ts';
import {CatalogUnavailableError, MalformedError, RegistryAuthError, RegistryError, RegistryTimeoutError} from '../../source/engine/registry/errors.ts';
import {mediaTypes} from '../../source/engine/registry/media-types.ts';
import {compressedSize} from '../../source/engine/registry/manifest.ts';
import {basicAuthorize, plantManifest, Pusher, tokenAuthorize, types, type PushedImage} from '../helpers/registry-fixtures.ts';
import {startPacedTcpProxy} from '../helpers/paced-proxy.ts';
import {startSilentListener} from '../helpers/silent-listener.ts';
import {isPodman, testEngine} from '../helpers/test-engine.ts';

const user = 'stowage';
const password = `Pw-${randomBytes(8).toString('hex')}`;
const tokenLifetime = 3;
let basic: TestRegistry;
let tokenRegistry: TestRegistry;
let noDelete: TestRegistry;
let issuer: TokenIssuer;
let pusher: Pusher;
let tokenPusher: Pusher;
let app: PushedImage;
let amd64: PushedImage;
let arm64: PushedImage;
const clients: RegistryClient[] = [];
const hostileTag = 'evil\u001B]0;pwned\u0007\u001B[2J';

const creds = () => Promise.resolve({username: user, password, serveraddress: ''});
function client(registry: TestRegistry, options: {anonymous?: boolean; password?: string; timeoutMs?: number} = {}): RegistryClient {
	const made = new RegistryClient({
		registry: registry.host,
		credentials: options.anonymous ? () => Promise.resolve(undefined) : () => Promise.resolve({username: user, password: options.password ?? password, serveraddress: registry.host}),
		timeoutMs: options.timeoutMs,
	});
	clients.push(made);
	return made;
}

const tagNames = Array.from({length: 1500}, (_, index) => `t${String(index).padStart(4, '0')}`);

before(async () => {
	issuer = await startTokenIssuer({users: {[user]: password}, expiresIn: tokenLifetime});
	[basic, tokenRegistry, noDelete] = await Promise.all([
		startRegistry({users: {[user]: password}, accessLog: true}),
		startRegistry({token: issuer, accessLog: true}),
		startRegistry({users: {[user]: password}, deleteEnabled: false}),
	]);
	pusher = new Pusher(basic.port, basicAuthorize(user, password));
	tokenPusher = new Pusher(tokenRegistry.port, tokenAuthorize(issuer.realm, issuer.service, user, password));
	app = await pusher.image('team/app', 'v1', {labels: {'org.opencontainers.image.title': 'app \u001B[31mred'}, history: ['/bin/sh -c #(nop) ADD file:abc in /', '/bin/sh -c #(nop)  CMD ["sh"]'], layers: [[{name: 'a.txt', size: 4000}], [{name: 'b.txt', size: 9000}]]});
	await pusher.image('team/app', 'oci', {oci: true});
	amd64 = await pusher.image('team/multi', 'amd64', {oci: true, architecture: 'amd64'});
	arm64 = await pusher.image('team/multi', 'arm64', {oci: true, architecture: 'arm64', layers: [[{name: 'arm.txt', size: 3000}]]});
	await pusher.index('team/multi', 'latest', [{manifest: amd64, platform: {os: 'linux', architecture: 'amd64'}}, {manifest: arm64, platform: {os: 'linux', architecture: 'arm64', variant: 'v8'}}]);
	await pusher.index('team/multi', 'list', [{manifest: {...amd64}, platform: {os: 'linux', architecture: 'amd64'}}], false);
	const many = await pusher.image('many/tags', tagNames[0]!);
	await pusher.tags('many/tags', many, tagNames.slice(1));
	for (const name of ['r/a', 'r/b', 'r/c', 'r/d', 'r/e']) {
		await pusher.image(name, 'latest');
	}

	plantManifest(basic.dir, 'team/app', hostileTag, app.body);
	plantManifest(basic.dir, 'team/bad', 'latest', Buffer.from(JSON.stringify({schemaVersion: 2, mediaType: types.docker, config: {mediaType: 'x', digest: 'sha256:nothex', size: -1}, layers: [{digest: 'bad'}]})));
	await tokenPusher.image('private/app', 'v1');
	await tokenPusher.image('public/app', 'v1');
	await new Pusher(noDelete.port, basicAuthorize(user, password)).image('keep/app', 'v1');
});

after(async () => {
	for (const made of clients) {
		made.close();
	}

	await Promise.all([basic?.stop(), tokenRegistry?.stop(), noDelete?.stop()]);
	await issuer?.stop();
});

test('the /v2/ probe with basic auth; a wrong password is refused without the password in the message', async () => {
	const good = client(basic);
	await good.ping();
	assert.equal(await good.plainHttp(), true, 'a loopback registry without TLS is spoken to over HTTP');
	const wrong = `Wrong-${randomBytes(6).toString('hex')}`;
	await assert.rejects(client(basic, {password: wrong}).ping(), (error: unknown) => {
		assert.ok(error instanceof RegistryAuthError, String(error));
		assert.match(error.message, /refused access as stowage/);
		assert.ok(!error.message.includes(wrong));
		return true;
	});
	await assert.rejects(client(basic, {anonymous: true}).ping(), /requires authentication: log in with l/);
});

test('the catalog pages with n and Link until the last page', async () => {
	const registry = client(basic);
	const seen: string[][] = [];
	let next: string | undefined;
	do {
		const page = await registry.catalogPage({n: 2, next});
		seen.push(page.items);
		next = page.next;
	} while (next);
	// Eight repositories with layers (team/bad, planted without any, is not walked).
	assert.ok(seen.length >= 4, `pages: ${seen.length}`);
	assert.ok(seen.slice(0, -1).every(page => page.length === 2));
	const all = seen.flat();
	assert.deepEqual(all, [...all].sort());
	for (const name of ['many/tags', 'r/a', 'r/e', 'team/app', 'team/multi']) {
		assert.ok(all.includes(name), name);
	}

	assert.equal(new Set(all).size, all.length, 'no repository twice');
});

test('1,500 tags: every tag once; distribution 2.8 ignores n on tags/list and sends them in one answer without a Link', async () => {
	const registry = client(basic);
	const pages: number[] = [];
	const tags = await registry.allTags('many/tags', {n: 200, onPage: page => pages.push(page.length)});
	assert.deepEqual([...tags].sort(), tagNames);
	assert.equal(new Set(tags).size, 1500);
	// The Link-following is the catalog's (tested above against the same registry's paging). The one
	// answer is read as it arrives: its tags are handed on chunk by chunk, each tag once.
	assert.ok(pages.length >= 1);
	assert.equal(pages.reduce((sum, count) => sum + count, 0), 1500);
});

test('media types: Docker v2, OCI manifest, OCI index and Docker manifest list, digests verified and HEAD agreeing', async () => {
	const registry = client(basic);
	const v1 = await registry.manifest('team/app', 'v1');
	assert.equal(v1.kind, 'image');
	assert.equal(v1.mediaType, mediaTypes.dockerManifest);
	assert.equal(v1.digest, app.digest);
	assert.equal(v1.kind === 'image' && v1.layers.length, 2);
	assert.equal(v1.kind === 'image' && compressedSize(v1), app.layers[0]!.size + app.layers[1]!.size);
	assert.deepEqual(await registry.headManifest('team/app', 'v1'), {digest: app.digest, mediaType: mediaTypes.dockerManifest, size: app.size});
	const byDigest = await registry.manifest('team/app', app.digest);
	assert.equal(byDigest.digest, app.digest);

	const oci = await registry.manifest('team/app', 'oci');
	assert.equal(oci.mediaType, mediaTypes.ociManifest);

	const index = await registry.manifest('team/multi', 'latest');
	assert.equal(index.mediaType, mediaTypes.ociIndex);
	assert.ok(index.kind === 'index');
	assert.deepEqual(index.manifests.map(child => [child.digest, child.size, child.platform]), [
		[amd64.digest, amd64.size, {os: 'linux', architecture: 'amd64'}],
		[arm64.digest, arm64.size, {os: 'linux', architecture: 'arm64', variant: 'v8'}],
	]);
	const list = await registry.manifest('team/multi', 'list');
	assert.equal(list.mediaType, mediaTypes.dockerList);

	assert.ok(v1.kind === 'image');
	const config = await registry.config('team/app', v1);
	assert.equal(config.architecture, 'amd64');
	assert.equal(config.created, '2024-05-06T07:08:09Z');
	assert.deepEqual(config.history.map(step => [step.createdBy, step.emptyLayer]), [['/bin/sh -c #(nop) ADD file:abc in /', false], ['/bin/sh -c #(nop)  CMD ["sh"]', false]]);
	assert.equal(config.labels['org.opencontainers.image.title'], 'app ^[[31mred', 'labels come sanitized');
});

test('a malformed manifest is a clear error, not a crash', async () => {
	await assert.rejects(client(basic).manifest('team/bad', 'latest'), (error: unknown) => {
		assert.ok(error instanceof MalformedError, String(error));
		assert.equal(error.message, 'malformed manifest: config has no valid digest');
		return true;
	});
});

test('a hostile tag name is listed as the registry has it, refused as a reference, and never echoed raw', async () => {
	const registry = client(basic);
	const tags = await registry.allTags('team/app');
	assert.ok(tags.includes(hostileTag), JSON.stringify(tags));
	await assert.rejects(registry.manifest('team/app', hostileTag), (error: unknown) => {
		assert.ok(error instanceof MalformedError);
		assert.match(error.message, /^not a valid tag or digest: evil\^\[\]0;pwned\^G\^\[\[2J$/);
		return true;
	});
	await assert.rejects(registry.tagsPage('../../v2/_catalog'), /not a valid repository name/);
});

test('token auth: one token per scope reused until expires_in, then a new one; anonymous pull where the issuer allows it', async () => {
	const registry = client(tokenRegistry);
	const before = issuer.requests.length;
	await registry.manifest('private/app', 'v1');
	await registry.allTags('private/app');
	await registry.headManifest('private/app', 'v1');
	assert.equal(registry.tokenRequests, 1, 'three calls on one repository, one token');
	assert.equal(issuer.requests.length - before, 1);
	assert.deepEqual(issuer.requests.at(-1), {user, scopes: ['repository:private/app:pull']});

	await registry.manifest('public/app', 'v1');
	assert.equal(registry.tokenRequests, 2, 'another repository is another scope');

	await new Promise(resolve => setTimeout(resolve, tokenLifetime * 1000));
	await registry.manifest('private/app', 'v1');
	assert.equal(registry.tokenRequests, 3, 'an expired token is replaced before it is sent');

	const anonymous = client(tokenRegistry, {anonymous: true});
	const manifest = await anonymous.manifest('public/app', 'v1');
	assert.equal(manifest.kind, 'image');
	assert.equal(issuer.requests.at(-1)?.user, undefined, 'asked for anonymously');
	await assert.rejects(anonymous.manifest('private/app', 'v1'), /requires authentication: log in with l/);

	const wrong = `Wrong-${randomBytes(6).toString('hex')}`;
	await assert.rejects(client(tokenRegistry, {password: wrong}).manifest('private/app', 'v1'), (error: unknown) => {
		assert.ok(error instanceof RegistryAuthError);
		assert.match(error.message, /token service refused the credentials as stowage/);
		assert.ok(!error.message.includes(wrong));
		return true;
	});
});

test('token auth: a token the registry refuses though it has not expired by our clock is replaced once, then the call goes through', async () => {
	const registry = client(tokenRegistry);
	issuer.expireNext();
	const manifest = await registry.manifest('private/app', 'v1');
	assert.equal(manifest.kind, 'image');
	assert.equal(registry.tokenRequests, 2, 'the refused token, then a fresh one');
	await registry.headManifest('private/app', 'v1');
	assert.equal(registry.tokenRequests, 2, 'the fresh one is kept');
	issuer.expireNext(2);
	const refusing = client(tokenRegistry);
	await assert.rejects(refusing.manifest('private/app', 'v1'), /refused access as stowage/);
	assert.equal(refusing.tokenRequests, 2, 'one retry, not a loop');
});

test('token auth: the catalog needs its own scope; a registry that refuses it says to type a name', async () => {
	const registry = client(tokenRegistry);
	const page = await registry.catalogPage();
	assert.ok(page.items.includes('private/app') && page.items.includes('public/app'), JSON.stringify(page.items));
	// The issuer grants an anonymous caller no catalog: as Docker Hub does, a token comes back and the registry still says 401.
	await assert.rejects(client(tokenRegistry, {anonymous: true}).catalogPage(), (error: unknown) => {
		assert.ok(error instanceof CatalogUnavailableError, String(error));
		assert.match(error.message, /does not list its repositories to this user: type a repository name/);
		return true;
	});
	// Without a password, an htpasswd registry needs a login first, not a name.
	await assert.rejects(client(basic, {anonymous: true}).catalogPage(), /requires authentication: log in with l/);
});

test('delete by digest removes every tag on that digest', async () => {
	const registry = client(basic);
	const image = await pusher.image('team/delete', 'a');
	await pusher.manifest('team/delete', 'b', image.body, image.mediaType);
	await pusher.image('team/delete', 'other');
	await registry.deleteManifest('team/delete', image.digest);
	await assert.rejects(registry.headManifest('team/delete', 'a'), (error: unknown) => error instanceof RegistryError && error.status === 404);
	await assert.rejects(registry.headManifest('team/delete', 'b'), (error: unknown) => error instanceof RegistryError && error.status === 404);
	assert.ok((await registry.headManifest('team/delete', 'other')).digest);
	await assert.rejects(registry.deleteManifest('team/delete', 'a'), /deletes manifests by digest only/);
});

test('a registry with delete disabled answers 405, explained', async () => {
	const registry = client(noDelete);
	const {digest} = await registry.headManifest('keep/app', 'v1');
	await assert.rejects(registry.deleteManifest('keep/app', digest), (error: unknown) => {
		assert.ok(error instanceof RegistryError);
		assert.equal(error.status, 405);
		assert.match(error.message, /^delete is disabled on this registry/);
		return true;
	});
	assert.equal((await registry.headManifest('keep/app', 'v1')).digest, digest);
});

test('copy within a registry mounts every blob from the source repository: nothing is uploaded', async () => {
	const registry = client(basic);
	const progress: number[] = [];
	const result = await copyImage({client: registry, repository: 'team/app', reference: 'v1'}, {client: registry, repository: 'copied/app', reference: 'v1'}, {onBytes: done => progress.push(done)});
	assert.deepEqual({mounted: result.mounted, uploaded: result.uploaded, existed: result.existed}, {mounted: 3, uploaded: 0, existed: 0});
	assert.equal(result.digest, app.digest);
	assert.equal(progress.at(-1), result.totalBytes);
	assert.equal((await registry.headManifest('copied/app', 'v1')).digest, app.digest);
	const log = readFileSync(basic.log, 'utf8');
	assert.match(log, /"POST \/v2\/copied\/app\/blobs\/uploads\/\?mount=sha256%3A[a-f0-9]{64}&from=team%2Fapp HTTP\/1\.1" 201/);
	assert.doesNotMatch(log, /"(PUT|PATCH) \/v2\/copied\/app\/blobs\/uploads\//, 'no blob was uploaded');
});

test('copy to another registry streams every blob with byte progress, and an index with its platforms', async () => {
	const source = client(basic);
	const target = client(tokenRegistry);
	const progress: Array<[number, number]> = [];
	const result = await copyImage({client: source, repository: 'team/app', reference: 'v1'}, {client: target, repository: 'mirror/app', reference: 'v1'}, {onBytes: (done, total) => progress.push([done, total])});
	assert.deepEqual({mounted: result.mounted, uploaded: result.uploaded}, {mounted: 0, uploaded: 3});
	assert.equal(result.totalBytes, app.config.size + app.layers[0]!.size + app.layers[1]!.size);
	assert.deepEqual(progress.at(-1), [result.totalBytes, result.totalBytes]);
	assert.equal((await target.headManifest('mirror/app', 'v1')).digest, app.digest);

	const again = await copyImage({client: source, repository: 'team/app', reference: 'v1'}, {client: target, repository: 'mirror/app', reference: 'v2'});
	assert.deepEqual({existed: again.existed, uploaded: again.uploaded}, {existed: 3, uploaded: 0}, 'blobs the target has are skipped');

	const index = await copyImage({client: source, repository: 'team/multi', reference: 'latest'}, {client: target, repository: 'mirror/multi', reference: 'latest'});
	const copied = await target.manifest('mirror/multi', 'latest');
	assert.equal(copied.digest, index.digest);
	assert.ok(copied.kind === 'index');
	for (const child of copied.manifests) {
		assert.equal((await target.manifest('mirror/multi', child.digest)).digest, child.digest);
	}
});

test('a registry that never answers times out with a clear word; a cancel ends a request at once', async () => {
	const silent = await startSilentListener();
	try {
		const hung = new RegistryClient({registry: `127.0.0.1:${silent.port}`, credentials: creds, timeoutMs: 400});
		clients.push(hung);
		await assert.rejects(hung.ping(), (error: unknown) => error instanceof RegistryTimeoutError && /did not answer within/.test(error.message));
		const controller = new AbortController();
		const started = performance.now();
		const pending = new RegistryClient({registry: `127.0.0.1:${silent.port}`, credentials: creds, timeoutMs: 60_000});
		clients.push(pending);
		const call = pending.ping(controller.signal);
		setTimeout(() => controller.abort(), 100);
		await assert.rejects(call, (error: unknown) => error instanceof Error && error.name === 'AbortError');
		assert.ok(performance.now() - started < 2000);
	} finally {
		silent.close();
	}
});

test('a tag list over a slow link is handed on part by part as it arrives; a cancel mid-answer ends it at once, and the same client lists again', async () => {
	// The real registry behind a loopback proxy that passes 4 kB/s: its one answer of 1,500 tags (~13 kB) takes seconds.
	const proxy = await startPacedTcpProxy({host: '127.0.0.1', port: basic.port}, 4000);
	try {
		const slow = new RegistryClient({registry: `127.0.0.1:${proxy.port}`, credentials: creds});
		clients.push(slow);
		await slow.ping();
		const controller = new AbortController();
		let seen = 0;
		const started = performance.now();
		let cancelledAt = 0;
		const cancelled = slow.allTags('many/tags', {signal: controller.signal, onPage(tags) {
			seen += tags.length;
			if (!controller.signal.aborted) {
				cancelledAt = performance.now();
				controller.abort();
			}
		}});
		await assert.rejects(cancelled, (error: unknown) => error instanceof Error && error.name === 'AbortError');
		assert.ok(seen > 0 && seen < 1500, `the first part came before the rest (${seen} tags)`);
		assert.ok(performance.now() - cancelledAt < 500, 'the cancel ended the answer at once');

		const parts: Array<{count: number; at: number}> = [];
		const tags = await slow.allTags('many/tags', {onPage: page => parts.push({count: page.length, at: performance.now()})});
		const ended = performance.now();
		assert.deepEqual([...tags].sort(), tagNames);
		assert.equal(parts.reduce((sum, part) => sum + part.count, 0), 1500, 'each tag handed on once');
		assert.ok(parts.length >= 2, `${parts.length} parts`);
		assert.ok(ended - parts[0]!.at > 1000, `the first part was shown ${Math.round(ended - parts[0]!.at)} ms before the answer ended`);
		assert.ok(performance.now() - started < 20_000);
	} finally {
		await proxy.stop();
	}
});

test('the engine says which registries it speaks plain HTTP to (GET /info RegistryConfig)', async () => {
	const engine = testEngine();
	try {
		await engine.connect();
		const policy = await engine.insecureRegistries!();
		// dockerd always lists loopback; a registry named with --insecure-registry would be here too.
		assert.ok(policy.cidrs.includes('127.0.0.0/8') || isPodman(), JSON.stringify(policy));
		assert.ok(Array.isArray(policy.names));
	} finally {
		engine.close();
	}
});
