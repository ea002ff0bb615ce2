import {insecurePolicy} from './registry/insecure.ts';
import http from 'node:http';
import https from 'node:https';
import Docker from 'dockerode';
import type {Endpoint} from './endpoint.ts';
import type {EarlyAnswers} from './early-list.ts';
import {earlyListReads} from './early-list-reads.ts';
import type {Engine} from './engine.ts';
import {parseHistory, withDialect} from './parse.ts';
import {collectDiskUsage, collectImages} from './image-list-stream.ts';
import {sanitizeJson} from '../format/sanitize.ts';
import {watchEvents} from './event-stream.ts';
import type {EngineInfo, ImageSummary} from './types.ts';
import {pinApiVersion} from './api-version.ts';
import {withCompactQueries} from './query-string.ts';
import {dialectOf, dockerDialect, filterRefusal} from './engine-dialect.ts';
import {registryOperations} from './registry-ops.ts';
import {imageOperations} from './image-ops.ts';
import {buildOperations} from './build-ops.ts';
import {runInteractive} from './run-container.ts';
import {SshConnection, type SshConnectionOptions} from './ssh/ssh-connection.ts';
import {SshHttpAgent} from './ssh/ssh-http-agent.ts';
import {platformParameter, supportsPlatform, type Platform} from './platform.ts';
import {dial, dialStream} from './dial.ts';

// docker-modem reads DOCKER_HOST and friends as defaults that override what we
// pass (an ssh DOCKER_HOST even wins over a socketPath): hide them while constructing.
const modemEnv = ['DOCKER_HOST', 'DOCKER_TLS_VERIFY', 'DOCKER_CERT_PATH', 'DOCKER_CLIENT_TIMEOUT'] as const;

function withoutDockerEnv<T>(make: () => T): T {
	const saved = modemEnv.map(name => [name, process.env[name]] as const);
	for (const name of modemEnv) {
		delete process.env[name];
	}

	try {
		return make();
	} finally {
		for (const [name, value] of saved) {
			if (value !== undefined) {
				process.env[name] = value;
			}
		}
	}
}

/** What an ssh:// engine needs from the caller: see SshConnectionOptions. */
export type EngineOptions = Pick<SshConnectionOptions, 'askPassphrase' | 'acceptNewHostKey' | 'retryDelaysMs' | 'keepaliveIntervalMs' | 'env'> & {
	/** Answers asked for before this module loaded (early-list.ts): the first connect and list take them. */
	early?: EarlyAnswers;
};

/** `sshAgent`: the agent over the engine's one SSH connection, required for ssh:// endpoints. */
export function dockerOptions(endpoint: Endpoint, version?: string, sshAgent?: http.Agent): Docker.DockerOptions {
	const base = {version, host: undefined, port: undefined, socketPath: undefined, protocol: undefined, ca: undefined, cert: undefined, key: undefined};
	switch (endpoint.kind) {
		case 'unix': {
			// One kept-alive connection serves every call.
			return {...base, socketPath: endpoint.socketPath, agent: new http.Agent({keepAlive: true, maxSockets: 8})} as Docker.DockerOptions;
		}

		case 'tcp': {
			if (endpoint.tls) {
				const {ca, cert, key, verify} = endpoint.tls;
				const agent = new https.Agent({keepAlive: true, maxSockets: 8, ca, cert, key, rejectUnauthorized: verify});
				return {...base, protocol: 'https', host: endpoint.host, port: endpoint.port, ca, cert, key, agent} as Docker.DockerOptions;
			}

			return {...base, protocol: 'http', host: endpoint.host, port: endpoint.port, agent: new http.Agent({keepAlive: true, maxSockets: 8})} as Docker.DockerOptions;
		}

		case 'ssh': {
			if (!sshAgent) {
				throw new Error('dockerOptions: an ssh:// endpoint needs the agent of its SshConnection');
			}

			// Plain HTTP through our agent: the host name only fills the Host header, as the docker CLI's does.
			return {...base, protocol: 'http', host: 'api.moby.localhost', agent: sshAgent} as Docker.DockerOptions;
		}
	}
}

/** The early /version answer, if there is one and it came; else undefined (the caller asks again, and gets the real error). */
async function earlyVersion(early: EarlyAnswers | undefined): Promise<Docker.DockerVersion | undefined> {
	try {
		return await early?.takeVersion() as Docker.DockerVersion | undefined;
	} catch {
		return undefined;
	}
}

