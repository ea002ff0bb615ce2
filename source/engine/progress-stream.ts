// The engine's JSON progress streams (pull, push, build, load). Parsed here,
// not by modem.followProgress: that reports an `errorDetail` line as success
// (dockerode#221) and throws on a malformed line (dockerode#560).
import {sanitizeLine} from '../format/sanitize.ts';

export type ProgressMessage = {
	/** Layer (12-hex short digest) or other subject the line is about. */
	id?: string;
	status?: string;
	current?: number;
	total?: number;
	/** Build output, "Loaded image: …" and the like; may end in a newline. */
	stream?: string;
	aux?: Record<string, unknown>;
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
		throw new StreamError(sanitizeLine(error));
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

	if (raw.aux !== null && typeof raw.aux === 'object') {
		message.aux = raw.aux as Record<string, unknown>;
	}

	return message;
}

/** Reads a progress stream to its end. Rejects with StreamError when the engine reports an error in it. */
export async function followProgress(stream: NodeJS.ReadableStream, onMessage: (message: ProgressMessage) => void): Promise<void> {
	let buffer = '';
	const handle = (line: string) => {
		if (line.trim() !== '') {
			onMessage(parseProgressLine(line));
		}
	};

	for await (const chunk of stream as AsyncIterable<Buffer | string>) {
		buffer += chunk.toString();
		let newline = buffer.indexOf('\n');
		while (newline !== -1) {
			handle(buffer.slice(0, newline));
			buffer = buffer.slice(newline + 1);
			newline = buffer.indexOf('\n');
		}
	}

	handle(buffer);
}
