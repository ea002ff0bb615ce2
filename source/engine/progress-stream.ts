// The engine's JSON progress streams (pull, push, build, load). Parsed here,
// not by modem.followProgress: that reports an `errorDetail` line as success
// (dockerode#221) and throws on a malformed line (dockerode#560).
import {sanitizeLine} from '../format/sanitize.ts';
import {decodeTrace, traceId, type Trace} from './buildkit/trace.ts';
import {paceReads} from './paced-reads.ts';

/** How long a progress stream's socket rests after each read: the screen draws progress ~15 times a second. */
export const progressReadIntervalMs = 66;

export type ProgressMessage = {
	/** Layer (12-hex short digest) or other subject the line is about. */
	id?: string;
	status?: string;
	current?: number;
	total?: number;
	/** Build output, "Loaded image: …" and the like; may end in a newline. */
	stream?: string;
	aux?: Record<string, unknown>;
	/** A BuildKit build's progress (a `moby.buildkit.trace` line), decoded. */
	trace?: Trace;
};

/** An error reported inside a 200 response, after the stream started. */
export class StreamError extends Error {
	override name = 'StreamError';
}

type Raw = {
	id?: unknown;
	status?: unknown;
	progressDetail?: {current?: unknown; total?: unknown};
	stream?: unknown;
	aux?: unknown;
	error?: unknown;
	errorDetail?: {message?: unknown};
};

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
const count = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);

/**
 * A registry URL's query in an engine's error is an upload's state token (the containerd
 * store quotes `…/blobs/uploads/ID?_state=<300 characters>&digest=…` whole): it says
 * nothing to a user and pushes the cause off the line. The URL's path stays.
 */
export function elideQueries(message: string): string {
	return message.replace(/(https?:\/\/[^\s"?]+)\?[^\s"]+/g, '$1?…');
}

/** One line → a message, an error (thrown as StreamError) or, for a line that isn't JSON, its text. */
export function parseProgressLine(line: string): ProgressMessage {
	let raw: Raw;
	try {
		raw = JSON.parse(line) as Raw;
	} catch {
		return {stream: sanitizeLine(line)};
	}

	if (raw === null || typeof raw !== 'object') {
		return {stream: sanitizeLine(line)};
	}

	const error = text(raw.errorDetail?.message) ?? text(raw.error);
	if (error !== undefined) {
		throw new StreamError(elideQueries(sanitizeLine(error)));
	}

	const message: ProgressMessage = {};
	const id = text(raw.id);
	const status = text(raw.status);
	const stream = text(raw.stream);
	if (id !== undefined) {
		message.id = sanitizeLine(id);
	}

	if (status !== undefined) {
		message.status = sanitizeLine(status);
	}

	if (stream !== undefined) {
		// Build output keeps its line breaks; each line is sanitized on its own.
		message.stream = stream.split('\n').map(part => sanitizeLine(part)).join('\n');
	}

	const current = count(raw.progressDetail?.current);
	const total = count(raw.progressDetail?.total);
	if (current !== undefined) {
		message.current = current;
	}

	if (total !== undefined) {
		message.total = total;
	}

	if (raw.id === traceId && typeof raw.aux === 'string') {
		try {
			return {trace: decodeTrace(raw.aux)};
		} catch {
			// A trace we cannot read costs its line of progress, not the build.
			return {};
		}
	}

	if (raw.aux !== null && typeof raw.aux === 'object') {
		message.aux = raw.aux as Record<string, unknown>;
	}

	return message;
}

/**
 * Reads a progress stream to its end. Rejects with StreamError when the engine reports an error in it.
 * Plain 'data' events rather than `for await`: a push is a few hundred one-line chunks
 * spread over seconds, and each async-iterator step costs promises and ticks for nothing.
 * The socket's reads are paced (see paced-reads.ts), so lines come in bursts.
 */
export async function followProgress(stream: NodeJS.ReadableStream, onMessage: (message: ProgressMessage) => void, readIntervalMs = progressReadIntervalMs): Promise<void> {
	const readable = stream as NodeJS.ReadableStream & {destroy?(error?: Error): void};
	const pacer = paceReads(stream, readIntervalMs);
	let rest = '';
	const handle = (line: string) => {
		if (line.trim() !== '') {
			onMessage(parseProgressLine(line));
		}
	};

	await new Promise<void>((resolve, reject) => {
		const fail = (error: unknown) => {
			cleanup();
			readable.destroy?.();
			reject(error instanceof Error ? error : new Error(String(error)));
		};

		const onData = (chunk: Buffer | string) => {
			const text = rest + chunk.toString();
			let start = 0;
			let newline = text.indexOf('\n');
			try {
				while (newline !== -1) {
					handle(text.slice(start, newline));
					start = newline + 1;
					newline = text.indexOf('\n', start);
				}
			} catch (error) {
				fail(error);
				return;
			}

			rest = text.slice(start);
			pacer.chunk();
		};

		const onEnd = () => {
			cleanup();
			try {
				handle(rest);
				resolve();
			} catch (error) {
				reject(error instanceof Error ? error : new Error(String(error)));
			}
		};

		const onError = (error: unknown) => fail(error);
		// A body cut off by the peer ends with 'close' and neither 'end' nor 'error'.
		const onClose = () => fail(Object.assign(new Error('the stream closed before its end'), {code: 'ERR_STREAM_PREMATURE_CLOSE'}));
		const cleanup = () => {
			pacer.stop();
			stream.removeListener('data', onData);
			stream.removeListener('end', onEnd);
			stream.removeListener('error', onError);
			stream.removeListener('close', onClose);
		};

		stream.on('data', onData);
		stream.once('end', onEnd);
		stream.once('error', onError);
		stream.once('close', onClose);
	});
}
