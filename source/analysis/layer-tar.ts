// A layer tar read as it streams, without a stream per entry: headers parsed in
// place (ustar, GNU long names, pax path/linkpath/size, as tar-stream reads them)
// and each body handed on synchronously in the chunks it came in. A scan reads
// 100,000 entries per image; a Readable, its ticks and its listeners for each
// were most of the scan's CPU and garbage.
import {Writable} from 'node:stream';
import type tar from 'tar-stream';

export type TarHeader = {name: string; type: tar.Headers['type']; size: number; mode: number; uid: number; gid: number; linkname: string | null};

/** Takes one entry's body; `end` comes after the last byte (at once for an empty body). */
export type BodySink = {data(chunk: Buffer): void; end(): void};

/** Pax and GNU long-name records are small; a bigger one is a broken or hostile tar. */
const maxMetaRecord = 1024 * 1024;

type MetaKind = 'pax' | 'pax-global' | 'long-path' | 'long-link';

function typeOf(flag: number): tar.Headers['type'] {
	switch (flag) {
		case 0: {
			return 'file';
		}

		case 1: {
			return 'link';
		}

		case 2: {
			return 'symlink';
		}

		case 3: {
			return 'character-device';
		}

		case 4: {
			return 'block-device';
		}

		case 5: {
			return 'directory';
		}

		case 6: {
			return 'fifo';
		}

		case 7: {
			return 'contiguous-file';
		}

		case 72: {
			return 'pax-header';
		}

		case 55: {
			return 'pax-global-header';
		}

		case 27: {
			return 'gnu-long-link-path';
		}

		case 28:
		case 30: {
			return 'gnu-long-path';
		}

		default: {
			return null;
		}
	}
}

function field(block: Buffer, offset: number, length: number): string {
	let end = offset;
	const limit = offset + length;
	while (end < limit && block[end] !== 0) {
		end++;
	}

	return block.toString('utf8', offset, end);
}

/** Octal, space or NUL padded; or base-256 when the first byte has its high bit set. */
export function tarNumber(block: Buffer, offset: number, length: number): number {
	const first = block[offset]!;
	if (first & 0x80) {
		if (first !== 0x80 && first !== 0xff) {
			// Not base-256 after all: read as nothing, as tar-stream's null was (`?? 0`).
			return 0;
		}

		const positive = first === 0x80;
		let sum = 0;
		for (let index = offset + 1; index < offset + length; index++) {
			sum = sum * 256 + (positive ? block[index]! : 0xff - block[index]!);
		}

		return positive ? sum : -sum;
	}

	let start = offset;
	const limit = offset + length;
	while (start < limit && block[start] === 32) {
		start++;
	}

	let end = start;
	while (end < limit && block[end] !== 32 && block[end] !== 0) {
		end++;
	}

	let value = 0;
	for (let index = start; index < end; index++) {
		const digit = block[index]! - 48;
		if (digit < 0 || digit > 7) {
			break;
		}

		value = value * 8 + digit;
	}

	return value;
}

function checksum(block: Buffer): number {
	let sum = 8 * 32;
	for (let index = 0; index < 148; index++) {
		sum += block[index]!;
	}

	for (let index = 156; index < 512; index++) {
		sum += block[index]!;
	}

	return sum;
}

function isMagic(block: Buffer, text: string, offset: number): boolean {
	for (let index = 0; index < text.length; index++) {
		if (block[offset + index] !== text.charCodeAt(index)) {
			return false;
		}
	}

	return true;
}

/** A header block, or undefined for an all-zero one (the end marker, skipped as tar-stream does). */
export function decodeHeader(block: Buffer): TarHeader | undefined {
	const sum = checksum(block);
	if (sum === 8 * 32) {
		return undefined;
	}

	if (sum !== tarNumber(block, 148, 8)) {
		throw new Error('Invalid tar header. Maybe the tar is corrupted or it needs to be gunzipped?');
	}

	let name = field(block, 0, 100);
	if (isMagic(block, 'ustar\0', 257)) {
		if (block[345] !== 0) {
			name = `${field(block, 345, 155)}/${name}`;
		}
	} else if (!(isMagic(block, 'ustar ', 257) && isMagic(block, ' \0', 263))) {
		throw new Error('Invalid tar header: unknown format.');
	}

	let flag = block[156] === 0 ? 0 : block[156]! - 48;
	// Old tars mark a directory by a trailing slash alone.
	if (flag === 0 && name.endsWith('/')) {
		flag = 5;
	}

	return {
		name,
		type: typeOf(flag),
		size: tarNumber(block, 124, 12),
		mode: tarNumber(block, 100, 8),
		uid: tarNumber(block, 108, 8),
		gid: tarNumber(block, 116, 8),
		linkname: block[157] === 0 ? null : field(block, 157, 100),
	};
}

