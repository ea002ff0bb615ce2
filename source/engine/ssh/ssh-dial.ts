// One authenticated SSH connection to a host named as the user wrote it: its
// ~/.ssh/config settings applied, every ProxyJump hop dialled first, the host
// key checked against known_hosts, and failures turned into plain sentences.
import {readFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type {Client} from 'ssh2';
import type {Readable} from 'node:stream';
import {sanitizeLine} from '../../format/sanitize.ts';
import {verifyHostKey} from './host-keys.ts';
import {knownHostName} from './known-hosts.ts';
import {makeAuthHandler, type AskPassphrase, type Ssh2} from './ssh-auth.ts';
import {parseJumpHost, parseSshConfig, resolveSshConfig, type ConfigBlock, type SshHostConfig} from './ssh-config.ts';
import {SshAuthError, SshError} from './ssh-errors.ts';

export type DialOptions = {
	askPassphrase?: AskPassphrase;
	/** Add an unknown host key to known_hosts (OpenSSH's accept-new) instead of refusing. */
	acceptNewHostKey?: boolean;
	/** HOME and SSH_AUTH_SOCK are read from here (default process.env). */
	env?: NodeJS.ProcessEnv;
	keepaliveIntervalMs?: number;
};

export type SshTarget = {host: string; port?: number; username?: string};

/** The client to the target, and the jump clients under it (first hop first). */
export type Dialled = {client: Client; hops: Client[]; host: string};

// docker's CLI passes -o ConnectTimeout=30.
const defaultTimeoutSeconds = 30;

const socketReasons: Record<string, string> = {
	ECONNREFUSED: 'connection refused (is sshd running there, on that port?)',
	ENOTFOUND: 'host name not found (DNS)',
	EAI_AGAIN: 'host name lookup failed (DNS)',
	ETIMEDOUT: 'timed out',
	EHOSTUNREACH: 'host unreachable',
	ENETUNREACH: 'network unreachable',
	ECONNRESET: 'the connection was reset',
};

let ssh2Module: Promise<Ssh2> | undefined;

/** ssh2 costs ~15 ms to load: only ssh:// endpoints pay for it. */
export async function loadSsh2(): Promise<Ssh2> {
	// CommonJS: Node's import() puts module.exports on default.
	ssh2Module ??= import('ssh2').then(module => (module.default ?? module) as Ssh2);
	return ssh2Module;
}

function readConfig(home: string): ConfigBlock[] {
	const readFile = (file: string) => {
		try {
			return readFileSync(file, 'utf8');
		} catch {
			return undefined;
		}
	};

	return parseSshConfig(readFile(path.join(home, '.ssh', 'config')) ?? '', {home, localUser: os.userInfo().username, readFile});
}

function describeFailure(error: Error & {level?: string; code?: string}, name: string, timeoutSeconds: number, tried: string[], target: string): Error {
	if (error instanceof SshError) {
		return error;
	}

	if (error.level === 'client-authentication') {
		return new SshAuthError(target, tried);
	}

	if (error.level === 'client-timeout') {
		const wrapped = new SshError(`the SSH connection to ${name} timed out after ${timeoutSeconds} s (ConnectTimeout)`);
		wrapped.code = 'ETIMEDOUT';
		return wrapped;
	}

	const reason = (error.code ? socketReasons[error.code] : undefined) ?? sanitizeLine(error.message);
	const wrapped = new SshError(`cannot connect to ${name} over SSH: ${reason}`);
	wrapped.code = error.code;
	wrapped.reason = reason;
	return wrapped;
}

async function connectOne(ssh2: Ssh2, settings: SshHostConfig, sock: Readable | undefined, options: DialOptions): Promise<Client> {
	const env = options.env ?? process.env;
	const home = env.HOME || os.homedir();
	const username = settings.user ?? os.userInfo().username;
	const port = settings.port ?? 22;
	const name = knownHostName(settings.hostName, port);
	const timeoutSeconds = settings.connectTimeout ?? defaultTimeoutSeconds;
	const tried: string[] = [];
	let hostKeyError: Error | undefined;
	const client = new ssh2.Client();
	return new Promise((resolve, reject) => {
		const fail = (error: Error) => {
			// A client given up on can still report the socket's end ("Connection lost before
			// handshake" after a timeout): an error with no listener would end the process.
			client.on('error', () => undefined);
			client.end();
			reject(hostKeyError ?? describeFailure(error, name, timeoutSeconds, tried, `${username}@${name}`));
		};

		client.once('ready', () => {
			client.off('error', fail);
			// Later errors (a keepalive timeout) are followed by 'close', which the connection handles.
			client.on('error', () => undefined);
			resolve(client);
		});
		client.once('error', fail);
		client.connect({
			host: settings.hostName,
			port,
			username,
			sock,
			readyTimeout: timeoutSeconds * 1000,
			keepaliveInterval: options.keepaliveIntervalMs ?? 15_000,
			keepaliveCountMax: 3,
			authHandler: makeAuthHandler(ssh2, {username, agentSocket: env.SSH_AUTH_SOCK || undefined, identityFiles: settings.identityFiles, identitiesOnly: settings.identitiesOnly, home}, options.askPassphrase, tried),
			hostVerifier(key: Buffer) {
				try {
					verifyHostKey({host: settings.hostName, port, key}, home, Boolean(options.acceptNewHostKey));
					return true;
				} catch (error) {
					hostKeyError = error as Error;
					return false;
				}
			},
		});
	});
}

async function forwardTo(jump: Client, host: string, port: number, via: string): Promise<Readable> {
	return new Promise((resolve, reject) => {
		jump.forwardOut('127.0.0.1', 0, host, port, (error, stream) => {
			if (error) {
				reject(new SshError(`the jump host ${via} would not forward to ${knownHostName(host, port)} (${sanitizeLine(error.message)})`));
			} else {
				resolve(stream);
			}
		});
	});
}

/** Connects through every ProxyJump hop to the target; ends the hops made so far when a later step fails. */
export async function dial(target: SshTarget, options: DialOptions = {}): Promise<Dialled> {
	const ssh2 = await loadSsh2();
	const env = options.env ?? process.env;
	const home = env.HOME || os.homedir();
	const blocks = readConfig(home);
	const context = {home, localUser: os.userInfo().username};
	const final = resolveSshConfig(blocks, target.host, context, {user: target.username, port: target.port});
	const hops: Client[] = [];
	try {
		let sock: Readable | undefined;
		let previous = '';
		for (const hop of final.proxyJump) {
			const jump = parseJumpHost(hop);
			const settings = resolveSshConfig(blocks, jump.host, context, {user: jump.user, port: jump.port});
			if (hops.length > 0) {
				sock = await forwardTo(hops.at(-1)!, settings.hostName, settings.port ?? 22, previous);
			}

			hops.push(await connectOne(ssh2, settings, sock, options));
			previous = knownHostName(settings.hostName, settings.port ?? 22);
		}

		if (hops.length > 0) {
			sock = await forwardTo(hops.at(-1)!, final.hostName, final.port ?? 22, previous);
		}

		const client = await connectOne(ssh2, final, sock, options);
		return {client, hops, host: knownHostName(final.hostName, final.port ?? 22)};
	} catch (error) {
		for (const hop of hops) {
			hop.end();
		}

		throw error;
	}
}
