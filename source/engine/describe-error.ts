// Turns whatever a request threw into one readable sentence: never a stack trace,
// never raw JSON, and never an unsanitized string from the engine.
import {sanitizeLine} from '../format/sanitize.ts';
import type {Endpoint} from './endpoint.ts';
import {isAbort} from './engine-error.ts';
import {SshError} from './ssh/ssh-errors.ts';

type ErrorLike = {
	code?: unknown;
	statusCode?: unknown;
	json?: unknown;
	reason?: unknown;
	message?: unknown;
};

const connectionCodes: Record<string, string> = {
	ECONNREFUSED: 'connection refused',
	ECONNRESET: 'the connection was reset',
	EPIPE: 'the connection was closed',
	ETIMEDOUT: 'timed out',
	ENOTFOUND: 'host name not found (DNS)',
	EAI_AGAIN: 'host name lookup failed (DNS)',
	EHOSTUNREACH: 'host unreachable',
	ENETUNREACH: 'network unreachable',
};

/** TLS alerts a server sends when it does not accept the client's certificate (or its absence). */
const clientCertAlert = /^ERR_SSL_(?:SSLV3|TLSV1|TLSV13)_ALERT_(?:BAD_CERTIFICATE|CERTIFICATE_REQUIRED|UNKNOWN_CA|CERTIFICATE_UNKNOWN|UNSUPPORTED_CERTIFICATE|CERTIFICATE_EXPIRED|CERTIFICATE_REVOKED|ACCESS_DENIED)$/;

/** "8070…:error:0A000412:SSL routines:ssl3_read_bytes:sslv3 alert bad certificate:../deps/…" → "sslv3 alert bad certificate". */
function opensslReason(message: string): string {
	return /SSL routines:[^:]*:([^:]+)/.exec(message)?.[1]?.trim() ?? message;
}

function apiMessage(json: unknown): string | undefined {
	// docker-modem hands over a body that is not JSON as a Buffer (a plain-text answer).
	if (Buffer.isBuffer(json)) {
		return json.toString('utf8').trim() || undefined;
	}

	if (json && typeof json === 'object' && typeof (json as {message?: unknown}).message === 'string') {
		return (json as {message: string}).message;
	}

	if (typeof json === 'string' && json.trim()) {
		return json.trim();
	}

	return undefined;
}

/** Codes of a request that never reached the engine, or lost it midway: worth checking it is still there. */
const lostCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ENOENT', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ERR_STREAM_PREMATURE_CLOSE']);

/** Whether a call failed because the connection to the engine failed (not an answer from it). */
export function isConnectionError(error: unknown): boolean {
	const err = (error ?? {}) as ErrorLike;
	if (typeof err.statusCode === 'number' || isAbort(error)) {
		return false;
	}

	return (typeof err.code === 'string' && lostCodes.has(err.code)) || error instanceof SshError || err.message === 'aborted' || err.message === 'socket hang up';
}

/** A short reason for a failed call. */
export function describeError(error: unknown, endpoint?: Endpoint): string {
	const err = (error ?? {}) as ErrorLike;
	const code = typeof err.code === 'string' ? err.code : '';
	const message = typeof err.message === 'string' ? err.message : String(error);
	const where = endpoint?.kind === 'unix' ? endpoint.socketPath : endpoint?.url;

	if (isAbort(error)) {
		// Node says "The operation was aborted": it was the user's cancel, not a failure.
		return 'cancelled';
	}

	if (error instanceof SshError) {
		// Its message is already the plain sentence; parts of it came from the remote.
		return sanitizeLine(error.message);
	}

	if (typeof err.statusCode === 'number') {
		const text = apiMessage(err.json) ?? (typeof err.reason === 'string' ? err.reason : message);
		if (err.statusCode === 400 && /HTTP request to an HTTPS server/i.test(text)) {
			// A TLS port spoken to in plain HTTP: Go's server answers this 400 itself.
			return sanitizeLine(`the engine${where ? ` at ${where}` : ''} expects TLS (it answered "${text}"): set DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH, or use a context with TLS files`);
		}

		return sanitizeLine(`engine error ${err.statusCode}: ${text}`);
	}

	if (code === 'ENOENT' && endpoint?.kind === 'unix') {
		return `no socket at ${where} (is the Docker daemon running?)`;
	}

	if (code === 'EACCES' || code === 'EPERM') {
		return `permission denied on ${where ?? 'the socket'} (add your user to the "docker" group, or run as root)`;
	}

	if (code === 'ECONNREFUSED' && endpoint?.kind === 'unix') {
		return `connection refused on ${where} (the socket exists but no daemon is listening)`;
	}

	if (code === 'ECONNRESET' && endpoint?.kind === 'ssh') {
		// A stream in flight when the link dropped: http reports only "aborted".
		return `the SSH connection to ${where} was lost (stowage reconnects by itself)`;
	}

	if (!code && message === 'aborted') {
		// Node's word for a response cut off midway (ECONNRESET), when a wrapper kept only the message.
		return `${connectionCodes.ECONNRESET}${where ? ` (${where})` : ''}`;
	}

	if (connectionCodes[code]) {
		return `${connectionCodes[code]}${where ? ` (${where})` : ''}`;
	}

	if (/^(ERR_TLS|ERR_SSL|CERT_|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO_|EPROTO)/.test(code) || /ssl|tls|certificate/i.test(message)) {
		const tls = endpoint?.kind === 'tcp' ? endpoint.tls : undefined;
		if (clientCertAlert.test(code)) {
			// The engine (dockerd --tlsverify) turned down the client side of the handshake.
			return tls?.cert
				? sanitizeLine(`TLS handshake failed: the engine rejected our client certificate (${opensslReason(message)}); is cert.pem signed by the CA the engine trusts?`)
				: 'TLS handshake failed: the engine requires a client certificate and none was given (cert.pem and key.pem in DOCKER_CERT_PATH, or in the context\'s TLS files)';
		}

		if (/^(CERT_|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO_)/.test(code) || code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
			return sanitizeLine(`TLS handshake failed: the engine's certificate is not trusted (${message}); is ca.pem the CA that signed it?`);
		}

		return sanitizeLine(`TLS handshake failed: ${opensslReason(message)}${endpoint?.kind === 'tcp' && !endpoint.tls ? ' (the daemon may expect TLS: set DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH)' : ''}`);
	}

	return sanitizeLine(message.split('\n')[0] ?? message);
}

/** How to point stowage at another engine, shown under a connection error. */
export const pointElsewhereHint = 'Point stowage elsewhere with --host URL, --context NAME or DOCKER_HOST.';
