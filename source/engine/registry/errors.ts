// What a registry's refusals mean to a person. The registry's own words come from
// its JSON error body ({errors: [{code, message}]}) and are untrusted: sanitized and cut.
import {sanitizeLine} from '../../format/sanitize.ts';

const maxReason = 300;

/** A registry answered with an error status. `code` is the distribution error code when it sent one. */
export class RegistryError extends Error {
	override name = 'RegistryError';
	constructor(message: string, readonly status: number, readonly code: string | undefined) {
		super(message);
	}
}

/** The registry wants credentials we do not have, or refused the ones we sent. */
export class RegistryAuthError extends RegistryError {
	override name = 'RegistryAuthError';
}

/** No answer (or no more bytes) within the time allowed. */
export class RegistryTimeoutError extends Error {
	override name = 'RegistryTimeoutError';
}

/** A manifest, config or token that is not what the API says it must be. */
export class MalformedError extends Error {
	override name = 'MalformedError';
}

/** The catalog is refused (Docker Hub has none): a repository name must be typed. */
export class CatalogUnavailableError extends RegistryError {
	override name = 'CatalogUnavailableError';
}

// Errors whose message is already a person's sentence about the registry side (a layout an
// image's blobs do not form is the analysis's ArchiveLayoutError, known here by name).
const registryWordings = new Set(['RegistryError', 'RegistryAuthError', 'RegistryTimeoutError', 'MalformedError', 'CatalogUnavailableError', 'ArchiveLayoutError']);

/** Whether `error`'s message can be shown as it is, where a socket error needs describeError's words. */
export function inRegistryWords(error: unknown): error is Error {
	return error instanceof Error && registryWordings.has(error.name);
}

function clipped(text: string): string {
	const line = sanitizeLine(text).trim();
	return line.length > maxReason ? `${line.slice(0, maxReason)}…` : line;
}

/** The first error of a distribution error body, as "CODE: message", or the body's start. */
export function registryReason(body: Buffer | string, status: number): {code: string | undefined; reason: string} {
	const text = typeof body === 'string' ? body : body.subarray(0, 64 * 1024).toString('utf8');
	try {
		const parsed = JSON.parse(text) as {errors?: Array<{code?: unknown; message?: unknown}>};
		const first = Array.isArray(parsed.errors) ? parsed.errors[0] : undefined;
		if (first && typeof first === 'object') {
			const code = typeof first.code === 'string' ? clipped(first.code) : undefined;
			const message = typeof first.message === 'string' ? clipped(first.message) : '';
			return {code, reason: [code?.toLowerCase().replaceAll('_', ' '), message].filter(Boolean).join(': ') || `HTTP ${status}`};
		}
	} catch {
		// Not JSON: a proxy's page, or nothing.
	}

	const plain = clipped(text);
	return {code: undefined, reason: plain === '' ? `HTTP ${status}` : `HTTP ${status}: ${plain}`};
}

/** A cancelled request: the engine side's AbortError, so the jobs and the UI read it as a cancel. */
export {abortError as abortReason} from '../registry-errors.ts';