/** `LEN key=value\n` records. */
export function decodePax(record: Buffer): Record<string, string> {
	const result: Record<string, string> = {};
	let at = 0;
	while (at < record.length) {
		let space = at;
		while (space < record.length && record[space] !== 32) {
			space++;
		}

		const length = Number.parseInt(record.toString('utf8', at, space), 10);
		if (!length) {
			return result;
		}

		const text = record.toString('utf8', space + 1, at + length - 1);
		const equals = text.indexOf('=');
		if (equals === -1) {
			return result;
		}

		result[text.slice(0, equals)] = text.slice(equals + 1);
		at += length;
	}

	return result;
}

/** A Writable that parses the tar it is given and calls `onEntry` for each entry; its sink, if any, gets the body. */
export function layerTarParser(onEntry: (header: TarHeader) => BodySink | undefined): Writable {
	const block = Buffer.alloc(512);
	let fill = 0;
	let remaining = 0;
	let padding = 0;
	let sink: BodySink | undefined;
	let meta: MetaKind | undefined;
	let metaChunks: Buffer[] = [];
	let pax: Record<string, string> | undefined;
	let paxGlobal: Record<string, string> | undefined;
	let longPath: string | undefined;
	let longLink: string | undefined;

	const endBody = () => {
		if (meta) {
			const record = Buffer.concat(metaChunks);
			metaChunks = [];
			if (meta === 'pax') {
				pax = {...paxGlobal, ...decodePax(record)};
			} else if (meta === 'pax-global') {
				paxGlobal = decodePax(record);
			} else if (meta === 'long-path') {
				longPath = field(record, 0, record.length);
			} else {
				longLink = field(record, 0, record.length);
			}

			meta = undefined;
			return;
		}

		const done = sink;
		sink = undefined;
		done?.end();
	};

	const onHeader = (raw: Buffer) => {
		const header = decodeHeader(raw);
		if (!header) {
			return;
		}

		if (!Number.isSafeInteger(header.size) || header.size < 0) {
			throw new Error('Invalid tar header: bad size.');
		}

		padding = (512 - (header.size % 512)) % 512;
		remaining = header.size;
		switch (header.type) {
			case 'gnu-long-path': {
				meta = 'long-path';
				break;
			}

			case 'gnu-long-link-path': {
				meta = 'long-link';
				break;
			}

			case 'pax-header': {
				meta = 'pax';
				break;
			}

			case 'pax-global-header': {
				meta = 'pax-global';
				break;
			}

			default: {
				break;
			}
		}

		if (meta) {
			if (header.size > maxMetaRecord) {
				throw new Error(`Invalid tar header: a ${header.type} record of ${header.size} bytes.`);
			}
		} else {
			if (longPath !== undefined) {
				header.name = longPath;
				longPath = undefined;
			}

			if (longLink !== undefined) {
				header.linkname = longLink;
				longLink = undefined;
			}

			if (pax) {
				if (pax.path) {
					header.name = pax.path;
				}

				if (pax.linkpath) {
					header.linkname = pax.linkpath;
				}

				if (pax.size) {
					header.size = Number.parseInt(pax.size, 10);
					if (!Number.isSafeInteger(header.size) || header.size < 0) {
						throw new Error('Invalid tar header: bad pax size.');
					}

					padding = (512 - (header.size % 512)) % 512;
					remaining = header.size;
				}

				pax = undefined;
			}

			sink = onEntry(header);
		}

		if (remaining === 0) {
			endBody();
		}
	};

	const parse = (chunk: Buffer) => {
		let at = 0;
		while (at < chunk.length) {
			if (remaining > 0) {
				const end = Math.min(chunk.length, at + remaining);
				if (meta) {
					metaChunks.push(chunk.subarray(at, end));
				} else {
					sink?.data(chunk.subarray(at, end));
				}

				remaining -= end - at;
				at = end;
				if (remaining === 0) {
					endBody();
				}

				continue;
			}

			if (padding > 0) {
				const skip = Math.min(padding, chunk.length - at);
				padding -= skip;
				at += skip;
				continue;
			}

			if (fill === 0 && chunk.length - at >= 512) {
				const start = at;
				at += 512;
				onHeader(chunk.subarray(start, at));
				continue;
			}

			const take = Math.min(512 - fill, chunk.length - at);
			chunk.copy(block, fill, at, at + take);
			fill += take;
			at += take;
			if (fill === 512) {
				fill = 0;
				onHeader(block);
			}
		}
	};

	return new Writable({
		write(chunk: Buffer, _encoding, callback) {
			try {
				parse(chunk);
				callback();
			} catch (error) {
				callback(error as Error);
			}
		},
		final(callback) {
			callback(fill > 0 || remaining > 0 || padding > 0 ? new Error('Unexpected end of data') : null);
		},
	});
}
