// A JSON array read element by element as its bytes arrive: at 50,000 images the
// engine's list is ~13 MB of JSON (and /system/df's Images as much), and holding it
// whole (the chunks, their concatenation, the decoded string and the parsed tree,
// ~70 MB at once) was most of the UI's peak memory. Each element is parsed alone and
// handed on, so only what the caller keeps of it stays.

import type {Readable} from 'node:stream';

const quote = 0x22;
const backslash = 0x5C;
const comma = 0x2C;
const colon = 0x3A;
const openArray = 0x5B;
const openObject = 0x7B;
const closeArray = 0x5D;
const closeObject = 0x7D;
const whitespace = new Set([0x20, 0x09, 0x0A, 0x0D]);

export type ArrayReader = {
	/** The next bytes of the body. Throws on JSON that does not parse. */
	push(chunk: Buffer): void;
	/** The body is complete. Throws when it ended inside a value. */
	end(): void;
};

/**
 * Without `member`: each element of a top-level array goes to `onElement`; a body that is
 * not an array is parsed whole and goes to `onRest`. With `member`: each element of the
 * top-level object's array of that name goes to `onElement`, and the object goes to
 * `onRest` with that array empty (the whole body when it is not such an object).
 */
export function readJsonArray(onElement: (value: unknown) => void, onRest: (value: unknown) => void, member?: string): ArrayReader {
	let mode: 'start' | 'scan' | 'whole' | 'done' = 'start';
	let depth = 0;
	let inString = false;
	let escaped = false;
	// The depth of the elements being handed on; 0 while outside such an array.
	let elementDepth = 0;
	// The bytes of the element under way (or of the object, outside the member) from earlier chunks.
	let carry: Buffer[] = [];
	let rest: Buffer[] = [];
	// With `member`: the object's last key, and the bytes of a key cut by a chunk's end.
	let key: string | undefined;
	let lastString = '';
	let stringParts: Buffer[] | undefined;

	function emit(parts: Buffer[]) {
		const text = (parts.length === 1 ? parts[0]! : Buffer.concat(parts)).toString('utf8').trim();
		if (text !== '') {
			onElement(JSON.parse(text));
		}
	}

	/** Inside a string from `from`: the index after its closing quote, or the chunk's length (still inside, `escaped` kept). */
	function stringEnd(chunk: Buffer, from: number): number {
		let at = from;
		if (escaped) {
			escaped = false;
			at++;
		}

		for (;;) {
			const end = chunk.indexOf(quote, at);
			const stop = end === -1 ? chunk.length : end;
			// Backslashes right before the quote (or the chunk's end): an odd run escapes it.
			let slashes = 0;
			while (stop - slashes - 1 >= at && chunk[stop - slashes - 1] === backslash) {
				slashes++;
			}

			if (end === -1) {
				escaped = slashes % 2 === 1;
				return chunk.length;
			}

			if (slashes % 2 === 0) {
				inString = false;
				return end + 1;
			}

			at = end + 1;
		}
	}

	/** A string at the object's own level (a key, or a value) may be cut by a chunk's end: keep its bytes. */
	function skipString(chunk: Buffer, from: number): number {
		const end = stringEnd(chunk, from);
		if (member === undefined || elementDepth !== 0 || depth !== 1) {
			return end;
		}

		if (inString) {
			(stringParts ??= []).push(chunk.subarray(from));
		} else {
			const parts = [...(stringParts ?? []), chunk.subarray(from, end - 1)];
			stringParts = undefined;
			lastString = Buffer.concat(parts).toString('utf8');
		}

		return end;
	}

	function scan(chunk: Buffer) {
		// Where the bytes not yet kept (in carry or rest) begin.
		let start = 0;
		let i = inString ? skipString(chunk, 0) : 0;
		for (; i < chunk.length; i++) {
			const byte = chunk[i]!;
			if (byte === quote) {
				// Most of an image's bytes are strings: jump to the quote that ends one.
				inString = true;
				i = skipString(chunk, i + 1) - 1;
			} else if (byte === openArray || byte === openObject) {
				depth++;
				if (member !== undefined && elementDepth === 0 && depth === 2 && byte === openArray && key === member) {
					// The member's array: what came before it is the object's; its elements are handed on.
					rest.push(chunk.subarray(start, i + 1));
					start = i + 1;
					elementDepth = 2;
				}
			} else if (elementDepth !== 0 && depth === elementDepth && (byte === comma || byte === closeArray)) {
				// The end of an element: a comma between, or the array's own ] after the last one.
				carry.push(chunk.subarray(start, i));
				emit(carry);
				carry = [];
				start = i + 1;
				if (byte === closeArray) {
					depth--;
					elementDepth = 0;
					if (member !== undefined) {
						// The ] goes with the object, which reads as having an empty array there.
						start = i;
					} else {
						mode = 'done';
						if (chunk.subarray(start).toString('utf8').trim() !== '') {
							throw new SyntaxError('Unexpected data after the JSON array');
						}

						return;
					}
				}
			} else if (byte === closeArray || byte === closeObject) {
				depth--;
			} else if (member !== undefined && depth === 1 && elementDepth === 0) {
				if (byte === colon) {
					key = lastString;
				} else if (byte === comma) {
					key = undefined;
				}
			}
		}

		if (start < chunk.length) {
			(elementDepth === 0 ? rest : carry).push(chunk.subarray(start));
		}
	}

	return {
		push(chunk) {
			if (chunk.length === 0) {
				return;
			}

			if (mode === 'start') {
				let at = 0;
				while (at < chunk.length && whitespace.has(chunk[at]!)) {
					at++;
				}

				if (at === chunk.length) {
					return;
				}

				const expected = member === undefined ? openArray : openObject;
				mode = chunk[at] === expected ? 'scan' : 'whole';
				if (mode === 'scan' && member === undefined) {
					depth = 1;
					elementDepth = 1;
					chunk = chunk.subarray(at + 1);
				}
			}

			if (mode === 'whole') {
				rest.push(chunk);
			} else if (mode === 'scan') {
				scan(chunk);
			} else if (chunk.toString('utf8').trim() !== '') {
				throw new SyntaxError('Unexpected data after the JSON array');
			}
		},
		end() {
			if (mode === 'whole' || (mode === 'scan' && member !== undefined && depth === 0 && !inString)) {
				const all = Buffer.concat(rest);
				rest = [];
				onRest(JSON.parse(all.toString('utf8')));
			} else if (mode !== 'done') {
				throw new SyntaxError('Unexpected end of JSON input');
			}
		},
	};
}

/** Feeds `body` to `reader` as it arrives; rejects with the stream's error or what the reader throws (the body is then destroyed). */
export function readJsonStream(body: Readable, reader: ArrayReader): Promise<void> {
	return new Promise((resolve, reject) => {
		body.on('data', (chunk: Buffer) => {
			try {
				reader.push(chunk);
			} catch (error) {
				body.destroy();
				reject(error);
			}
		});
		body.on('error', reject);
		body.on('end', () => {
			try {
				reader.end();
				resolve();
			} catch (error) {
				reject(error);
			}
		});
	});
}
