// Sends one tar entry's body to a sink chosen from its first bytes (a gzip
// magic, a JSON brace, a tar header), without holding more than those bytes.
// If the sink fails, the rest of the body is drained so the outer tar goes on.
import {Writable} from 'node:stream';

export type Sink = {
	/** Where the body goes. */
	input: Writable;
	/** Settles when the sink has taken in everything it was given. */
	done: Promise<void>;
};

const headBytes = 512;

export function drainSink(): Sink {
	const input = new Writable({
		write(_chunk, _encoding, callback) {
			callback();
		},
	});
	return {input, done: new Promise(resolve => input.on('finish', resolve))};
}

/** A Writable that routes the body it is given; `choose` sees at most the first 512 bytes. */
export function routeEntry(choose: (head: Buffer) => Sink, onFailure: (error: unknown) => void): Writable {
	let head: Buffer[] = [];
	let headLength = 0;
	let sink: Sink | undefined;
	let failed = false;
	let wake: (() => void) | undefined;

	const open = () => {
		sink = choose(Buffer.concat(head));
		head = [];
		sink.done.catch((error: unknown) => {
			failed = true;
			onFailure(error);
			wake?.();
		});
	};

	const forward = (chunk: Buffer, callback: () => void) => {
		if (failed || chunk.length === 0 || sink!.input.write(chunk)) {
			callback();
			return;
		}

		// A destroyed sink never drains: the failure wakes us instead.
		wake = () => {
			wake = undefined;
			callback();
		};

		sink!.input.once('drain', () => wake?.());
	};

	return new Writable({
		write(chunk: Buffer, _encoding, callback) {
			if (sink) {
				forward(chunk, callback);
				return;
			}

			head.push(chunk);
			headLength += chunk.length;
			if (headLength < headBytes) {
				callback();
				return;
			}

			const first = Buffer.concat(head);
			head = [first];
			open();
			forward(first, callback);
		},
		final(callback) {
			if (!sink) {
				const first = Buffer.concat(head);
				head = [first];
				open();
				if (first.length > 0 && !failed) {
					sink!.input.write(first);
				}
			}

			if (!failed) {
				sink!.input.end();
			}

			sink!.done.then(() => callback(), () => callback());
		},
	});
}
