// Reads an image archive (`docker save`, legacy or OCI layout) as it streams:
// layer tars are read entry by entry as they pass (gunzipped when compressed),
// their bodies drained, never kept. What stays in memory is one record per path,
// the small JSON documents (manifests, configs) and os-release.
import {pipeline} from 'node:stream/promises';
import {Transform, Writable, type Readable} from 'node:stream';
import crypto, {createHash, type Hash} from 'node:crypto';
import {createGunzip} from 'node:zlib';
import {Decompress} from 'fzstd';
import tar from 'tar-stream';
import {routeEntry, type Sink} from './entry-router.ts';
import type {SharedLayers} from './shared-layers.ts';
import {layerTarParser, type BodySink, type TarHeader} from './layer-tar.ts';
import type {EntryKind, EntryMeta, LayerEntry, LayerRecord} from './types.ts';

/** `details`: keep each entry's mode, owner, link target and content hash (what a comparison needs). */
/** `shared`: a comparison's other scan, which may hash a layer both read (see shared-layers.ts). */
export type ReadOptions = {details?: boolean; shared?: SharedLayers};

export type ArchiveContents = {
	layers: Map<string, LayerRecord>;
	/** Parsed JSON documents by their path in the archive. */
	json: Map<string, unknown>;
	/** Symlinked entries (`<id>/layer.tar` → `blobs/sha256/…`), resolved to archive paths. */
	aliases: Map<string, string>;
	/** os-release text per layer key (the last of /etc/os-release and /usr/lib/os-release seen in it). */
	osRelease: Map<string, string>;
};

const maxJson = 16 * 1024 * 1024;
const maxOsRelease = 64 * 1024;
const osReleasePaths = new Set(['/etc/os-release', '/usr/lib/os-release']);

/** `./a//b/` → `a/b`. */
export function archivePath(name: string): string {
	return name.split('/').filter(part => part !== '' && part !== '.').join('/');
}

/** `./usr/bin/` → `/usr/bin`. */
export function layerPath(name: string): string {
	return '/' + archivePath(name);
}

function resolveLink(from: string, target: string): string {
	const parts = target.startsWith('/') ? [] : from.split('/').slice(0, -1);
	for (const part of target.split('/')) {
		if (part === '..') {
			parts.pop();
		} else if (part !== '' && part !== '.') {
			parts.push(part);
		}
	}

	return parts.join('/');
}

function kindOf(type: tar.Headers['type']): EntryKind {
	switch (type) {
		case 'file':
		case 'contiguous-file':
		case undefined:
		case null: {
			return 'file';
		}

		case 'directory': {
			return 'dir';
		}

		case 'symlink': {
			return 'symlink';
		}

		case 'link': {
			return 'hardlink';
		}

		default: {
			return 'other';
		}
	}
}

/** `.wh.NAME` removes NAME below; `.wh..wh..opq` hides the directory's lower contents. */
export function toLayerEntry(name: string, type: tar.Headers['type'], size: number): LayerEntry | undefined {
	const path = layerPath(name);
	const slash = path.lastIndexOf('/');
	const base = path.slice(slash + 1);
	const dir = slash === 0 ? '' : path.slice(0, slash);
	if (base === '.wh..wh..opq') {
		return {path: dir || '/', size: 0, kind: 'opaque'};
	}

	if (base.startsWith('.wh..wh.')) {
		// AUFS bookkeeping (hard-link directories), not part of the image's filesystem.
		return undefined;
	}

	if (base.startsWith('.wh.')) {
		return {path: `${dir}/${base.slice(4)}`, size: 0, kind: 'whiteout'};
	}

	if (path === '/') {
		return undefined;
	}

	const kind = kindOf(type);
	return {path, size: kind === 'file' ? size : 0, kind};
}

function collect(limit: number, onText: (text: string) => void): Sink {
	const chunks: Buffer[] = [];
	let length = 0;
	const input = new Writable({
		write(chunk: Buffer, _encoding, callback) {
			length += chunk.length;
			if (length <= limit) {
				chunks.push(chunk);
			}

			callback();
		},
	});
	const done = new Promise<void>(resolve => input.on('finish', () => {
		if (length <= limit) {
			onText(Buffer.concat(chunks).toString('utf8'));
		}

		resolve();
	}));
	return {input, done};
}

