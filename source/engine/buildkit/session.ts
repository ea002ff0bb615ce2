// Our side of a BuildKit session (POST /session, hijacked to h2c; moby
// api/server/router/session, buildkit session/manager.go). The engine calls back
// into it for what only the client has: that we are alive (grpc.health.v1, polled
// every few seconds: without it the session is dropped within ~10 s, dockerode#845,
// and a later step that needs it fails with "no active session"),
// registry credentials for the base images, and the build's secrets.
import {randomBytes, randomUUID} from 'node:crypto';
import type {Duplex} from 'node:stream';
import type Docker from 'dockerode';
import {serveGrpc, type UnaryHandler} from './grpc-server.ts';
import {GrpcError, grpcCode} from './grpc-status.ts';
import {asString, readFields, writeFields} from './protobuf.ts';

export type SessionServices = {
	/** Credentials for a registry host as BuildKit names it ("registry-1.docker.io", "host:5000"). */
	credentials(host: string): Promise<{username?: string; password?: string; identityToken?: string} | undefined>;
	/** A secret's bytes by id; undefined when the build was given no such secret. */
	secret(id: string): Promise<Buffer | undefined>;
};

export type BuildSession = {id: string; close(): void};

/** Field 1 of a request message, a string in every request we serve. */
const firstString = (request: Buffer) => {
	const field = readFields(request).find(candidate => candidate.number === 1);
	return field ? asString(field) : '';
};

function methods(services: SessionServices): Record<string, UnaryHandler> {
	return {
		// HealthCheckResponse{status: SERVING}.
		'/grpc.health.v1.Health/Check': async () => writeFields([[1, 1]]),
		async '/moby.filesync.v1.Auth/Credentials'(request) {
			const found = await services.credentials(firstString(request));
			// As the docker CLI's auth provider: an identity token travels as the secret, without a user.
			return found?.identityToken
				? writeFields([[2, found.identityToken]])
				: writeFields([[1, found?.username], [2, found?.password]]);
		},
		async '/moby.buildkit.secrets.v1.Secrets/GetSecret'(request) {
			const id = firstString(request);
			const data = await services.secret(id);
			if (!data) {
				throw new GrpcError(grpcCode.notFound, `secret ${id} not found`);
			}

			return writeFields([[1, data]]);
		},
	};
}

/** Opens the session; the build names it by `id` (the /build query's `session`). */
export async function openSession(docker: Docker, services: SessionServices): Promise<BuildSession> {
	const id = randomUUID();
	const served = methods(services);
	const socket = await new Promise<Duplex>((resolve, reject) => {
		(docker.modem as {dial(options: object, callback: (error: unknown, socket: Duplex) => void): void}).dial({
			method: 'POST',
			path: '/session',
			hijack: true,
			headers: {
				Upgrade: 'h2c',
				'X-Docker-Expose-Session-Uuid': id,
				'X-Docker-Expose-Session-Name': 'stowage',
				'X-Docker-Expose-Session-Sharedkey': randomBytes(16).toString('hex'),
				// What the engine may call: BuildKit asks a session only for the methods it lists.
				'X-Docker-Expose-Session-Grpc-Method': Object.keys(served),
			},
			statusCodes: {101: true, 200: true, 400: 'bad request', 404: 'no such endpoint: the engine has no BuildKit sessions', 500: 'server error'},
		}, (error, stream) => (error ? reject(noSessions(error)) : resolve(stream)));
	});
	const server = serveGrpc(socket, served);
	return {id, close: () => server.close()};
}

/**
 * An engine without BuildKit sessions (Podman answers 404 "Not Found") is told in words the
 * user can act on, not as the bare status: the way out is the classic builder.
 */
function noSessions(error: unknown): Error {
	if ((error as {statusCode?: unknown}).statusCode === 404) {
		return new Error('this engine offers no BuildKit (it has no /session endpoint): choose the classic builder (or auto) in the build form');
	}

	return error instanceof Error ? error : new Error(String(error));
}