export function createDockerEngine(endpoint: Endpoint, options: EngineOptions = {}): Engine {
	const ssh = endpoint.kind === 'ssh'
		? new SshConnection({host: endpoint.host, port: endpoint.port, username: endpoint.username}, {...options, remoteSocket: endpoint.remoteSocket})
		: undefined;
	// One agent for every Docker object made here, so that they share the SSH connection's channels.
	const sshAgent = ssh ? new SshHttpAgent(ssh) : undefined;
	const make = (version?: string) => withCompactQueries(withoutDockerEnv(() => new Docker(dockerOptions(endpoint, version, sshAgent))));
	let docker = make();
	// Set by connect(): which platform parameters this engine takes.
	let pinnedApi = '';
	const withPlatform = (what: 'history' | 'inspect', platform: Platform | undefined) => platformParameter(pinnedApi, what, platform);
	let dialect = dockerDialect;
	// Set by connect() when the early list reads as the pinned API's would.
	let earlyImages: Promise<ImageSummary[]> | undefined;

	const current = () => docker;
	return {
		endpoint,
		...registryOperations(current, () => pinnedApi, () => dialect),
		...imageOperations(current, () => pinnedApi, () => dialect),
		...buildOperations(current),
		async connect(): Promise<EngineInfo> {
			// Unversioned: the daemon answers with its own newest API.
			const fromEarly = await earlyVersion(options.early);
			// Taken now whatever happens: a later reconnect must never be handed this old list.
			const earlyList = options.early?.takeImages();
			const raw = fromEarly ?? await make().version();
			const pinned = pinApiVersion(raw.ApiVersion, (raw as {MinAPIVersion?: string}).MinAPIVersion);
			earlyImages = fromEarly && earlyListReads(raw) ? earlyList : undefined;
			docker = make(`v${pinned}`);
			pinnedApi = pinned;
			dialect = dialectOf(raw);
			return {
				product: dialect.product,
				version: String(raw.Version ?? ''),
				apiVersion: String(raw.ApiVersion ?? ''),
				pinnedApiVersion: pinned,
				os: String(raw.Os ?? ''),
				arch: String(raw.Arch ?? ''),
			};
		},
		async ping(timeoutMs) {
			if (!ssh) {
				// Idle kept-alive sockets may lead to an engine that died: the ping (and what follows) must
				// dial afresh, or it reads "connection reset" off a dead socket where the truth is "refused".
				const agent = (docker.modem as {agent?: http.Agent}).agent;
				for (const sockets of Object.values(agent?.freeSockets ?? {})) {
					for (const socket of sockets ?? []) {
						socket.destroy();
					}
				}
			}

			const signal = AbortSignal.timeout(timeoutMs);
			try {
				// dockerode's ping takes an abortSignal; its types do not say so.
				await (docker.ping as unknown as (options: {abortSignal: AbortSignal}) => Promise<unknown>).call(docker, {abortSignal: signal});
			} catch (error) {
				// The timeout's abort is not the user's cancel: say what happened.
				throw signal.aborted ? new Error(`the engine did not answer /_ping within ${timeoutMs / 1000} s`) : error;
			}
		},
		async listImages(options = {}) {
			// manifests=1 makes an engine with the containerd store list each image's platforms.
			const manifests = supportsPlatform(pinnedApi, 'list') ? {manifests: true} : {};
			// Read as it arrives, never whole (image-list-stream.ts); the query and errors as dockerode's listImages.
			const query = {all: options.all ?? false, filters: options.filters ? JSON.stringify(options.filters) : undefined, ...manifests};
			let body;
			try {
				body = await dialStream(docker, '/images/json', query, {200: true, 400: 'bad parameter', 500: 'server error'});
			} catch (error) {
				throw options.filters ? filterRefusal(error, dialect) : error;
			}

			return withDialect(await collectImages(body), dialect);
		},
		takeEarlyImages() {
			const early = earlyImages;
			earlyImages = undefined;
			return early?.then(images => withDialect(images, dialect));
		},
		async history(imageId, platform) {
			if (platform) {
				return parseHistory(await dial(docker, `/images/${imageId}/history`, withPlatform('history', platform) as Record<string, string>));
			}

			return parseHistory(await docker.getImage(imageId).history());
		},
		async inspect(imageId, platform) {
			// dockerode's inspect sends no query: ask ourselves when a platform is wanted.
			return sanitizeJson(platform ? await dial(docker, `/images/${imageId}/json`, withPlatform('inspect', platform) as Record<string, string>) : await docker.getImage(imageId).inspect());
		},
		async diskUsage() {
			return collectDiskUsage(await dialStream(docker, '/system/df', {}, {200: true, 500: 'server error'}));
		},
		async insecureRegistries() {
			return insecurePolicy(await docker.info());
		},
		watchEvents(handlers) {
			return watchEvents(async (since, signal) => {
				const stream = await docker.getEvents({
					since,
					filters: JSON.stringify({type: ['image', 'container']}),
					abortSignal: signal,
				} as Docker.GetEventsOptions);
				return stream;
			}, handlers, endpoint);
		},
		async runInteractive(image, terminal) {
			return runInteractive(docker, image, terminal);
		},
		onConnectionState: ssh ? listener => ssh.onStateChange(listener) : undefined,
		close() {
			options.early?.abort();
			const agent = (docker.modem as {agent?: http.Agent}).agent;
			agent?.destroy();
			ssh?.close();
		},
	};
}