function drain(stream: Readable, next: () => void) {
	stream.on('end', () => next());
	stream.resume();
}

function metaOf(header: TarHeader, kind: EntryKind): EntryMeta {
	const meta: EntryMeta = {mode: (header.mode ?? 0) & 0o7777, uid: header.uid ?? 0, gid: header.gid ?? 0};
	if (kind === 'symlink') {
		meta.link = header.linkname ?? '';
	} else if (kind === 'hardlink') {
		meta.link = layerPath(header.linkname ?? '');
	}

	return meta;
}

/** A zstd stream's frames decoded as they pass (fzstd: pure JS, Node 20 has no zstd). */
export function zstdDecoder(): Transform {
	const output = new Transform({
		transform(chunk: Buffer, _encoding, callback) {
			try {
				decoder.push(chunk);
				callback();
			} catch (error) {
				callback(new Error(`zstd: ${(error as Error).message}`));
			}
		},
		flush(callback) {
			try {
				decoder.push(new Uint8Array(0), true);
				callback();
			} catch (error) {
				callback(new Error(`zstd: ${(error as Error).message}`));
			}
		},
	});
	const decoder = new Decompress(data => {
		if (data.length > 0) {
			// A copy: the decoder reuses its window.
			output.push(Buffer.from(data));
		}
	});
	return output;
}

// eStargz keeps its table of contents (and prefetch landmarks) as files at the
// root, the TOC last: they are the format's, not the image's filesystem.
const stargzFiles = new Set(['/stargz.index.json', '/.prefetch.landmark', '/.no.prefetch.landmark']);

function dropStargzFiles(record: LayerRecord) {
	if (record.entries.at(-1)?.path === '/stargz.index.json') {
		record.entries = record.entries.filter(entry => !stargzFiles.has(entry.path));
	}
}

export type Compression = 'gzip' | 'zstd' | undefined;

const emptyHash = createHash('sha256').digest('hex');

// One call for a body that came in one chunk (most files of an image): no Hash object to make and collect.
const oneShot = (crypto as {hash?: (algorithm: string, data: Buffer, encoding: 'hex') => string}).hash;

/** One entry's body: hashed (details) and/or collected (os-release), else skipped. */
function bodySink(meta: EntryMeta | undefined, osRelease: ((text: string) => void) | undefined): BodySink | undefined {
	if (!meta && !osRelease) {
		return undefined;
	}

	let first: Buffer | undefined;
	let hash: Hash | undefined;
	const chunks: Buffer[] | undefined = osRelease ? [] : undefined;
	return {
		data(chunk) {
			chunks?.push(chunk);
			if (!meta) {
				return;
			}

			if (hash) {
				hash.update(chunk);
			} else if (first === undefined && oneShot) {
				first = chunk;
			} else {
				hash = createHash('sha256');
				if (first) {
					hash.update(first);
					first = undefined;
				}

				hash.update(chunk);
			}
		},
		end() {
			if (meta) {
				meta.hash = hash ? hash.digest('hex') : first && oneShot ? oneShot('sha256', first, 'hex') : emptyHash;
			}

			if (chunks) {
				osRelease!(Buffer.concat(chunks).toString('utf8'));
			}
		},
	};
}

function layerSink(record: LayerRecord, onOsRelease: (text: string) => void, compression: Compression, details: boolean, hashing: boolean): Sink {
	const parser = layerTarParser(header => {
		const size = header.size;
		const entry = toLayerEntry(header.name, header.type, size);
		if (!entry) {
			return undefined;
		}

		record.entries.push(entry);
		let meta: EntryMeta | undefined;
		if (details && entry.kind !== 'whiteout' && entry.kind !== 'opaque') {
			meta = metaOf(header, entry.kind);
			entry.meta = meta;
			if (entry.kind !== 'file' || !hashing) {
				meta = undefined;
			} else if (size === 0) {
				meta.hash = emptyHash;
				meta = undefined;
			}
		}

		const osRelease = entry.kind === 'file' && osReleasePaths.has(entry.path) && size <= maxOsRelease ? onOsRelease : undefined;
		return bodySink(meta, osRelease);
	});
	parser.on('finish', () => dropStargzFiles(record));
	if (compression) {
		const decoder = compression === 'gzip' ? createGunzip() : zstdDecoder();
		return {input: decoder, done: pipeline(decoder, parser)};
	}

	return {input: parser, done: new Promise((resolve, reject) => {
		parser.on('finish', resolve);
		parser.on('error', reject);
	})};
}

