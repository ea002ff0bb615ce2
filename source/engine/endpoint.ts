// Which engine to talk to, decided exactly as the docker CLI decides it:
// --context > -H/--host > DOCKER_HOST > DOCKER_CONTEXT > currentContext > default socket.
import {createHash} from 'node:crypto';
import {readFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const defaultHost = 'unix:///var/run/docker.sock';

export type Tls = {ca?: string; cert?: string; key?: string; verify: boolean};

export type Endpoint =
	| {kind: 'unix'; url: string; socketPath: string}
	| {kind: 'tcp'; url: string; host: string; port: number; tls?: Tls}
	/** `port` and `username` only when the URL gives them: ~/.ssh/config may supply them. */
	| {kind: 'ssh'; url: string; host: string; port?: number; username?: string; remoteSocket?: string};

export type ResolvedEndpoint = {
	endpoint: Endpoint;
	/** Context name when one was used ("default" otherwise). */
	context: string;
	/** What decided it, for the header and for error hints. */
	source: string;
};

/** How an engine is named on screen and in messages: its URL, or "context (URL)". */
export function hostLabel(resolved: ResolvedEndpoint): string {
	return resolved.context === 'default' ? resolved.endpoint.url : `${resolved.context} (${resolved.endpoint.url})`;
}

/** A problem with what the user asked for: stowage refuses to start, exit status 2. */
export class UsageError extends Error {
	override name = 'UsageError';
}

export type EndpointInput = {
	context?: string;
	host?: string;
	/** --remote-socket: an ssh:// endpoint reaches this socket on the far side instead of running the docker CLI there. */
	remoteSocket?: string;
	env?: NodeJS.ProcessEnv;
};

export function dockerConfigDir(env: NodeJS.ProcessEnv = process.env): string {
	return env.DOCKER_CONFIG || path.join(env.HOME || os.homedir(), '.docker');
}

/** docker's opts.ParseHost: a bare "host:port" means tcp. */
export function parseHost(raw: string, tls?: Tls): Endpoint {
	const text = raw.trim();
	if (text === '') {
		throw new UsageError('empty host: give a URL such as unix:///var/run/docker.sock, tcp://host:2376 or ssh://user@host');
	}

	const withScheme = text.includes('://') ? text : `tcp://${text}`;
	const scheme = withScheme.slice(0, withScheme.indexOf('://')).toLowerCase();
	const rest = withScheme.slice(withScheme.indexOf('://') + 3);
	switch (scheme) {
		case 'unix': {
			if (!rest.startsWith('/')) {
				throw new UsageError(`invalid host "${raw}": a unix socket needs an absolute path, e.g. unix:///var/run/docker.sock`);
			}

			return {kind: 'unix', url: `unix://${rest}`, socketPath: rest};
		}

		case 'tcp': {
			const {hostname, port} = parseAuthority(raw, rest, 'tcp');
			if (!hostname) {
				throw new UsageError(`invalid host "${raw}": no host name`);
			}

			const defaultPort = tls ? 2376 : 2375;
			const finalPort = port ?? defaultPort;
			return {kind: 'tcp', url: `tcp://${formatHostPort(hostname, finalPort)}`, host: hostname, port: finalPort, tls};
		}

		case 'ssh': {
			let url: URL;
			try {
				url = new URL(withScheme);
			} catch {
				throw new UsageError(`invalid host "${raw}": not a valid ssh:// URL`);
			}

			if (url.password) {
				throw new UsageError(`invalid host "${raw}": plain-text passwords are not supported in ssh:// URLs; use a key or the ssh agent`);
			}

			if (url.pathname && url.pathname !== '/') {
				throw new UsageError(`invalid host "${raw}": extra path after the host "${url.pathname}"`);
			}

			if (url.search || url.hash) {
				throw new UsageError(`invalid host "${raw}": unexpected query or fragment`);
			}

			if (!url.hostname) {
				throw new UsageError(`invalid host "${raw}": no host name`);
			}

			const username = url.username ? decodeURIComponent(url.username) : undefined;
			const endpoint: Endpoint = {kind: 'ssh', url: `ssh://${username ? username + '@' : ''}${url.host}`, host: url.hostname.replace(/^\[|\]$/g, '')};
			if (url.port) {
				endpoint.port = Number(url.port);
			}

			if (username) {
				endpoint.username = username;
			}

			return endpoint;
		}

		default: {
			throw new UsageError(`invalid host "${raw}": unsupported scheme "${scheme}://" (use unix://, tcp:// or ssh://)`);
		}
	}
}

function parseAuthority(raw: string, rest: string, scheme: string): {hostname: string; port?: number} {
	const authority = rest.replace(/\/+$/, '');
	const match = /^(\[[\da-fA-F:.]+\]|[^:/@[\]\s]*)(?::(\d{1,5}))?$/.exec(authority);
	if (!match) {
		throw new UsageError(`invalid host "${raw}": ${scheme}:// takes host[:port]`);
	}

	const port = match[2] === undefined ? undefined : Number(match[2]);
	if (port !== undefined && (port < 1 || port > 65_535)) {
		throw new UsageError(`invalid host "${raw}": invalid port ${port}`);
	}

	return {hostname: (match[1] ?? '').replace(/^\[|\]$/g, ''), port};
}

function formatHostPort(host: string, port: number): string {
	return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

function tlsFromEnv(env: NodeJS.ProcessEnv): Tls | undefined {
	const verify = Boolean(env.DOCKER_TLS_VERIFY);
	if (!verify && !env.DOCKER_TLS) {
		return undefined;
	}

	const dir = env.DOCKER_CERT_PATH || dockerConfigDir(env);
	return {...readTlsFiles(dir, !verify), verify};
}

function readTlsFiles(dir: string, optional: boolean): Omit<Tls, 'verify'> {
	const read = (name: string) => {
		try {
			return readFileSync(path.join(dir, name), 'utf8');
		} catch (error) {
			if (optional) {
				return undefined;
			}

			throw new UsageError(`cannot read TLS file ${path.join(dir, name)}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
		}
	};

	return {ca: read('ca.pem'), cert: read('cert.pem'), key: read('key.pem')};
}

export function contextDirHash(name: string): string {
	return createHash('sha256').update(name).digest('hex');
}

type ContextMeta = {Name?: string; Endpoints?: {docker?: {Host?: string; SkipTLSVerify?: boolean}}};

function readContext(name: string, env: NodeJS.ProcessEnv): Endpoint {
	const configDir = dockerConfigDir(env);
	const hash = contextDirHash(name);
	let meta: ContextMeta;
	try {
		meta = JSON.parse(readFileSync(path.join(configDir, 'contexts', 'meta', hash, 'meta.json'), 'utf8')) as ContextMeta;
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
			throw new UsageError(`context "${name}" does not exist (looked in ${path.join(configDir, 'contexts')})`);
		}

		throw new UsageError(`context "${name}" cannot be read: ${(error as Error).message}`);
	}

	const docker = meta.Endpoints?.docker;
	if (!docker?.Host) {
		throw new UsageError(`context "${name}" has no docker endpoint`);
	}

	const tlsDir = path.join(configDir, 'contexts', 'tls', hash, 'docker');
	const files = readTlsFiles(tlsDir, true);
	const hasTls = Boolean(files.ca || files.cert);
	return parseHost(docker.Host, hasTls ? {...files, verify: !docker.SkipTLSVerify} : undefined);
}

function currentContextFromConfig(env: NodeJS.ProcessEnv): string | undefined {
	try {
		const config = JSON.parse(readFileSync(path.join(dockerConfigDir(env), 'config.json'), 'utf8')) as {currentContext?: unknown};
		return typeof config.currentContext === 'string' && config.currentContext ? config.currentContext : undefined;
	} catch {
		return undefined;
	}
}

export function resolveEndpoint(input: EndpointInput = {}): ResolvedEndpoint {
	const resolved = resolveWithoutOptions(input);
	if (input.remoteSocket !== undefined) {
		if (resolved.endpoint.kind !== 'ssh') {
			throw new UsageError(`--remote-socket needs an ssh:// engine, not ${resolved.endpoint.url} (from ${resolved.source})`);
		}

		if (!input.remoteSocket.startsWith('/')) {
			throw new UsageError(`--remote-socket takes an absolute path on the remote host, e.g. /var/run/docker.sock (got "${input.remoteSocket}")`);
		}

		resolved.endpoint.remoteSocket = input.remoteSocket;
	}

	return resolved;
}

function resolveWithoutOptions(input: EndpointInput): ResolvedEndpoint {
	const env = input.env ?? process.env;
	if (input.context !== undefined && input.host !== undefined) {
		throw new UsageError('conflicting options: either specify --host or --context, not both');
	}

	if (input.context !== undefined) {
		return fromContext(input.context, env, '--context');
	}

	if (input.host !== undefined) {
		return {endpoint: parseHost(input.host, tlsFromEnv(env)), context: 'default', source: '--host'};
	}

	if (env.DOCKER_HOST) {
		return {endpoint: parseHost(env.DOCKER_HOST, tlsFromEnv(env)), context: 'default', source: 'DOCKER_HOST'};
	}

	if (env.DOCKER_CONTEXT) {
		return fromContext(env.DOCKER_CONTEXT, env, 'DOCKER_CONTEXT');
	}

	const current = currentContextFromConfig(env);
	if (current) {
		return fromContext(current, env, 'config.json currentContext');
	}

	return {endpoint: parseHost(defaultHost), context: 'default', source: 'default socket'};
}

function fromContext(name: string, env: NodeJS.ProcessEnv, source: string): ResolvedEndpoint {
	if (name === 'default') {
		// The implicit default context is the host from the environment, else the default socket.
		const endpoint = env.DOCKER_HOST ? parseHost(env.DOCKER_HOST, tlsFromEnv(env)) : parseHost(defaultHost);
		return {endpoint, context: 'default', source};
	}

	return {endpoint: readContext(name, env), context: name, source};
}
