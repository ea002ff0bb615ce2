// stowage's SSH transport against a real OpenSSH sshd on loopback in front of the
// test engine: one connection for many calls, ~/.ssh/config, the agent, host keys,
// reconnects, and the errors a user meets. Every sshd here is started and stopped here.
import assert from 'node:assert/strict';
import {mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import {after, before, describe, test} from 'node:test';
import {docker, run} from '../bed/docker-cli.mjs';
import {freePort} from '../bed/net.mjs';
import {sshKeygen, startSshAgent, startSshd, type Sshd, type SshKey} from '../bed/sshd.mjs';
import {describeError} from '../../source/engine/describe-error.ts';
import {createDockerEngine, type EngineOptions} from '../../source/engine/docker-client.ts';
import {parseHost, type Endpoint} from '../../source/engine/endpoint.ts';
import type {Engine} from '../../source/engine/engine.ts';
import {acceptHostKey} from '../../source/engine/ssh/host-keys.ts';
import {ChangedHostKeyError, RemoteDockerError, SshAuthError, UnknownHostKeyError} from '../../source/engine/ssh/ssh-errors.ts';
import type {ConnectionState} from '../../source/engine/ssh/ssh-connection.ts';
import {connectError, testHost} from '../helpers/test-engine.ts';
import {importImage} from '../helpers/engine-images.ts';
import {cliPath} from '../helpers/tmux.ts';

let work: string;
let key: SshKey;
let locked: SshKey;
let sshd: Sshd;
let bare: Sshd;
const host = testHost();
const socketPath = host.replace(/^unix:\/\//, '');
// Every list compared here holds at least this image.
const ownImage = 'stowage-ssh:own';

before(async () => {
	work = mkdtempSync('/tmp/stowage-ssh-');
	key = await sshKeygen(path.join(work, 'keys', 'id_test'), 'stowage-ssh');
	locked = await sshKeygen(path.join(work, 'keys', 'id_locked'), 'stowage-locked');
	const protect = await run('ssh-keygen', ['-q', '-p', '-P', '', '-N', 'open sesame', '-f', locked.privateKeyPath]);
	assert.equal(protect.code, 0, protect.stderr);
	await importImage(host, ownImage);
	const authorizedKey = [key.publicKey, locked.publicKey];
	[sshd, bare] = await Promise.all([
		// Forwarding on: ProxyJump hops through this one, and --remote-socket reaches the engine through it.
		startSshd({authorizedKey, env: {DOCKER_HOST: host}, forwarding: true}),
		// No docker CLI on this one's PATH.
		startSshd({authorizedKey, env: {DOCKER_HOST: host, PATH: '/nonexistent'}, forwarding: true}),
	]);
});

after(async () => {
	await Promise.all([sshd?.stop(), bare?.stop(), docker(['rmi', ownImage], {host})]);
	rmSync(work, {recursive: true, force: true});
});

const hostKeyLine = (server: Sshd) => `[127.0.0.1]:${server.port} ${server.hostKeyPub.split(' ').slice(0, 2).join(' ')}`;

/** A fresh HOME: known_hosts lists both servers unless `knownHosts` says otherwise; `files` go under it. */
function makeHome(files: Record<string, string> = {}, knownHosts = `${hostKeyLine(sshd)}\n${hostKeyLine(bare)}\n`): string {
	const home = mkdtempSync(path.join(work, 'home-'));
	for (const [name, text] of Object.entries({'.ssh/known_hosts': knownHosts, ...files})) {
		if (text !== '') {
			mkdirSync(path.dirname(path.join(home, name)), {recursive: true, mode: 0o700});
			writeFileSync(path.join(home, name), text, {mode: 0o600});
		}
	}

	return home;
}

const withKey = () => makeHome({'.ssh/id_ed25519': key.privateKey});
const url = (server: Sshd, user = 'root') => `ssh://${user}@127.0.0.1:${server.port}`;

function sshEngine(endpoint: Endpoint | string, home: string, options: EngineOptions = {}): Engine {
	return createDockerEngine(typeof endpoint === 'string' ? parseHost(endpoint) : endpoint, {env: {HOME: home}, retryDelaysMs: [50], ...options});
}

const ids = async (engine: Engine) => (await engine.listImages()).map(image => image.id).sort();

async function fingerprintOf(server: Sshd): Promise<string> {
	const result = await run('ssh-keygen', ['-l', '-f', path.join(server.dir, 'host_ed25519.pub')]);
	return result.stdout.split(' ')[1]!;
}

async function stowage(args: string[], home: string) {
	const env: NodeJS.ProcessEnv = {...process.env, HOME: home};
	delete env.SSH_AUTH_SOCK;
	delete env.DOCKER_HOST;
	return run(cliPath, args, {env});
}

describe('one persistent connection', () => {
	test('list, history and events over SSH match the local socket; 20 list calls use one SSH connection', async () => {
		const local = createDockerEngine(parseHost(host));
		const remote = sshEngine(url(sshd), withKey());
		const before = sshd.acceptedLogins();
		try {
			const info = await remote.connect();
			assert.equal(info.apiVersion, (await local.connect()).apiVersion);
			const expected = await ids(local);
			assert.ok(expected.length > 0);
			assert.deepEqual(await ids(remote), expected);
			assert.deepEqual(await remote.history(expected[0]!), await local.history(expected[0]!));
			for (let i = 0; i < 20; i++) {
				assert.deepEqual(await ids(remote), expected);
			}

			// A tag made by the docker CLI arrives as an event through the same connection.
			const seen = new Promise<string>(resolve => {
				const stop = remote.watchEvents({
					onEvent(event) {
						if (event.action === 'tag') {
							stop();
							resolve(JSON.stringify(event));
						}
					},
					onConnected() {
						// Our own image: tagging an untagged fixture and removing the tag would delete it.
						void docker(['tag', ownImage, 'stowage-ssh-event:1'], {host});
					},
					onDisconnected() {},
				});
			});
			assert.match(await seen, /stowage-ssh-event/);
			await docker(['rmi', 'stowage-ssh-event:1'], {host});
			assert.equal(sshd.acceptedLogins() - before, 1, 'one SSH login for the version call, 22 lists, a history and an event stream');
		} finally {
			remote.close();
			local.close();
		}
	});

	test('after the sshd side of the connection is killed, the next call works and the state went through "reconnecting"', async () => {
		const remote = sshEngine(url(sshd), withKey());
		const states: ConnectionState[] = [];
		remote.onConnectionState!(state => states.push(state));
		const disconnected: string[] = [];
		let stopEvents = () => {};
		try {
			await remote.connect();
			const expected = await ids(remote);
			const connected = new Promise<void>(resolve => {
				stopEvents = remote.watchEvents({onEvent() {}, onConnected: resolve, onDisconnected: reason => disconnected.push(reason)});
			});
			await connected;
			const before = sshd.acceptedLogins();
			assert.ok(sshd.killConnections() > 0);
			// The event stream in flight fails with the reason instead of hanging.
			const deadline = Date.now() + 10_000;
			while (disconnected.length === 0 && Date.now() < deadline) {
				await new Promise(resolve => setTimeout(resolve, 20));
			}

			assert.match(disconnected[0] ?? '(none)', new RegExp(`^the SSH connection to ${url(sshd)} was lost`));
			assert.deepEqual(await ids(remote), expected);
			assert.equal(sshd.acceptedLogins() - before, 1);
			assert.deepEqual(states.slice(0, 2), ['connecting', 'connected']);
			const dropped = states.indexOf('reconnecting');
			assert.ok(dropped > 0 && states.slice(dropped).includes('connected'), states.join(' → '));
		} finally {
			stopEvents();
			remote.close();
		}

		assert.equal(states.at(-1), 'closed');
	});
});

describe('~/.ssh/config and keys', () => {
	test('a Host alias gives HostName, Port, User and IdentityFile', async () => {
		const config = `Host stowage-box\n\tHostName 127.0.0.1\n\tPort ${sshd.port}\n\tUser root\n\tIdentityFile ~/elsewhere/%r-key\n\tIdentitiesOnly yes\n`;
		const home = makeHome({'.ssh/config': config, 'elsewhere/root-key': key.privateKey});
		const remote = sshEngine('ssh://stowage-box', home);
		try {
			await remote.connect();
			assert.deepEqual(await ids(remote), await ids(createDockerEngine(parseHost(host))));
		} finally {
			remote.close();
		}
	});

	test('ProxyJump: through one sshd to another', async () => {
		const config = `Host target\n\tHostName 127.0.0.1\n\tPort ${bare.port}\n\tProxyJump root@127.0.0.1:${sshd.port}\nHost *\n\tUser root\n`;
		const home = makeHome({'.ssh/config': config, '.ssh/id_ed25519': key.privateKey});
		const [jumps, targets] = [sshd.acceptedLogins(), bare.acceptedLogins()];
		const remote = sshEngine({...parseHost('ssh://target'), remoteSocket: socketPath} as Endpoint, home);
		try {
			await remote.connect();
			assert.ok((await remote.listImages()).length > 0);
			assert.deepEqual([sshd.acceptedLogins() - jumps, bare.acceptedLogins() - targets], [1, 1]);
		} finally {
			remote.close();
		}
	});

	test('a key held by ssh-agent', async () => {
		const agent = await startSshAgent([key.privateKeyPath]);
		const remote = sshEngine(url(sshd), makeHome(), {env: {HOME: makeHome(), SSH_AUTH_SOCK: agent.socket}});
		try {
			await remote.connect();
			assert.ok((await remote.listImages()).length > 0);
		} finally {
			remote.close();
			await agent.stop();
		}
	});

	test('a passphrase-protected key: askPassphrase is called with its path; without it the error says why', async () => {
		const home = makeHome({'.ssh/id_ed25519': readFileSync(locked.privateKeyPath, 'utf8')});
		const asked: string[] = [];
		const remote = sshEngine(url(sshd), home, {askPassphrase: async file => {
			asked.push(file);
			return asked.length === 1 ? 'wrong' : 'open sesame';
		}});
		try {
			await remote.connect();
			assert.deepEqual(asked, [path.join(home, '.ssh', 'id_ed25519'), path.join(home, '.ssh', 'id_ed25519')]);
		} finally {
			remote.close();
		}

		const error = await connectError(sshEngine(url(sshd), home));
		assert.ok(error instanceof SshAuthError);
		assert.match(describeError(error), /id_ed25519 \(protected by a passphrase, and there is no terminal to ask for it\)/);
	});

	test('a user the server refuses: the error names the methods tried', async () => {
		const agent = await startSshAgent([key.privateKeyPath]);
		const home = withKey();
		try {
			const error = await connectError(sshEngine(url(sshd, 'nosuchuser'), home, {env: {HOME: home, SSH_AUTH_SOCK: agent.socket}}));
			assert.ok(error instanceof SshAuthError);
			assert.equal(describeError(error), `SSH authentication failed for nosuchuser@[127.0.0.1]:${sshd.port}: the server accepted none of: the keys in the ssh agent (${agent.socket}); ${path.join(home, '.ssh', 'id_ed25519')}`);
		} finally {
			await agent.stop();
		}
	});
});

describe('host keys', () => {
	test('an unknown host key is refused with its fingerprint; --accept-new-host-key adds it to a new known_hosts', async () => {
		const fingerprint = await fingerprintOf(sshd);
		const home = makeHome({'.ssh/id_ed25519': key.privateKey}, '');
		const error = await connectError(sshEngine(url(sshd), home));
		assert.ok(error instanceof UnknownHostKeyError);
		assert.equal(error.fingerprint, fingerprint);
		assert.match(describeError(error), new RegExp(`its ssh-ed25519 key fingerprint is ${fingerprint.replaceAll('+', '\\+')},.*--accept-new-host-key`));

		const cli = await stowage(['ls', '-q', '-H', url(sshd)], home);
		assert.equal(cli.code, 1);
		assert.ok(cli.stderr.includes(fingerprint) && cli.stderr.includes('--accept-new-host-key'), cli.stderr);
		assert.throws(() => statSync(path.join(home, '.ssh', 'known_hosts')), 'refusing writes nothing');

		const accepted = await stowage(['ls', '-q', '--accept-new-host-key', '-H', url(sshd)], home);
		assert.equal(accepted.code, 0, accepted.stderr);
		const file = path.join(home, '.ssh', 'known_hosts');
		assert.equal(readFileSync(file, 'utf8'), `${hostKeyLine(sshd)}\n`);
		assert.equal(statSync(file).mode & 0o777, 0o600);
		const again = await stowage(['ls', '-q', '-H', url(sshd)], home);
		assert.equal(again.code, 0, again.stderr);
	});

	test('acceptHostKey() after a refusal (the UI\'s confirm prompt) creates ~/.ssh 0700 and lets the next connect through', async () => {
		const home = makeHome({}, '');
		const error = await connectError(sshEngine(url(sshd), home, {env: {HOME: home}}));
		assert.ok(error instanceof UnknownHostKeyError);
		acceptHostKey(error.details);
		assert.equal(statSync(path.join(home, '.ssh')).mode & 0o777, 0o700);
		writeFileSync(path.join(home, '.ssh', 'id_ed25519'), key.privateKey, {mode: 0o600});
		const remote = sshEngine(url(sshd), home);
		try {
			await remote.connect();
		} finally {
			remote.close();
		}
	});

	test('a changed host key is refused, even with --accept-new-host-key, naming the known_hosts line', async () => {
		const impostor = `[127.0.0.1]:${sshd.port} ${bare.hostKeyPub.split(' ').slice(0, 2).join(' ')}`;
		const home = makeHome({'.ssh/id_ed25519': key.privateKey}, `# first line\n${impostor}\n`);
		const error = await connectError(sshEngine(url(sshd), home, {acceptNewHostKey: true}));
		assert.ok(error instanceof ChangedHostKeyError);
		const file = path.join(home, '.ssh', 'known_hosts');
		assert.match(describeError(error), new RegExp(`^WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED .*${file.replaceAll('.', '\\.')}:2 holds another key`));
		assert.equal(readFileSync(file, 'utf8'), `# first line\n${impostor}\n`);
	});
});

describe('a remote without the docker CLI', () => {
	test('"no docker CLI on the remote", and --remote-socket reaches the engine there', async () => {
		const home = withKey();
		const error = await connectError(sshEngine(url(bare), home));
		assert.ok(error instanceof RemoteDockerError, String(error));
		assert.match(describeError(error), new RegExp(`^no docker CLI on the remote \\[127\\.0\\.0\\.1\\]:${bare.port} \\(\`docker system dial-stdio\` exited with 127: .*docker: command not found\\).*--remote-socket`));

		const cli = await stowage(['ls', '-q', '-H', url(bare), '--remote-socket', socketPath], home);
		assert.equal(cli.code, 0, cli.stderr);
		const theirs = await docker(['images', '-q'], {host});
		assert.deepEqual(cli.stdout.trim().split('\n').sort(), theirs.stdout.trim().split('\n').sort());
	});
});

describe('errors name the cause', () => {
	test('an unknown host name: DNS', async () => {
		const error = await connectError(sshEngine('ssh://root@no-such-host.invalid', withKey())) as Error;
		assert.match(describeError(error), /no-such-host\.invalid.*(host name not found|host name lookup failed) \(DNS\)/);
	});

	test('nothing listening: refused', async () => {
		const port = await freePort();
		const error = await connectError(sshEngine(`ssh://root@127.0.0.1:${port}`, withKey())) as Error;
		assert.match(describeError(error), new RegExp(`127\\.0\\.0\\.1\\]?:${port}.*connection refused`));
	});

	test('a server that never answers: ConnectTimeout from ~/.ssh/config', async () => {
		// Accepts the TCP connection and says nothing, as a filtered or hung host does.
		const silent = net.createServer(socket => socket.on('error', () => undefined));
		await new Promise<void>(resolve => silent.listen(0, '127.0.0.1', resolve));
		const {port} = silent.address() as net.AddressInfo;
		try {
			const home = makeHome({'.ssh/id_ed25519': key.privateKey, '.ssh/config': 'Host 127.0.0.1\n  ConnectTimeout 1\n'});
			const started = Date.now();
			const error = await connectError(sshEngine(`ssh://root@127.0.0.1:${port}`, home)) as Error;
			assert.match(describeError(error), /timed out after 1 s \(ConnectTimeout\)/);
			assert.ok(Date.now() - started < 5000, 'gave up after about a second');
		} finally {
			silent.close();
		}
	});
});