/** One layer blob by itself (as a registry serves it): plain, gzip or zstd, read into a record keyed `key`. */
export async function readLayerStream(source: Readable, key: string, options: ReadOptions = {}): Promise<{record: LayerRecord; osRelease?: string}> {
	const record: LayerRecord = {key, entries: [], compressed: false};
	let osRelease: string | undefined;
	const router = routeEntry(head => {
		const compression: Compression = gzipMagic(head) ? 'gzip' : head.length >= 4 && zstdMagic(head) ? 'zstd' : undefined;
		record.compressed = compression !== undefined;
		const details = options.details ?? false;
		return layerSink(record, text => {
			osRelease = text;
		}, compression, details, details && (options.shared?.claim(record) ?? true));
	}, error => {
		record.error = error instanceof Error ? error.message : String(error);
	});
	await pipeline(source, router);
	return {record, osRelease};
}

export const gzipMagic = (head: Buffer) => head[0] === 0x1f && head[1] === 0x8b;
export const zstdMagic = (head: Buffer) => head.readUInt32LE(0) === 0xfd_2f_b5_28;

export async function readImageArchive(source: Readable, options: ReadOptions = {}): Promise<ArchiveContents> {
	const contents: ArchiveContents = {layers: new Map(), json: new Map(), aliases: new Map(), osRelease: new Map()};
	const parseJson = (name: string) => (text: string) => {
		try {
			contents.json.set(name, JSON.parse(text) as unknown);
		} catch {
			// Not JSON after all: nothing the layout needs.
		}
	};

	const blob = (name: string, size: number) => (head: Buffer): Sink => {
		if (head[0] === 0x7b && size <= maxJson) {
			return collect(maxJson, parseJson(name));
		}

		const compression: Compression = gzipMagic(head) ? 'gzip' : head.length >= 4 && zstdMagic(head) ? 'zstd' : undefined;
		const record: LayerRecord = {key: name, entries: [], compressed: compression !== undefined};
		contents.layers.set(name, record);
		const details = options.details ?? false;
		return layerSink(record, text => contents.osRelease.set(name, text), compression, details, details && (options.shared?.claim(record) ?? true));
	};

	const outer = tar.extract();
	outer.on('entry', (header, stream, next) => {
		const name = archivePath(header.name);
		const size = header.size ?? 0;
		if (header.type === 'symlink' || header.type === 'link') {
			contents.aliases.set(name, header.type === 'symlink' ? resolveLink(name, header.linkname ?? '') : archivePath(header.linkname ?? ''));
			drain(stream, next);
			return;
		}

		if (kindOf(header.type) !== 'file') {
			drain(stream, next);
			return;
		}

		if ((name.endsWith('.json') || name === 'repositories') && size <= maxJson) {
			const sink = collect(maxJson, parseJson(name));
			stream.pipe(sink.input);
			void sink.done.then(() => next());
			return;
		}

		// dockerd's legacy layout: <id>/layer.tar; the OCI one: blobs/…; Podman's docker-archive:
		// <diff-id>.tar at the top, which its manifest names and <id>/layer.tar links to.
		if (name.endsWith('/layer.tar') || name.startsWith('blobs/') || (!name.includes('/') && name.endsWith('.tar'))) {
			const router = routeEntry(blob(name, size), error => {
				const record = contents.layers.get(name);
				if (record) {
					record.error = error instanceof Error ? error.message : String(error);
				}
			});
			stream.pipe(router);
			router.on('finish', () => next());
			return;
		}

		drain(stream, next);
	});

	await pipeline(source, outer);
	return contents;
}
