// docker-modem reports a refused request as "(HTTP code 409) conflict - <the
// engine's message> ", with the engine's JSON only for non-stream calls. The
// operations rethrow it as the engine's own sentence, sanitized, keeping the
// status code (and a `json.message`) so describeError still recognizes it.
import {sanitizeLine} from '../format/sanitize.ts';

export class EngineError extends Error {
	override name = 'EngineError';
	readonly json: {message: string};
	constructor(message: string, readonly statusCode?: number) {
		super(message);
		this.json = {message};
	}
}

type ModemError = {statusCode?: unknown; reason?: unknown; json?: unknown; message?: unknown};

/** The engine's sentence inside a docker-modem error, without the "(HTTP code N) reason - " wrapper. */
export function engineMessage(error: unknown): string {
	const err = (error ?? {}) as ModemError;
	const json = err.json as {message?: unknown} | null | undefined;
	if (json && typeof json === 'object' && typeof json.message === 'string') {
		return json.message.trim();
	}

	if (Buffer.isBuffer(err.json) && err.json.length > 0) {
		return err.json.toString('utf8').trim();
	}

	const message = typeof err.message === 'string' ? err.message : String(error);
	const wrapper = /^\(HTTP code \d+\) [^-]*? - /.exec(message);
	return (wrapper ? message.slice(wrapper[0].length) : message).trim();
}

/** An HTTP refusal becomes an EngineError with the engine's words; anything else (a socket error, an abort) passes through unchanged. */
export function toEngineError(error: unknown): unknown {
	const statusCode = (error as ModemError | undefined)?.statusCode;
	if (typeof statusCode !== 'number' || error instanceof EngineError) {
		return error;
	}

	return new EngineError(sanitizeLine(engineMessage(error)), statusCode);
}

/** Runs a call and rethrows its HTTP refusal as an EngineError. */
export async function engineCall<T>(call: () => Promise<T>): Promise<T> {
	try {
		return await call();
	} catch (error) {
		throw toEngineError(error);
	}
}

/** An abort, however the layer that raised it spells it (DOMException, Node's ABORT_ERR, node-fetch's "aborted"). */
export function isAbort(error: unknown): boolean {
	const err = error as {name?: unknown; code?: unknown; type?: unknown} | undefined;
	return err?.name === 'AbortError' || err?.code === 'ABORT_ERR' || err?.type === 'aborted';
}
