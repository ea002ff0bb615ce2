// The engine transports against real parts: a dockerd with a tcp:// listener,
// one with a TLS listener (certificates made with openssl here), and a real
// OpenSSH sshd in front of an engine's socket. Each is started here and stopped in after().
import assert from 'node:assert/strict';
import {execFile} from 'node:child_process';
import {mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {after, before, describe, test} from 'node:test';
import {promisify} from 'node:util';
import {run} from '../bed/docker-cli.mjs';
import {startEngine, type TestEngine} from '../bed/engine.mjs';
import {freePorts} from '../bed/net.mjs';
import {sshKeygen, startSshAgent, startSshd, type Sshd, type SshKey} from '../bed/sshd.mjs';
import {makeTlsFiles, tlsDaemonArgs, type TlsFiles} from '../bed/tls.mjs';
import {describeError} from '../../source/engine/describe-error.ts';
import {createDockerEngine} from '../../source/engine/docker-client.ts';
import {parseHost, resolveEndpoint, type Tls} from '../../source/engine/endpoint.ts';
import type {Engine} from '../../source/engine/engine.ts';
import {dockerImageLines, importImage, stowageImageLines, withEnv} from '../helpers/engine-images.ts';
import {untrustedClientAlert} from '../helpers/engine-wording.ts';
import {connectError} from '../helpers/test-engine.ts';
import {cliPath} from '../helpers/tmux.ts';

const plainRef = 'stowage-transport:plain';
const tlsRef = 'stowage-transport:tls';

let work: string;
let tcpPort: number;
let tlsPort: number;
let tls: TlsFiles;
let plain: TestEngine | undefined;
let secure: TestEngine | undefined;

before(async () => {
	work = mkdtempSync('/tmp/stowage-transports-');
	[tcpPort, tlsPort] = await freePorts(2) as [number, number];
	tls = await makeTlsFiles(path.join(work, 'tls'));
	// Two engines at once: one with a plain tcp:// listener, one whose tcp:// listener requires a client certificate.
	// --tls=false says the plain listener is meant (newer dockerd refuse or delay an unauthenticated tcp:// without it).
	const started = await Promise.allSettled([
		startEngine({extraArgs: ['-H', `tcp://127.0.0.1:${tcpPort}`, '--tls=false']}),
		startEngine({extraArgs: tlsDaemonArgs(tls, tlsPort)}),
	]);
	plain = started[0].status === 'fulfilled' ? started[0].value : undefined;
	secure = started[1].status === 'fulfilled' ? started[1].value : undefined;
	const failed = started.find(result => result.status === 'rejected');
	if (failed) {
		throw failed.reason;
	}

	// A distinct image in each engine proves which one answered.
	await Promise.all([importImage(plain!.host, plainRef), importImage(secure!.host, tlsRef)]);
});

after(async () => {
	await Promise.all([plain?.stop(), secure?.stop()]);
	if (work) {
		rmSync(work, {recursive: true, force: true});
	}
});

async function connectAndList(engine: Engine) {
	try {
		const info = await engine.connect();
		return {info, lines: await stowageImageLines(engine)};
	} finally {
		engine.close();
	}
}

/** The built binary with exactly this environment (no DOCKER_HOST from the bed). */
async function stowage(args: string[], env: Record<string, string>): Promise<{stdout: string; stderr: string; code: number}> {
	const base = {PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: work, CI: 'false', FORCE_COLOR: '0'};
	try {
		const {stdout, stderr} = await promisify(execFile)(process.execPath, [cliPath, ...args], {env: {...base, ...env}});
		return {stdout, stderr, code: 0};
	} catch (error) {
		const failed = error as {stdout: string; stderr: string; code: number};
		return {stdout: failed.stdout, stderr: failed.stderr, code: failed.code};
	}
}

/** The column names (their widths follow the CREATED texts, which tick between two commands). */
const header = (table: string) => (table.split('\n')[0] ?? '').trim().split(/\s{2,}/);

/** Table rows as "repository tag id size", CREATED left out (it ticks between two commands). */
const cells = (table: string) => table.trim().split('\n').slice(1).map(line => {
	const parts = line.split(/\s{2,}/);
	return [parts[0], parts[1], parts[2], parts.at(-1)].join(' ');
}).sort();

async function serverApiVersion(host: string): Promise<string> {
	const result = await run('docker', ['version', '--format', '{{.Server.APIVersion}}'], {env: {...process.env, DOCKER_HOST: host, DOCKER_CONFIG: work}});
	assert.equal(result.code, 0, result.stderr);
	return result.stdout.trim();
}

describe('tcp://', () => {
	test('connects, negotiates the API version and lists the images', async () => {
		const endpoint = parseHost(`tcp://127.0.0.1:${tcpPort}`);
		assert.deepEqual(endpoint, {kind: 'tcp', url: `tcp://127.0.0.1:${tcpPort}`, host: '127.0.0.1', port: tcpPort, tls: undefined});
		const {info, lines} = await connectAndList(createDockerEngine(endpoint));
		const server = await serverApiVersion(plain!.host);
		assert.equal(info.apiVersion, server);
		assert.equal(info.pinnedApiVersion, server < '1.52' ? server : '1.52');
		assert.deepEqual(lines, await dockerImageLines(plain!.host));
		assert.ok(lines.some(line => line.startsWith(`${plainRef} `)), lines.join('\n'));
	});

	test('DOCKER_HOST=tcp://… is resolved and connects', async () => {
		const resolved = resolveEndpoint({env: {DOCKER_HOST: `tcp://127.0.0.1:${tcpPort}`, DOCKER_CONFIG: work, HOME: work}});
		assert.equal(resolved.source, 'DOCKER_HOST');
		assert.equal(resolved.endpoint.kind, 'tcp');
		assert.equal(resolved.endpoint.kind === 'tcp' && resolved.endpoint.tls, undefined);
		const {lines} = await connectAndList(createDockerEngine(resolved.endpoint));
		assert.deepEqual(lines, await dockerImageLines(plain!.host));
	});
});

describe('tcp:// with TLS', () => {
	const tlsHost = () => `tcp://127.0.0.1:${tlsPort}`;
	const contextConfig = () => path.join(work, 'docker-config');
	/** The docker CLI with our DOCKER_CONFIG, and nothing (DOCKER_HOST from the bed) that would outrank --context. */
	const contextEnv = (): NodeJS.ProcessEnv => {
		const env: NodeJS.ProcessEnv = {...process.env, DOCKER_CONFIG: contextConfig()};
		delete env.DOCKER_HOST;
		delete env.DOCKER_CONTEXT;
		return env;
	};

	test('DOCKER_TLS_VERIFY and DOCKER_CERT_PATH: connects with the client certificate', async () => {
		const resolved = resolveEndpoint({env: {DOCKER_HOST: tlsHost(), DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: tls.clientDir}});
		assert.equal(resolved.endpoint.kind === 'tcp' && resolved.endpoint.tls?.verify, true);
		const {info, lines} = await connectAndList(createDockerEngine(resolved.endpoint));
		assert.equal(info.apiVersion, await serverApiVersion(secure!.host));
		assert.deepEqual(lines, await dockerImageLines(secure!.host));
		assert.ok(lines.some(line => line.startsWith(`${tlsRef} `)), lines.join('\n'));
	});

	test('without TLS settings the failure says the engine expects TLS', async () => {
		const endpoint = resolveEndpoint({env: {DOCKER_HOST: tlsHost(), DOCKER_CONFIG: work, HOME: work}}).endpoint;
		const reason = describeError(await connectError(createDockerEngine(endpoint)), endpoint);
		// The daemon answers plain HTTP on its TLS port with 400 "Client sent an HTTP request to an HTTPS server."
		assert.match(reason, /expects TLS/);
		assert.match(reason, /Client sent an HTTP request to an HTTPS server/);
		assert.match(reason, /DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH/);
		assert.doesNotMatch(reason, /HTTP code|unexpected|\n/);
		const cli = await stowage(['ls', '-H', tlsHost()], {});
		assert.equal(cli.code, 1);
		assert.equal(cli.stderr, `stowage: cannot list images from ${tlsHost()}: ${reason}\n`);
	});

	test('TLS failures say which side\'s certificate is wrong', async () => {
		const read = (file: string) => readFileSync(file, 'utf8');
		const otherCa = await makeTlsFiles(path.join(work, 'other-ca'));
		const reasonWith = async (tlsOptions: Tls) => {
			const endpoint = parseHost(tlsHost(), tlsOptions);
			return describeError(await connectError(createDockerEngine(endpoint)), endpoint);
		};

		// dockerd --tlsverify: no client certificate at all.
		assert.equal(await reasonWith({ca: read(tls.ca), verify: true}), 'TLS handshake failed: the engine requires a client certificate and none was given (cert.pem and key.pem in DOCKER_CERT_PATH, or in the context\'s TLS files)');
		// A client certificate from a CA the engine does not trust: the alert is the engine's Go's.
		const alert = untrustedClientAlert();
		assert.match(await reasonWith({ca: read(tls.ca), cert: read(otherCa.clientCert), key: read(otherCa.clientKey), verify: true}), new RegExp(`^TLS handshake failed: the engine rejected our client certificate \\(.*${alert}\\); is cert\\.pem signed by the CA the engine trusts\\?$`));
		// We do not trust the engine's certificate (DOCKER_CERT_PATH with another CA).
		const untrusted = resolveEndpoint({env: {DOCKER_HOST: tlsHost(), DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: otherCa.clientDir}}).endpoint;
		assert.equal(describeError(await connectError(createDockerEngine(untrusted)), untrusted), 'TLS handshake failed: the engine\'s certificate is not trusted (unable to verify the first certificate); is ca.pem the CA that signed it?');
	});

	test('a context made by `docker context create` resolves, with its TLS files, and connects', async () => {
		mkdirSync(contextConfig(), {recursive: true});
		const env = contextEnv();
		const created = await run('docker', ['context', 'create', 'tls-ctx', '--docker', `host=${tlsHost()},ca=${tls.ca},cert=${tls.clientCert},key=${tls.clientKey}`], {env});
		assert.equal(created.code, 0, created.stderr);

		const resolved = resolveEndpoint({context: 'tls-ctx', env: {DOCKER_CONFIG: contextConfig()}});
		assert.equal(resolved.context, 'tls-ctx');
		assert.equal(resolved.endpoint.url, tlsHost());
		// contexts/tls/<sha256 of the name>/docker/{ca,cert,key}.pem, as the docker CLI stored them.
		const read = (file: string) => readFileSync(file, 'utf8');
		assert.deepEqual(resolved.endpoint.kind === 'tcp' && resolved.endpoint.tls, {ca: read(tls.ca), cert: read(tls.clientCert), key: read(tls.clientKey), verify: true});
		const {lines} = await connectAndList(createDockerEngine(resolved.endpoint));
		assert.deepEqual(lines, await dockerImageLines(secure!.host));

		// The docker CLI itself reaches the same engine through that context.
		const theirs = await run('docker', ['--context', 'tls-ctx', 'images'], {env});
		assert.equal(theirs.code, 0, theirs.stderr);
		assert.match(theirs.stdout, new RegExp(tlsRef.split(':')[0]!));
	});

	test('`stowage ls --context tls-ctx` prints what `docker --context tls-ctx images` prints', async () => {
		const env = contextEnv();
		const [ours, theirs] = await Promise.all([
			stowage(['ls', '--context', 'tls-ctx'], {DOCKER_CONFIG: contextConfig()}),
			run('docker', ['--context', 'tls-ctx', 'images'], {env}),
		]);
		assert.equal(ours.code, 0, ours.stderr);
		assert.equal(theirs.code, 0, theirs.stderr);
		assert.deepEqual(header(ours.stdout), header(theirs.stdout));
		assert.deepEqual(cells(ours.stdout), cells(theirs.stdout));
		assert.ok(cells(ours.stdout).some(line => line.startsWith(tlsRef.replace(':', ' '))), ours.stdout);
	});
});

describe('ssh://', () => {
	let sshd: Sshd | undefined;
	let good: SshKey;
	let wrong: SshKey;
	/** The HOME whose .ssh/id_ed25519 is this key. */
	const homeOf = (key: SshKey) => path.dirname(path.dirname(key.privateKeyPath));

	before(async () => {
		good = await sshKeygen(path.join(work, 'home-good', '.ssh', 'id_ed25519'), 'stowage-good');
		wrong = await sshKeygen(path.join(work, 'home-wrong', '.ssh', 'id_ed25519'), 'stowage-wrong');
		// Sessions get DOCKER_HOST, so `docker system dial-stdio` on the far side reaches the plain engine's socket.
		sshd = await startSshd({authorizedKey: good.publicKey, env: {DOCKER_HOST: plain!.host}});
		// Host keys are checked: every HOME used here knows this server's.
		const known = `[127.0.0.1]:${sshd.port} ${sshd.hostKeyPub.split(' ').slice(0, 2).join(' ')}\n`;
		for (const home of [homeOf(good), homeOf(wrong), path.join(work, 'home-empty')]) {
			mkdirSync(path.join(home, '.ssh'), {recursive: true, mode: 0o700});
			writeFileSync(path.join(home, '.ssh', 'known_hosts'), known);
		}
	});

	after(async () => {
		await sshd?.stop();
	});

	const sshUrl = () => `ssh://root@127.0.0.1:${sshd!.port}`;

	test('lists the images over ssh with the key in ~/.ssh', async () => {
		const endpoint = parseHost(sshUrl());
		assert.deepEqual(endpoint, {kind: 'ssh', url: sshUrl(), host: '127.0.0.1', port: sshd!.port, username: 'root'});
		// The key and known_hosts are read from $HOME/.ssh when it connects.
		const {info, lines} = await withEnv({HOME: homeOf(good), SSH_AUTH_SOCK: undefined}, async () => connectAndList(createDockerEngine(endpoint)));
		assert.equal(info.apiVersion, await serverApiVersion(plain!.host));
		assert.deepEqual(lines, await dockerImageLines(plain!.host));
		assert.ok(lines.some(line => line.startsWith(`${plainRef} `)), lines.join('\n'));
	});

	test('`stowage ls` with DOCKER_HOST=ssh://… and the key in a real ssh-agent', async () => {
		const agent = await startSshAgent([good.privateKeyPath]);
		try {
			// HOME has no keys: only the agent can authenticate.
			const ours = await stowage(['ls'], {DOCKER_HOST: sshUrl(), SSH_AUTH_SOCK: agent.socket, HOME: path.join(work, 'home-empty')});
			const theirs = await run('docker', ['images'], {env: {...process.env, DOCKER_HOST: plain!.host, DOCKER_CONFIG: work}});
			assert.equal(ours.code, 0, ours.stderr);
			assert.deepEqual(header(ours.stdout), header(theirs.stdout));
			assert.deepEqual(cells(ours.stdout), cells(theirs.stdout));
		} finally {
			await agent.stop();
		}
	});

	test('a key the server does not accept: "SSH authentication failed"', async () => {
		const endpoint = parseHost(sshUrl());
		const error = await withEnv({HOME: homeOf(wrong), SSH_AUTH_SOCK: undefined}, async () => connectError(createDockerEngine(endpoint)));
		assert.match(describeError(error, endpoint), /^SSH authentication failed/);
		const cli = await stowage(['ls', '-H', sshUrl()], {HOME: homeOf(wrong)});
		assert.equal(cli.code, 1);
		assert.match(cli.stderr, new RegExp(`cannot list images from ssh://root@127\\.0\\.0\\.1:${sshd!.port}: SSH authentication failed`));
	});
});
