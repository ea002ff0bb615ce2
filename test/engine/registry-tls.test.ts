// The registry client over HTTPS against a real registry (Debian's docker-registry) serving
// TLS on an address of this machine that is not loopback (198.18.0.1 on lo, the benchmark
// range: nothing else uses it), so the client verifies it as docker does: refused with the
// certificate's reason until the registry's CA is in $DOCKER_CONFIG/certs.d/HOST:PORT/ca.crt
// (or /etc/docker/certs.d), then trusted; never plain HTTP.
import assert from 'node:assert/strict';
import {mkdirSync, mkdtempSync, rmSync, copyFileSync} from 'node:fs';
import path from 'node:path';
import {after, before, test} from 'node:test';
import {run} from '../bed/docker-cli.mjs';
import {startRegistry, type TestRegistry} from '../bed/registry.mjs';
import {makeTlsFiles, type TlsFiles} from '../bed/tls.mjs';
import {RegistryClient} from '../../source/engine/registry/client.ts';
import {basicAuthorize, Pusher} from '../helpers/registry-fixtures.ts';

const address = '198.18.0.1';
const user = 'stowage';
const password = 'tls-password';
let work: string;
let files: TlsFiles;
let registry: TestRegistry;
let addedAddress = false;
const clients: RegistryClient[] = [];

before(async () => {
	work = mkdtempSync('/tmp/stowage-registry-tls-');
	const added = await run('ip', ['addr', 'add', `${address}/32`, 'dev', 'lo']);
	// "File exists": a run killed before its after() left it; it is ours either way.
	assert.ok(added.code === 0 || /exists/i.test(added.stderr), `ip addr add ${address}/32 dev lo: ${added.stderr}`);
	addedAddress = true;
	files = await makeTlsFiles(work, {serverNames: [`IP:${address}`]});
	registry = await startRegistry({users: {[user]: password}, tls: {address, cert: files.serverCert, key: files.serverKey}});
	// The fixture is pushed with the CA trusted by Node for this one client.
	const pusher = new Pusher(registry.port, basicAuthorize(user, password), {host: address, ca: files.ca});
	await pusher.image('team/secure', 'v1');
});

after(async () => {
	for (const client of clients) {
		client.close();
	}

	await registry?.stop();
	if (addedAddress) {
		await run('ip', ['addr', 'del', `${address}/32`, 'dev', 'lo']);
	}

	rmSync(work, {recursive: true, force: true});
});

function client(configDir: string): RegistryClient {
	const made = new RegistryClient({
		registry: registry.host,
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
