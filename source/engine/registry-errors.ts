// What a registry refusal looks like once it has crossed the engine: pure
// classification and wording, so the UI can say "log in" instead of raw JSON.
import {sanitizeLine} from '../format/sanitize.ts';
import {dockerHubKey} from './reference.ts';

// Seen from Docker 20.10 with distribution 2.8: "no basic auth credentials" (no
// credentials sent), "unauthorized: authentication required" (wrong ones),
// "login attempt to … failed with status: 401 Unauthorized" (POST /auth, as a 500);
// Docker Hub says "denied: requested access to the resource is denied" and
// "unauthorized: incorrect username or password".
const authFailure = /\bunauthori[sz]ed\b|authentication required|no basic auth credentials|\bdenied\b|status:? 401\b|incorrect username or password/i;

export function isAuthFailure(message: string): boolean {
	return authFailure.test(message);
}

/** How a registry key reads in a sentence: Docker Hub's URL key is "docker.io". */
export function registryDisplayName(registry: string): string {
	return registry === dockerHubKey ? 'docker.io' : sanitizeLine(registry);
}

/** A pull or push the registry refused for want of (valid) credentials. */
export class AuthRequiredError extends Error {
	override name = 'AuthRequiredError';
	/**
	 * @param registry the credentials key (config.json `auths` key), e.g. "127.0.0.1:5000" or "https://index.docker.io/v1/"
	 * @param reason the engine's own words, sanitized
	 */
	constructor(readonly registry: string, readonly reason: string) {
		super(`registry ${registryDisplayName(registry)} requires authentication: log in with l`);
	}
}

/** POST /auth turned the user name and password (or token) down. */
export class LoginRefusedError extends Error {
	override name = 'LoginRefusedError';
	constructor(readonly registry: string, readonly username: string | undefined, readonly reason: string) {
		super(`registry ${registryDisplayName(registry)} refused the credentials${username ? ` for ${sanitizeLine(username)}` : ''}: check the user name and password`);
	}
}

/** A cancelled operation, as fetch and the streams API name it. */
export function abortError(signal: AbortSignal): Error {
	const reason: unknown = signal.reason;
	if (reason instanceof Error && reason.name === 'AbortError') {
		return reason;
	}

	return new DOMException('The operation was aborted', 'AbortError');
}

type ModemError = {statusCode?: unknown; json?: unknown; message?: unknown};

/**
 * The engine's own words from a docker-modem error, without its
 * "(HTTP code 500) server error - " wrapper, and the HTTP status if there was one.
 */
export function engineMessage(error: unknown): {status?: number; message: string} {
	const err = (error ?? {}) as ModemError;
	const status = typeof err.statusCode === 'number' ? err.statusCode : undefined;
	const raw = typeof err.message === 'string' ? err.message : String(error);
	let message: string | undefined;
	if (Buffer.isBuffer(err.json)) {
		message = err.json.toString('utf8');
	} else if (err.json && typeof err.json === 'object' && typeof (err.json as {message?: unknown}).message === 'string') {
		message = (err.json as {message: string}).message;
	} else if (status !== undefined) {
		// Streamed requests leave json empty and put the body's message in the text.
		message = /^\(HTTP code \d+\) [^-]*- ([\s\S]*)$/.exec(raw)?.[1];
	}

	return {status, message: sanitizeLine((message ?? raw).trim())};
}

/** Text with every occurrence of each secret, and of its base64, replaced by "***". */
export function redact(text: string, secrets: ReadonlyArray<string | undefined>): string {
	let result = text;
	for (const secret of secrets) {
		if (!secret) {
			continue;
		}

		for (const form of [secret, Buffer.from(secret).toString('base64'), Buffer.from(secret).toString('base64url')]) {
			result = result.split(form).join('***');
		}
	}

	return result;
}
