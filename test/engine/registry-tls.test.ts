// The registry client over HTTPS against a real registry (Debian's docker-registry) serving
// TLS on an address of this machine that is not loopback (198.18.0.1 on lo, the benchmark
// range: nothing else uses it), so the client verifies it as docker does: refused with the
// certificate's reason until the registry's CA is in $DOCKER_CONFIG/certs.d/HOST:PORT/ca.crt
// (or /etc/docker/certs.d), then trusted; never plain HTTP. A second registry there requires
// a client certificate (tls.clientcas): refused without one, answered with the pair docker
// reads from certs.d/HOST:PORT/client.cert and client.key.
import assert from 'node:assert/strict';
import {existsSync, mkdirSync, mkdtempSync, rmSync, copyFileSync} from 'node:fs';
import path from 'node:path';
import {after, before, test} from 'node:test';
import {run} from '../bed/docker-cli.mjs';
import {startRegistry, type TestRegistry} from '../bed/registry.mjs';
import {makeTlsFiles, type TlsFiles} from '../bed/tls.mjs';
import {RegistryClient} from '../../source/engine/registry/client.ts';
import {basicAuthorize, plantManifest, Pusher} from '../helpers/registry-fixtures.ts';

const address = '198.18.0.1';
const user = 'stowage';
const password = 'tls-password';
let work: string;
let files: TlsFiles;
let registry: TestRegistry;
let mutual: TestRegistry;
let image: Awaited<ReturnType<Pusher['image']>>;
// What the /etc/docker/certs.d test made there, removed after (deepest first).
const madeInEtc: string[] = [];
let addedAddress = false;
const clients: RegistryClient[] = [];

before(async () => {
	work = mkdtempSync('/tmp/stowage-registry-tls-');
	const added = await run('ip', ['addr', 'add', `${address}/32`, 'dev', 'lo']);
	// "File exists" (newer iproute2: "Address already assigned"): a run killed before its after() left it; it is ours either way.
	assert.ok(added.code === 0 || /exists|already assigned/i.test(added.stderr), `ip addr add ${address}/32 dev lo: ${added.stderr}`);
	addedAddress = true;
	files = await makeTlsFiles(work, {serverNames: [`IP:${address}`]});
	registry = await startRegistry({users: {[user]: password}, tls: {address, cert: files.serverCert, key: files.serverKey}});
	// The fixture is pushed with the CA trusted by Node for this one client.
	const pusher = new Pusher(registry.port, basicAuthorize(user, password), {host: address, ca: files.ca});
	image = await pusher.image('team/secure', 'v1');
	mutual = await startRegistry({users: {[user]: password}, tls: {address, cert: files.serverCert, key: files.serverKey, clientCas: [files.ca], clientCert: files.clientCert, clientKey: files.clientKey}});
	plantManifest(mutual.dir, 'team/mutual', 'v1', image.body);
});

after(async () => {
	for (const client of clients) {
		client.close();
	}

	await Promise.all([registry?.stop(), mutual?.stop()]);
	for (const dir of madeInEtc.reverse()) {
		rmSync(dir, {recursive: true, force: true});
	}

	if (addedAddress) {
		await run('ip', ['addr', 'del', `${address}/32`, 'dev', 'lo']);
	}

	rmSync(work, {recursive: true, force: true});
});

function client(configDir: string, host = registry.host): RegistryClient {
	const made = new RegistryClient({
		registry: host,
		env: {DOCKER_CONFIG: configDir, HOME: work},
		credentials: () => Promise.resolve({username: user, password, serveraddress: registry.host}),
		timeoutMs: 10_000,
	});
	clients.push(made);
	return made;
}

