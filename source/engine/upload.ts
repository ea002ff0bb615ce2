// A request body streamed from disk (a build context, an image tar) with a
// running byte count. If reading fails, the request is aborted and the read
// error is what the caller reports, rather than an upload that never ends.
import {Transform, type Readable} from 'node:stream';
import {pipeline} from 'node:stream/promises';

/** A pass-through that reports the running byte count. */
export function byteCounter(onCount: (count: number) => void): Transform {
	let count = 0;
	return new Transform({
		transform(chunk: Buffer, _encoding, done) {
			count += chunk.length;
			onCount(count);
			done(null, chunk);
		},
	});
}

export type Upload = {
	/** What the request sends. */
	body: Readable;
	/** For the request: aborts with the caller's signal, or when reading fails. */
	signal: AbortSignal;
	/** The read error, if reading failed. */
	failure(): unknown;
	close(): void;
};

/** `describe` turns a read error into what the caller reports. */
export function upload(source: Readable, onCount: (count: number) => void, signal: AbortSignal, describe: (error: unknown) => unknown = error => error): Upload {
	const controller = new AbortController();
	const onAbort = () => controller.abort(signal.reason);
	if (signal.aborted) {
		onAbort();
	} else {
		signal.addEventListener('abort', onAbort, {once: true});
	}

	const body = byteCounter(onCount);
	let failure: unknown;
	let closed = false;
	pipeline(source, body).catch((error: unknown) => {
		if (!closed) {
			failure = describe(error);
			controller.abort(failure);
		}
	});
	return {
		body,
		signal: controller.signal,
		failure: () => failure,
		close() {
			closed = true;
			signal.removeEventListener('abort', onAbort);
			source.destroy();
			body.destroy();
		},
	};
}
