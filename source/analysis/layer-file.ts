// One file's content from an image archive as it streams: the outer tar is read
// up to the layer that holds the version wanted, that layer (plain, gzip or zstd)
// up to the file; the first and last parts of its body are kept, the rest passes.
// Nothing else of the image is held, and the reading stops once the file is read.
import {pipeline} from 'node:stream/promises';
import type {Readable} from 'node:stream';
import {createGunzip} from 'node:zlib';
import tar from 'tar-stream';
import {archivePath, gzipMagic, layerPath, zstdDecoder, zstdMagic} from './archive-reader.ts';
import {routeEntry, type Sink} from './entry-router.ts';

export type FileKind = 'file' | 'dir' | 'symlink' | 'hardlink' | 'other';

export type FileContent = {
	path: string;
	kind: FileKind;
	size: number;
	mode: number;
	/** A symlink's target or the path a hard link names. */
	link?: string;
	/** The first bytes (all of them when the file is small). */
	head: Buffer;
	/** The last bytes, when the file is bigger than head and tail together. */
	tail?: Buffer;
};

export type ReadLimits = {head: number; tail: number};

export class FileNotFoundError extends Error {
	override name = 'FileNotFoundError';
}

const kindOf = (type: tar.Headers['type']): FileKind => (type === 'file' || type === 'contiguous-file' || !type ? 'file' : type === 'directory' ? 'dir' : type === 'symlink' ? 'symlink' : type === 'link' ? 'hardlink' : 'other');

function keep(stream: Readable, size: number, limits: ReadLimits, done: (head: Buffer, tail?: Buffer) => void) {
	const head: Buffer[] = [];
	let headLength = 0;
	let tail: Buffer[] = [];
	let tailLength = 0;
	const whole = size <= limits.head + limits.tail;
	stream.on('data', (chunk: Buffer) => {
		let rest = chunk;
		if (headLength < limits.head || whole) {
			const take = whole ? rest.length : Math.min(rest.length, limits.head - headLength);
			head.push(rest.subarray(0, take));
			headLength += take;
			rest = rest.subarray(take);
		}

		if (rest.length > 0) {
			tail.push(rest);
			tailLength += rest.length;
			// Only the last `limits.tail` bytes matter: drop older chunks as they fall out.
			while (tail.length > 1 && tailLength - tail[0]!.length >= limits.tail) {
				tailLength -= tail.shift()!.length;
			}
		}
	});
	stream.on('end', () => {
		const last = Buffer.concat(tail);
		tail = [];
		done(Buffer.concat(head), whole ? undefined : last.subarray(Math.max(last.length - limits.tail, 0)));
	});
}

/** The sink of one layer tar (plain, gzip or zstd, as its head says) that hands over `path`'s content once read. */
function fileSink(path: string, limits: ReadLimits, isFound: () => boolean, onFound: (file: FileContent) => void) {
	return (head: Buffer): Sink => {
		const extract = tar.extract();
		extract.on('entry', (header, stream, next) => {
			if (isFound() || layerPath(header.name) !== path) {
				stream.on('end', () => next());
				stream.resume();
				return;
			}

			const kind = kindOf(header.type);
			const size = kind === 'file' ? header.size ?? 0 : 0;
			const link = kind === 'symlink' ? header.linkname ?? '' : kind === 'hardlink' ? layerPath(header.linkname ?? '') : undefined;
			keep(stream, size, limits, (first, last) => {
				onFound({path, kind, size, mode: (header.mode ?? 0) & 0o7777, link, head: first, tail: last});
				next();
			});
		});
		const decoder = gzipMagic(head) ? createGunzip() : head.length >= 4 && zstdMagic(head) ? zstdDecoder() : undefined;
		if (decoder) {
			return {input: decoder, done: pipeline(decoder, extract)};
		}

		return {input: extract, done: new Promise((resolve, reject) => {
			extract.on('finish', resolve);
			extract.on('error', reject);
		})};
	};
}

/** Reads `source` up to `path` in the layer at `layerKey`, then stops it (destroys it). */
export async function readLayerFile(source: Readable, layerKey: string, path: string, limits: ReadLimits): Promise<FileContent> {
	let found: FileContent | undefined;
	let finish!: () => void;
	const stopped = new Promise<void>(resolve => {
		finish = resolve;
	});

	const layerSink = fileSink(path, limits, () => found !== undefined, file => {
		found = file;
		finish();
	});

	let layerError: unknown;
	const outer = tar.extract();
	outer.on('entry', (header, stream, next) => {
		if (found || archivePath(header.name) !== layerKey) {
			stream.on('end', () => next());
			stream.resume();
			return;
		}

		const router = routeEntry(layerSink, error => {
			layerError = error;
		});
		stream.pipe(router);
		router.on('finish', () => next());
	});
	// Found: stop reading (the rest of the image is not needed).
	return settle(source, pipeline(source, outer), stopped, () => found, () => layerError, `${path} is not in layer ${layerKey}`);
}

/** The end of a read: the file once found (the source stopped), else the layer's error, else not found. */
async function settle(source: Readable, reading: Promise<void>, stopped: Promise<void>, found: () => FileContent | undefined, layerError: () => unknown, notFound: string): Promise<FileContent> {
	await Promise.race([stopped, reading.catch((error: unknown) => {
		if (!found()) {
			throw error;
		}
	})]);
	const file = found();
	if (file) {
		source.destroy();
		reading.catch(() => {});
		return file;
	}

	const error = layerError();
	if (error) {
		throw error instanceof Error ? error : new Error(String(error));
	}

	throw new FileNotFoundError(notFound);
}

/** The same from one layer blob by itself (as a registry serves it): read up to `path`, then stopped. */
export async function readBlobFile(source: Readable, path: string, limits: ReadLimits): Promise<FileContent> {
	let found: FileContent | undefined;
	let finish!: () => void;
	const stopped = new Promise<void>(resolve => {
		finish = resolve;
	});
	let layerError: unknown;
	const router = routeEntry(fileSink(path, limits, () => found !== undefined, file => {
		found = file;
		finish();
	}), error => {
		layerError = error;
	});
	return settle(source, pipeline(source, router), stopped, () => found, () => layerError, `${path} is not in that layer`);
}
