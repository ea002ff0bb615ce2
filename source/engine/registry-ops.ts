// Pull, push and login: the engine talks to the registry, we send it the
// credentials (X-Registry-Auth) and read its progress stream.
import type Docker from 'dockerode';
import type {AuthConfig, ImageOperations, LoginResult, OnProgress} from './operations.ts';
import {followProgress, StreamError} from './progress-stream.ts';
import {familiarString, isValidTag, parseNormalizedNamed, registryKey, withDefaultTag, type Reference} from './reference.ts';
import {formatPlatform, platformParameter} from './platform.ts';
import {dockerDialect, type Dialect} from './engine-dialect.ts';
import {abortError, AuthRequiredError, engineMessage, isAuthFailure, LoginRefusedError, redact, registryDisplayName} from './registry-errors.ts';

export {AuthRequiredError, LoginRefusedError} from './registry-errors.ts';

/** What the daemon gets as X-Registry-Auth: always something, as older daemons reject a missing header. */
function authHeader(auth: AuthConfig | undefined): Docker.AuthConfig {
	if (!auth) {
		return {};
	}

	// An identity token replaces the password; the engine trades it for a registry token.
	const {username, password, identitytoken, serveraddress} = auth;
	return identitytoken ? {username, identitytoken, serveraddress} : {username, password, serveraddress};
}

/** FamiliarName: the repository as `docker pull` sends it in fromImage ("ubuntu", "localhost:5000/x"). */
function familiarName(reference: Reference): string {
	return familiarString({domain: reference.domain, path: reference.path});
}

/** A request failure or an error line in the stream, in the user's terms. */
function translate(error: unknown, registry: string, signal: AbortSignal): Error {
	if (signal.aborted) {
		return abortError(signal);
	}

	if (error instanceof StreamError) {
		return isAuthFailure(error.message) ? new AuthRequiredError(registry, error.message) : error;
	}

	const {status, message} = engineMessage(error);
	if (status === 401 || isAuthFailure(message)) {
		return new AuthRequiredError(registry, message);
	}

	// A socket error (the engine gone mid-stream: Node's bare "aborted") keeps its code, so
	// describeError words it as it does for save, load and build: "the connection was reset".
	return status === undefined && error instanceof Error ? error : new Error(message);
}

/** Opens a progress stream and reads it to the end; an abort ends the HTTP request and rejects with AbortError. */
async function runStream(open: () => Promise<NodeJS.ReadableStream>, registry: string, onProgress: OnProgress, signal: AbortSignal): Promise<void> {
	if (signal.aborted) {
		throw abortError(signal);
	}

	let stream: NodeJS.ReadableStream;
	try {
		stream = await open();
	} catch (error) {
		throw translate(error, registry, signal);
	}

	// docker-modem hands the signal to the request, but once the response has begun,
	// aborting the request ends the body with a bare "aborted", or not at all.
	const readable = stream as NodeJS.ReadableStream & {destroy(error?: Error): void};
	const onAbort = () => readable.destroy(abortError(signal));
	if (signal.aborted) {
		onAbort();
	} else {
		signal.addEventListener('abort', onAbort, {once: true});
	}

	try {
		await followProgress(stream, onProgress);
	} catch (error) {
		throw translate(error, registry, signal);
	} finally {
		signal.removeEventListener('abort', onAbort);
	}
}

// Podman's compat POST /auth verifies TLS for every registry but one named
// `localhost:PORT` (it ignores registries.conf's insecure entries), where dockerd
// takes all of 127.0.0.0/8 as plain HTTP. A loopback registry is the same host
// by that name, so Podman checks the credentials there; they are stored under
// the name the user gave.
const loopbackRegistry = /^127(?:\.\d{1,3}){3}(:\d+)$/;

function authAddress(serveraddress: string, dialect: Dialect): string {
	const port = dialect.product === 'podman' ? loopbackRegistry.exec(serveraddress)?.[1] : undefined;
	return port === undefined ? serveraddress : `localhost${port}`;
}

const plainHttp = /server gave HTTP response to HTTPS client/;

export function registryOperations(docker: () => Docker, apiVersion: () => string = () => '', dialect: () => Dialect = () => dockerDialect): Pick<ImageOperations, 'pull' | 'push' | 'login'> {
	return {
		async pull(reference, auth, onProgress, signal, platform) {
			const parsed = withDefaultTag(parseNormalizedNamed(reference));
			// As the docker CLI: fromImage is the bare name; tag carries the tag, or the digest when there is one.
			// Pull's platform is "os/arch[/variant]" text (API 1.32+), not the JSON later endpoints take.
			const options = {fromImage: familiarName(parsed), tag: parsed.digest ?? parsed.tag, abortSignal: signal, ...(platform ? {platform: formatPlatform(platform)} : {})};
			await runStream(() => docker().createImage(authHeader(auth), options), registryKey(parsed), onProgress, signal);
		},

		async push(repository, tag, auth, onProgress, signal, platform) {
			const parsed = parseNormalizedNamed(repository);
			if (parsed.tag !== undefined || parsed.digest !== undefined) {
				throw new Error(`push takes a repository without tag or digest, not ${familiarString(parsed)}`);
			}

			// Without a tag the engine pushes every tag of the repository.
			if (!isValidTag(tag)) {
				throw new Error(`invalid tag "${tag}" to push`);
			}

			const image = docker().getImage(familiarName(parsed));
			const query = platformParameter(apiVersion(), 'push', platform);
			await runStream(() => image.push({tag, authconfig: authHeader(auth), abortSignal: signal, ...query}), registryKey(parsed), onProgress, signal);
		},

		async login(auth): Promise<LoginResult> {
			const registry = auth.serveraddress;
			let answer: {Status?: unknown; IdentityToken?: unknown};
			try {
				answer = (await docker().checkAuth(authHeader({...auth, serveraddress: authAddress(registry, dialect())}))) as typeof answer;
			} catch (error) {
				const {status, message} = engineMessage(error);
				// docker-modem's errors carry the response, never the request body; the engine's
				// answer is redacted all the same, in case a registry ever echoes what it got.
				const reason = redact(message, [auth.password, auth.identitytoken]);
				if (status === 401 || isAuthFailure(message)) {
					throw new LoginRefusedError(registry, auth.username, reason);
				}

				if (dialect().product === 'podman' && plainHttp.test(message)) {
					throw new Error(`login to ${registryDisplayName(registry)} failed: Podman checks a login over HTTPS, and this registry speaks plain HTTP (Podman makes an exception only for localhost:PORT): ${reason}`);
				}

				throw new Error(`login to ${registryDisplayName(registry)} failed: ${reason}`);
			}

			const token = typeof answer?.IdentityToken === 'string' && answer.IdentityToken !== '' ? answer.IdentityToken : undefined;
			return {status: typeof answer?.Status === 'string' ? answer.Status : 'Login Succeeded', identityToken: token};
		},
	};
}
