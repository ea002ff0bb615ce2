import type {EventHandlers} from './engine.ts';
import {parseEvent} from './parse.ts';
import {describeError} from './describe-error.ts';
import type {Endpoint} from './endpoint.ts';

type Open = (since: string | undefined, signal: AbortSignal) => Promise<NodeJS.ReadableStream>;

const firstRetryMs = 250;
const maxRetryMs = 2000;
/**
 * dockerd answers /events with its headers at once. One that accepted the connection and
 * says nothing (a daemon shutting down or not yet serving) would hold the stream, and so
 * the header's "events reconnecting", forever: give up on it and try again.
 */
const answerTimeoutMs = 5000;

/** Follows a newline-delimited JSON event stream, reopening it (from the last event seen) when it breaks. */
export function watchEvents(open: Open, handlers: EventHandlers, endpoint?: Endpoint): () => void {
	const controller = new AbortController();
	let since: string | undefined;
	let retryMs = firstRetryMs;
	let timer: NodeJS.Timeout | undefined;

	const scheduleRetry = (reason: string) => {
		if (controller.signal.aborted) {
			return;
		}

		handlers.onDisconnected(reason);
		timer = setTimeout(connect, retryMs);
		retryMs = Math.min(retryMs * 2, maxRetryMs);
	};

	function connect() {
		const attempt = new AbortController();
		const abort = () => attempt.abort();
		controller.signal.addEventListener('abort', abort, {once: true});
		let silent = false;
		const answer = setTimeout(() => {
			silent = true;
			attempt.abort();
		}, answerTimeoutMs);
		// Ask for events since the last one seen so nothing is missed across a reconnect.
		open(since, attempt.signal).then(stream => {
			clearTimeout(answer);
			retryMs = firstRetryMs;
			handlers.onConnected();
			let buffer = '';
			let ended = false;
			const finish = (reason: string) => {
				if (!ended) {
					ended = true;
					scheduleRetry(reason);
				}
			};

			stream.on('data', (chunk: Buffer | string) => {
				buffer += chunk.toString();
				let newline = buffer.indexOf('\n');
				while (newline !== -1) {
					const line = buffer.slice(0, newline).trim();
					buffer = buffer.slice(newline + 1);
					newline = buffer.indexOf('\n');
					if (line === '') {
						continue;
					}

					const event = parseEvent(line);
					if (event) {
						since = (event.timeNano / 1e9).toFixed(9);
						handlers.onEvent(event);
					}
				}
			});
			stream.on('end', () => finish('event stream ended'));
			stream.on('error', (error: Error) => finish(describeError(error, endpoint)));
			stream.on('close', () => {
				controller.signal.removeEventListener('abort', abort);
				finish('event stream closed');
			});
		}, (error: unknown) => {
			clearTimeout(answer);
			controller.signal.removeEventListener('abort', abort);
			scheduleRetry(silent ? `the engine did not answer the event request within ${answerTimeoutMs / 1000} s` : describeError(error, endpoint));
		});
	}

	connect();
	return () => {
		controller.abort();
		clearTimeout(timer);
	};
}