test('an HTTPS registry whose CA is not trusted is refused with the certificate\'s reason, and plain HTTP is never tried', async () => {
	const bare = mkdtempSync(path.join(work, 'config-'));
	const refused = await client(bare).allTags('team/secure').then(() => undefined, (error: unknown) => error as Error);
	assert.ok(refused, 'the untrusted certificate is refused');
	assert.match(refused.message, new RegExp(`${registry.host.replaceAll('.', '\\.')}.*certificate|certificate.*${registry.host.replaceAll('.', '\\.')}`, 'i'), refused.message);
	assert.match(refused.message, new RegExp(`certs\\.d/${registry.host.replaceAll('.', '\\.')}/ca\\.crt`), 'it says where the CA goes');
	assert.ok(refused.message.includes(path.join(bare, 'certs.d', registry.host, 'ca.crt')), `it names this DOCKER_CONFIG's certs.d: ${refused.message}`);
	assert.doesNotMatch(refused.message, /http:\/\//, 'no plain-HTTP fallback for a registry that is not insecure');
});

test('with the CA in $DOCKER_CONFIG/certs.d/HOST:PORT/ca.crt the registry is trusted: tags and the manifest over HTTPS', async () => {
	const config = mkdtempSync(path.join(work, 'config-'));
	const certs = path.join(config, 'certs.d', registry.host);
	mkdirSync(certs, {recursive: true});
	copyFileSync(files.ca, path.join(certs, 'ca.crt'));
	const trusted = client(config);
	assert.deepEqual(await trusted.allTags('team/secure'), ['v1']);
	const manifest = await trusted.manifest('team/secure', 'v1');
	assert.match(manifest.digest, /^sha256:[0-9a-f]{64}$/);
});

test('with the CA in /etc/docker/certs.d/HOST:PORT/ca.crt (the daemon-wide directory) the registry is trusted as well', async () => {
	// Made for this test and removed after it: only this registry's HOST:PORT directory (and its parents if they were not there).
	for (const dir of ['/etc/docker', '/etc/docker/certs.d', path.join('/etc/docker/certs.d', registry.host)]) {
		if (!existsSync(dir)) {
			mkdirSync(dir);
			madeInEtc.push(dir);
		}
	}

	const certs = path.join('/etc/docker/certs.d', registry.host);
	if (!madeInEtc.includes(certs)) {
		madeInEtc.push(path.join(certs, 'ca.crt'));
	}

	copyFileSync(files.ca, path.join(certs, 'ca.crt'));
	try {
		const config = mkdtempSync(path.join(work, 'config-'));
		assert.deepEqual(await client(config).allTags('team/secure'), ['v1'], 'nothing in $DOCKER_CONFIG/certs.d: the CA came from /etc/docker/certs.d');
	} finally {
		rmSync(path.join(certs, 'ca.crt'), {force: true});
	}

	const refused = await client(mkdtempSync(path.join(work, 'config-'))).allTags('team/secure').then(() => undefined, (error: unknown) => error as Error);
	assert.ok(refused, 'with the CA gone, refused again');
});

test('a registry that requires a client certificate: refused without one; answered with certs.d/HOST:PORT/client.cert and client.key', async () => {
	const withCaOnly = mkdtempSync(path.join(work, 'config-'));
	const caOnly = path.join(withCaOnly, 'certs.d', mutual.host);
	mkdirSync(caOnly, {recursive: true});
	copyFileSync(files.ca, path.join(caOnly, 'ca.crt'));
	const refused = await client(withCaOnly, mutual.host).allTags('team/mutual').then(() => undefined, (error: unknown) => error as Error);
	assert.ok(refused, 'no client certificate: the handshake is refused');
	assert.match(refused.message, new RegExp(`^${mutual.host.replaceAll('.', '\\.')} refused the TLS connection for want of a client certificate`), refused.message);
	assert.ok(refused.message.includes(path.join(withCaOnly, 'certs.d', mutual.host)), `it says where the pair goes: ${refused.message}`);

	const config = mkdtempSync(path.join(work, 'config-'));
	const certs = path.join(config, 'certs.d', mutual.host);
	mkdirSync(certs, {recursive: true});
	copyFileSync(files.ca, path.join(certs, 'ca.crt'));
	copyFileSync(files.clientCert, path.join(certs, 'client.cert'));
	copyFileSync(files.clientKey, path.join(certs, 'client.key'));
	assert.deepEqual(await client(config, mutual.host).allTags('team/mutual'), ['v1']);
	const manifest = await client(config, mutual.host).manifest('team/mutual', 'v1');
	assert.equal(manifest.digest, image.digest);
});
