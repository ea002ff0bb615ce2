// A real OpenSSH sshd on a loopback port with its own config, host key and
// authorized keys, for ssh:// tests. Nothing of the machine's own sshd is used or touched.
import {spawn} from 'node:child_process';
import {accessSync, constants, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync} from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import {run} from './docker-cli.mjs';
import {freePort} from './net.mjs';
import {logTail} from './log-tail.mjs';

const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));
/** Waits for `promise`, at most `ms`; the timer is cleared so it cannot hold the process open. */
async function within(promise, ms) {
	let timer;
	await Promise.race([promise, new Promise(resolve => {
		timer = setTimeout(resolve, ms);
	})]);
	clearTimeout(timer);
}
// Every process of one sshd (listener, per-connection children, sessions) carries this, so stop() finds them all.
const marker = 'STOWAGE_TEST_SSHD';

function findExecutable(name, dirs) {
	for (const dir of dirs) {
		try {
			accessSync(path.join(dir, name), constants.X_OK);
			return path.join(dir, name);
		} catch {
			// Not here.
		}
	}
	return undefined;
}

const binDirs = () => [...(process.env.PATH ?? '').split(':').filter(Boolean), '/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

/**
 * Wraps a command so that it gets SIGKILL when this process dies, however it dies
 * (setpriv --pdeathsig, util-linux): a crashed test run leaves no daemon behind.
 */
export function dieWithParent(command, args) {
	const setpriv = findExecutable('setpriv', binDirs());
	return setpriv ? [setpriv, ['--pdeathsig', 'KILL', '--', command, ...args]] : [command, args];
}

/** An ed25519 key pair without a passphrase: {privateKeyPath, privateKey, publicKey}. */
export async function sshKeygen(file, comment = 'stowage-test') {
	mkdirSync(path.dirname(file), {recursive: true});
	const result = await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', file]);
	if (result.code !== 0) throw new Error(`test bed: ssh-keygen failed (${result.code}): ${result.stderr}`);
	return {privateKeyPath: file, privateKey: readFileSync(file, 'utf8'), publicKey: readFileSync(`${file}.pub`, 'utf8').trim()};
}

// With UsePAM no, sshd refuses every login to an account whose shadow password
// starts with "!" (a locked root, as some installs leave it), keys included.
function rootLocked() {
	try {
		const entry = readFileSync('/etc/shadow', 'utf8').split('\n').find(line => line.startsWith('root:'));
		return (entry?.split(':')[1] ?? '').startsWith('!');
	} catch {
		return false;
	}
}

function bannerOn(port) {
	return new Promise(resolve => {
		const socket = net.connect({host: '127.0.0.1', port});
		const done = ok => {
			socket.destroy();
			resolve(ok);
		};
		socket.setTimeout(1000, () => done(false));
		socket.once('data', chunk => done(chunk.toString('latin1').startsWith('SSH-')));
		socket.once('error', () => done(false));
		socket.once('close', () => done(false));
	});
}

/** Kills every process whose environment carries this sshd's marker (sessions the listener leaves behind). */
function killMarked(value) {
	const needle = `${marker}=${value}\0`;
	for (const pid of readdirSync('/proc').filter(name => /^\d+$/.test(name))) {
		if (Number(pid) === process.pid) continue;
		try {
			const environ = readFileSync(`/proc/${pid}/environ`, 'latin1');
			if (environ.startsWith(needle) || environ.includes(`\0${needle}`)) process.kill(Number(pid), 'SIGKILL');
		} catch {
			// Gone meanwhile, or not ours to read.
		}
	}
}

async function launch(dir, port, {authorizedKeys, env, unlockRoot, forwarding}) {
	const config = path.join(dir, 'sshd_config');
	const log = path.join(dir, 'sshd.log');
	const quote = text => `"${text.replace(/["\\]/g, '\\$&')}"`;
	// Sessions get a HOME of their own: bash, started by sshd for the remote command, reads
	// $HOME/.bashrc, and this machine's root one runs `pyenv init`, whose rehash waits 60 s on a
	// lock file that a session killed mid-rehash leaves behind (every later SSH test then took 60 s).
	const home = path.join(dir, 'home');
	mkdirSync(home, {recursive: true, mode: 0o700});
	const setEnv = Object.entries({HOME: home, ...env, [marker]: dir}).map(([key, value]) => quote(`${key}=${value}`)).join(' ');
	writeFileSync(config, [
		`Port ${port}`,
		'ListenAddress 127.0.0.1',
		`HostKey ${path.join(dir, 'host_ed25519')}`,
		`PidFile ${path.join(dir, 'sshd.pid')}`,
		`AuthorizedKeysFile ${authorizedKeys}`,
		// PAM session modules (loginuid, systemd) fail in containers; /tmp is world-writable.
		'UsePAM no',
		'StrictModes no',
		'PermitRootLogin prohibit-password',
		'PubkeyAuthentication yes',
		'PasswordAuthentication no',
		'KbdInteractiveAuthentication no',
		'AllowAgentForwarding no',
		// ProxyJump needs TCP forwarding, --remote-socket stream-local forwarding.
		`AllowTcpForwarding ${forwarding ? 'yes' : 'no'}`,
		`AllowStreamLocalForwarding ${forwarding ? 'yes' : 'no'}`,
		'X11Forwarding no',
		'PrintMotd no',
		'PrintLastLog no',
		'LogLevel VERBOSE',
		`SetEnv ${setEnv}`,
		'',
	].join('\n'));

	const sshd = findExecutable('sshd', ['/usr/sbin', '/usr/local/sbin', '/sbin', ...binDirs()]);
	if (!sshd) throw new Error('test bed: no sshd; install openssh-server (test/bed/prereqs.mjs does it as root on Debian)');
	// sshd re-executes itself for each connection, so it must be started by its absolute path.
	const sshdArgs = ['-D', '-f', config, '-E', log];
	let command = sshd;
	let args = sshdArgs;
	if (unlockRoot) {
		// Only inside sshd's own mount namespace: a copy of /etc/shadow with root's "!" lock removed.
		const shadow = path.join(dir, 'shadow');
		writeFileSync(shadow, readFileSync('/etc/shadow', 'utf8').replace(/^root:!+/m, 'root:'), {mode: 0o600});
		command = findExecutable('unshare', binDirs()) ?? 'unshare';
		args = ['--mount', '--propagation', 'private', '--', '/bin/sh', '-c', 'mount --bind "$0" /etc/shadow && exec "$@"', shadow, sshd, ...sshdArgs];
	}
	const [file, argv] = dieWithParent(command, args);
	const child = spawn(file, argv, {stdio: ['ignore', 'ignore', 'pipe'], env: {...process.env, [marker]: dir}});
	let stderr = '';
	child.stderr.on('data', chunk => {
		stderr += chunk;
	});
	let exitCode;
	const exited = new Promise(resolve => child.on('exit', (code, signal) => {
		exitCode = code ?? signal;
		resolve();
	}));
	child.on('error', error => {
		stderr += String(error);
	});
	return {child, exited, exitCode: () => exitCode, stderr: () => stderr, log};
}

/** The processes below `root` (sshd rewrites its process title over its environment, so the marker cannot find them). */
function descendants(root) {
	const children = new Map();
	for (const pid of readdirSync('/proc').filter(name => /^\d+$/.test(name))) {
		try {
			// The parent pid is the second field after the parenthesized command name.
			const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
			const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
			children.set(parent, [...(children.get(parent) ?? []), Number(pid)]);
		} catch {
			// Gone meanwhile.
		}
	}
	const found = [];
	for (let queue = [root]; queue.length > 0;) {
		const next = children.get(queue.shift()) ?? [];
		found.push(...next);
		queue.push(...next);
	}
	return found;
}

/**
 * SIGKILL to this sshd's per-connection processes, not the listener: clients see their link drop.
 * Only sshd's own: the sessions end by themselves, and killing a login shell mid-way can leave its
 * lock files behind (pyenv's rehash lock in a root .bashrc stalled every later session for a minute).
 */
function killConnections(dir) {
	const listener = Number(readFileSync(path.join(dir, 'sshd.pid'), 'utf8').trim());
	const comm = pid => {
		try {
			return readFileSync(`/proc/${pid}/comm`, 'latin1').trim();
		} catch {
			return '';
		}
	};
	const doomed = descendants(listener).filter(pid => comm(pid) === 'sshd');
	for (const pid of doomed) {
		try {
			process.kill(pid, 'SIGKILL');
		} catch {
			// Already gone.
		}
	}
	return doomed.length;
}

/** How many logins sshd accepted so far (its log): one per SSH connection. */
function acceptedLogins(dir) {
	try {
		return readFileSync(path.join(dir, 'sshd.log'), 'utf8').split('\n').filter(line => line.startsWith('Accepted publickey for ')).length;
	} catch {
		return 0;
	}
}

/**
 * Starts sshd on a free 127.0.0.1 port. `authorizedKey`: one public key line or several.
 * `env`: variables every session gets (SetEnv), e.g. {DOCKER_HOST: 'unix:///…/docker.sock'}
 * so that `docker system dial-stdio` on the far side reaches a test engine.
 * Returns {port, hostKeyPub, dir, stop(), killConnections(), acceptedLogins()}; stop() also ends any session still open.
 */
export async function startSshd({authorizedKey, env = {}, timeoutMs = 10_000, unlockRoot = rootLocked(), forwarding = false} = {}) {
	// The privilege separation directory; the Debian package creates it only at service start.
	mkdirSync('/run/sshd', {recursive: true, mode: 0o755});
	const dir = mkdtempSync('/tmp/stowage-sshd-');
	let current;
	let stopped;
	const stop = () => {
		stopped ??= (async () => {
			if (current && current.exitCode() === undefined) {
				current.child.kill('SIGTERM');
				await within(current.exited, 5000);
				if (current.exitCode() === undefined) current.child.kill('SIGKILL');
			}
			killMarked(dir);
			rmSync(dir, {recursive: true, force: true});
		})();
		return stopped;
	};
	try {
		const hostKey = await sshKeygen(path.join(dir, 'host_ed25519'), 'stowage-test-host');
		const authorizedKeys = path.join(dir, 'authorized_keys');
		const keys = [authorizedKey ?? []].flat();
		writeFileSync(authorizedKeys, keys.map(key => `${key.trim()}\n`).join(''), {mode: 0o600});
		// The free port may be taken between our probe and sshd's bind: try a few.
		for (let attempt = 1; ; attempt++) {
			const port = await freePort();
			current = await launch(dir, port, {authorizedKeys, env, unlockRoot, forwarding});
			const deadline = Date.now() + timeoutMs;
			while (current.exitCode() === undefined && Date.now() < deadline && !(await bannerOn(port))) await sleep(50);
			if (current.exitCode() === undefined && Date.now() < deadline) {
				const server = {port, hostKeyPub: hostKey.publicKey, dir, stop, killConnections: () => killConnections(dir), acceptedLogins: () => acceptedLogins(dir)};
				// Stopped as a service manager stops it: the listener and every connection of it.
				server.halt = async () => {
					if (current.exitCode() === undefined) {
						killConnections(dir);
						current.child.kill('SIGTERM');
						await within(current.exited, 5000);
						if (current.exitCode() === undefined) current.child.kill('SIGKILL');
						await current.exited;
					}
				};
				// Started again on the same port; `newHostKey`: with a host key of its own (a reinstalled or impostor host).
				server.restart = async ({newHostKey = false} = {}) => {
					await server.halt();
					if (newHostKey) {
						rmSync(path.join(dir, 'host_ed25519'), {force: true});
						rmSync(path.join(dir, 'host_ed25519.pub'), {force: true});
						server.hostKeyPub = (await sshKeygen(path.join(dir, 'host_ed25519'), 'stowage-test-host')).publicKey;
					}
					current = await launch(dir, port, {authorizedKeys, env, unlockRoot, forwarding});
					const until = Date.now() + timeoutMs;
					while (current.exitCode() === undefined && Date.now() < until && !(await bannerOn(port))) await sleep(50);
					if (current.exitCode() !== undefined || Date.now() >= until) throw new Error(`test bed: sshd did not come back on ${port}:\n${current.stderr()}${logTail(current.log)}`);
				};
				return server;
			}
			const why = `sshd ${current.exitCode() === undefined ? `did not answer within ${timeoutMs / 1000} s` : `exited (${current.exitCode()})`}:\n${current.stderr()}${logTail(current.log)}`;
			if (current.exitCode() === undefined) current.child.kill('SIGKILL');
			await current.exited;
			if (attempt >= 3 || !/Address already in use|Cannot bind/i.test(why)) throw new Error(`test bed: ${why}`);
		}
	} catch (error) {
		await stop();
		throw error;
	}
}

/**
 * A real ssh-agent on its own socket, holding the given private keys.
 * Returns {socket, stop()}.
 */
export async function startSshAgent(privateKeyPaths) {
	const dir = mkdtempSync('/tmp/stowage-agent-');
	const socket = path.join(dir, 'agent.sock');
	const [file, argv] = dieWithParent(findExecutable('ssh-agent', binDirs()) ?? 'ssh-agent', ['-D', '-a', socket]);
	const child = spawn(file, argv, {stdio: ['ignore', 'ignore', 'pipe']});
	let stderr = '';
	child.stderr.on('data', chunk => {
		stderr += chunk;
	});
	let exited = false;
	const exit = new Promise(resolve => child.on('exit', () => {
		exited = true;
		resolve();
	}));
	let stopped;
	const stop = () => {
		stopped ??= (async () => {
			if (!exited) {
				child.kill('SIGTERM');
				await within(exit, 3000);
				if (!exited) child.kill('SIGKILL');
			}
			rmSync(dir, {recursive: true, force: true});
		})();
		return stopped;
	};
	try {
		const deadline = Date.now() + 5000;
		while (!existsSync(socket)) {
			if (exited || Date.now() > deadline) throw new Error(`test bed: ssh-agent did not start: ${stderr}`);
			await sleep(20);
		}
		for (const key of privateKeyPaths) {
			const result = await run('ssh-add', ['-q', key], {env: {...process.env, SSH_AUTH_SOCK: socket}});
			if (result.code !== 0) throw new Error(`test bed: ssh-add ${key} failed (${result.code}): ${result.stderr}`);
		}
		return {socket, stop};
	} catch (error) {
		await stop();
		throw error;
	}
}
