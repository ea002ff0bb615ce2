// Turns whatever a request threw into one readable sentence: never a stack trace,
// never raw JSON, and never an unsanitized string from the engine.
import {sanitizeLine} from '../format/sanitize.ts';
import type {Endpoint} from './endpoint.ts';

type ErrorLike = {
	code?: unknown;
	statusCode?: unknown;
	json?: unknown;
	reason?: unknown;
	message?: unknown;
	level?: unknown;
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

function apiMessage(json: unknown): string | undefined {
	if (json && typeof json === 'object' && typeof (json as {message?: unknown}).message === 'string') {
		return (json as {message: string}).message;
	}

	if (typeof json === 'string' && json.trim()) {
		return json.trim();
	}

	return undefined;
}

/** A short reason for a failed call. */
export function describeError(error: unknown, endpoint?: Endpoint): string {
	const err = (error ?? {}) as ErrorLike;
	const code = typeof err.code === 'string' ? err.code : '';
	const message = typeof err.message === 'string' ? err.message : String(error);
	const where = endpoint?.kind === 'unix' ? endpoint.socketPath : endpoint?.url;

	if (typeof err.statusCode === 'number') {
		const text = apiMessage(err.json) ?? (typeof err.reason === 'string' ? err.reason : message);
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

	if (connectionCodes[code]) {
		return `${connectionCodes[code]}${where ? ` (${where})` : ''}`;
	}

	if (/^(ERR_TLS|ERR_SSL|CERT_|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO_|EPROTO)/.test(code) || /ssl|tls|certificate/i.test(message)) {
		return sanitizeLine(`TLS handshake failed: ${message}${endpoint?.kind === 'tcp' && !endpoint.tls ? ' (the daemon may expect TLS: set DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH)' : ''}`);
	}

	if (err.level === 'client-authentication' || /authentication methods failed/i.test(message)) {
		return 'SSH authentication failed: no key in the ssh agent (SSH_AUTH_SOCK) or ~/.ssh/id_* was accepted';
	}

	if (err.level === 'client-timeout') {
		return 'SSH connection timed out';
	}

	return sanitizeLine(message.split('\n')[0] ?? message);
}

/** How to point stowage at another engine, shown under a connection error. */
export const pointElsewhereHint = 'Point stowage elsewhere with --host URL, --context NAME or DOCKER_HOST.';
