// What a BuildKit build needs beyond the classic one: which builder the engine
// prefers, whether it has a network to run RUN steps on, the session's services,
// and an error that names the failing step.
import {readFile} from 'node:fs/promises';
import type {IncomingMessage} from 'node:http';
import type Docker from 'dockerode';
import {resolveAuth} from '../credentials.ts';
import {credentialKey} from '../reference.ts';
import type {BuildSecret} from '../operations.ts';
import {StreamError, type ProgressMessage} from '../progress-stream.ts';
import {GrpcError, grpcCode} from './grpc-status.ts';
import type {SessionServices} from './session.ts';

export type Builder = 'buildkit' | 'classic';

type Modem = {dial(options: object, callback: (error: unknown, answer: IncomingMessage) => void): void};
const dial = (docker: Docker, options: object) => new Promise<IncomingMessage>((resolve, reject) => {
	(docker.modem as Modem).dial(options, (error, answer) => (error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve(answer)));
});

/** The engine's own choice, from `/_ping`'s Builder-Version header: 2 is BuildKit; Podman and dockerd without the feature say 1. */
export async function preferredBuilder(docker: Docker): Promise<Builder> {
	const answer = await dial(docker, {path: '/_ping', method: 'GET', isStream: true, statusCodes: {200: true, 500: 'server error'}});
	answer.resume();
	return answer.headers['builder-version'] === '2' ? 'buildkit' : 'classic';
}

/**
 * BuildKit runs RUN steps on the engine's default network, `bridge`. An engine
 * started with `--bridge=none` has none, and every such step fails with "network
 * bridge not found": those builds get `networkmode=none`, the others the default.
 */
export async function lacksBridge(docker: Docker): Promise<boolean> {
	try {
		await docker.getNetwork('bridge').inspect();
		return false;
	} catch (error) {
		if ((error as {statusCode?: unknown}).statusCode === 404) {
			return true;
		}

		throw error;
	}
}

export function sessionServices(secrets: readonly BuildSecret[], env: NodeJS.ProcessEnv = process.env): SessionServices {
	return {
		async credentials(host) {
			const auth = await resolveAuth(credentialKey(host), env);
			return auth && {username: auth.username, password: auth.password, identityToken: auth.identitytoken};
		},
		async secret(id) {
			const secret = secrets.find(candidate => candidate.id === id);
			if (!secret) {
				return undefined;
			}

			// Read when the step asks, as the CLI's file provider does; the bytes never reach a log.
			return readFile(secret.src).catch((error: unknown) => {
				throw new GrpcError(grpcCode.internal, `cannot read secret ${id} from ${secret.src}: ${(error as {code?: string}).code ?? 'error'}`);
			});
		},
	};
}

/** Lines of the failing step kept for its error. */
const tailLines = 3;
const maxNameInError = 60;

/** Follows the trace for what an error needs: each step's name and its last lines of output. */
export function stepTracker() {
	const names = new Map<string, string>();
	const tails = new Map<string, string[]>();
	let failed: string | undefined;
	return {
		see(message: ProgressMessage) {
			for (const vertex of message.trace?.vertexes ?? []) {
				names.set(vertex.digest, vertex.name);
				if (vertex.error) {
					failed = vertex.digest;
				}
			}

			for (const log of message.trace?.logs ?? []) {
				const lines = log.text.split('\n').filter(line => line.trim() !== '');
				tails.set(log.vertex, [...(tails.get(log.vertex) ?? []), ...lines].slice(-tailLines));
			}
		},
		/** The engine's error with the step it happened in: "[2/2] RUN make: exit code: 2 (last output: …)". */
		explain(error: unknown): unknown {
			if (!(error instanceof StreamError) || failed === undefined) {
				return error;
			}

			// Short enough that the reason and the output still fit a job's line; the log has the whole name.
			const full = names.get(failed) ?? failed;
			const name = full.length > maxNameInError ? `${full.slice(0, maxNameInError - 1)}…` : full;
			// The engine repeats the step's command ("executor failed running [/bin/sh -c …]: exit code: 3"); the name says it already.
			const reason = /(exit code: \d+)$/.exec(error.message)?.[1] ?? error.message;
			const tail = tails.get(failed) ?? [];
			return new StreamError(`${name} failed: ${reason}${tail.length > 0 ? ` · last output: ${tail.join(' ⏎ ')}` : ''}`);
		},
	};
}
