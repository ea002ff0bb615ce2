// `x` in the explorer: a file or directory of an image, as of a step, written to
// a path on disk. The archive streams once, up to the last layer that matters;
// each path is written only from the layer that holds its visible version (so
// whiteouts and opaque directories are honoured). Everything lands in a staging
// directory beside the target, renamed into place at the end: the target appears
// whole or not at all. Tar paths are untrusted: a `..` component, a link out of
// the extracted tree or a write through a symlink is refused, never followed.
import {constants} from 'node:fs';
import {chmod, link, lstat, mkdir, mkdtemp, open, rename, rm, symlink} from 'node:fs/promises';
import path from 'node:path';
import {pipeline} from 'node:stream/promises';
import type {Readable} from 'node:stream';
import {createGunzip} from 'node:zlib';
import tar from 'tar-stream';
import {archivePath, gzipMagic, zstdDecoder, zstdMagic} from './archive-reader.ts';
import {routeEntry, type Sink} from './entry-router.ts';
import {walk, type TreeNode} from './file-tree.ts';

export type ExtractPlan = {
	/** The image path to extract (`/etc` or `/etc/conf`). */
	path: string;
	/** The filesystem as of the step, and the archive keys of its layers, base first. */
	tree: TreeNode;
	layerKeys: readonly string[];
};

export type ExtractResult = {files: number; dirs: number; links: number; bytes: number; skipped: string[]};

export class ExtractError extends Error {
	override name = 'ExtractError';
}

/** `a/b` under the extracted root, or undefined for anything that would leave it. */
export function relativeInside(root: string, name: string): string | undefined {
	const parts = name.split('/').filter(part => part !== '' && part !== '.');
	if (parts.includes('..')) {
		return undefined;
	}

	const full = '/' + parts.join('/');
	if (full === root) {
		return '';
	}

	const prefix = root === '/' ? '/' : `${root}/`;
	return full.startsWith(prefix) ? full.slice(prefix.length) : undefined;
}

// Permission bits and sticky; setuid and setgid are not carried onto the user's disk.
const keptMode = (mode: number | undefined, fallback: number) => (mode ?? fallback) & 0o1777;

/** Every parent of `relative` inside `base` is a real directory (made here), never a symlink. */
async function parentsAreDirs(base: string, relative: string): Promise<boolean> {
	const parts = relative.split('/').slice(0, -1);
	let at = base;
	for (const part of parts) {
		at = path.join(at, part);
		try {
			const info = await lstat(at);
			if (!info.isDirectory()) {
				return false;
			}
		} catch {
			await mkdir(at, {mode: 0o755});
		}
	}

	return true;
}

async function writeBody(file: string, stream: Readable, mode: number): Promise<void> {
	// Exclusive and no-follow: never through an existing path (a symlink planted by an earlier entry included).
	const handle = await open(file, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
	// The write stream closes the handle when it ends.
	await pipeline(stream, handle.createWriteStream());
	await chmod(file, mode);
}

function drainEntry(stream: Readable, next: () => void) {
	stream.on('end', () => next());
	stream.resume();
}

/** Calls `next` once the entry's body is all read: by `handle`, or drained after it. (tar-stream's streams have no readableEnded.) */
function afterEntry(stream: Readable, handle: () => Promise<void>, next: () => void, fail: (error: unknown) => void) {
	let ended = false;
	stream.once('end', () => {
		ended = true;
	});
	handle().then(() => {
		if (ended) {
			next();
		} else {
			drainEntry(stream, next);
		}
	}, fail);
}

/**
 * Writes `plan.path` as of its step to `target`, which must not exist (the caller asks
 * before overwriting, then passes `overwrite`). Reads `source` up to the last layer needed.
 */
export async function extractFromArchive(source: Readable, plan: ExtractPlan, target: string, overwrite = false): Promise<ExtractResult> {
	const visible = new Map<string, {layer: number; dir: boolean}>();
	const root = plan.path;
	const top = walk(plan.tree, '/');
	for (const [at, node] of top) {
		const relative = relativeInside(root, at);
		if (relative !== undefined) {
			visible.set(relative, {layer: node.layer, dir: node.dir});
		}
	}

	const rootNode = visible.get('');
	if (!rootNode) {
		throw new ExtractError(`${root} is not in the filesystem as of this step`);
	}

	const needed = Math.max(...[...visible.values()].map(each => each.layer), 0);
	const layerOf = new Map(plan.layerKeys.slice(0, needed + 1).map((key, index) => [key, index]));
	const parent = path.dirname(path.resolve(target));
	const staging = await mkdtemp(path.join(parent, `.${path.basename(target)}.stowage-`));
	// The extracted root inside staging: a file or a directory named as the target.
	const out = path.join(staging, 'root');
	const result: ExtractResult = {files: 0, dirs: 0, links: 0, bytes: 0, skipped: []};
	const dirModes = new Map<string, number>();
	const place = (relative: string) => (relative === '' ? out : path.join(out, relative));
	try {
		if (rootNode.dir) {
			await mkdir(out, {mode: 0o700});
		}

		let layersRead = 0;
		const onEntry = (layer: number) => async (header: tar.Headers, stream: Readable): Promise<void> => {
			const relative = relativeInside(root, header.name);
			const want = relative === undefined ? undefined : visible.get(relative);
			if (relative === undefined || !want) {
				if (relative === undefined && header.name.split('/').includes('..')) {
					result.skipped.push(`${header.name}: a ".." path`);
				}

				return;
			}

			if (header.type === 'directory') {
				if (want.dir) {
					dirModes.set(relative, keptMode(header.mode, 0o755));
				}

				return;
			}

			// Only the version visible as of the step; whiteouts are simply never visible.
			if (want.layer !== layer || want.dir) {
				return;
			}

			const file = place(relative);
			if (relative !== '' && !await parentsAreDirs(out, relative)) {
				result.skipped.push(`${relative}: under a symlink`);
				return;
			}

			if (header.type === 'symlink') {
				await symlink(header.linkname ?? '', file);
				result.links++;
			} else if (header.type === 'link') {
				const linked = relativeInside(root, header.linkname ?? '');
				const from = linked === undefined ? undefined : place(linked);
				const info = from === undefined ? undefined : await lstat(from).catch(() => undefined);
				if (!from || !info?.isFile()) {
					result.skipped.push(`${relative}: a hard link to ${header.linkname ?? ''}, outside what is extracted`);
					return;
				}

				await link(from, file);
				result.links++;
			} else if (header.type === 'file' || header.type === 'contiguous-file' || !header.type) {
				await writeBody(file, stream, keptMode(header.mode, 0o644));
				result.files++;
				result.bytes += header.size ?? 0;
			} else {
				result.skipped.push(`${relative}: a ${header.type} (devices and fifos are not written)`);
			}
		};

		const layerSink = (layer: number) => (head: Buffer): Sink => {
			const extract = tar.extract();
			const handle = onEntry(layer);
			extract.on('entry', (header, stream, next) => {
				afterEntry(stream, async () => handle(header, stream), next, error => {
					extract.destroy(error as Error);
				});
			});
			const decoder = gzipMagic(head) ? createGunzip() : head.length >= 4 && zstdMagic(head) ? zstdDecoder() : undefined;
			const done = decoder ? pipeline(decoder, extract) : new Promise<void>((resolve, reject) => {
				extract.on('finish', resolve);
				extract.on('error', reject);
			});
			return {input: decoder ?? extract, done: done.then(() => {
				layersRead++;
			})};
		};

		let failure: unknown;
		let finish!: () => void;
		const allRead = new Promise<void>(resolve => {
			finish = resolve;
		});
		const outer = tar.extract();
		outer.on('entry', (header, stream, next) => {
			const layer = layerOf.get(archivePath(header.name));
			if (layer === undefined || failure) {
				drainEntry(stream, next);
				return;
			}

			const router = routeEntry(layerSink(layer), error => {
				failure ??= error;
			});
			stream.pipe(router);
			router.on('finish', () => {
				if (layersRead >= layerOf.size) {
					finish();
				}

				next();
			});
		});
		const reading = pipeline(source, outer);
		await Promise.race([allRead, reading]);
		source.destroy();
		reading.catch(() => {});
		if (failure) {
			throw failure instanceof Error ? failure : new Error(String(failure));
		}

		if (layersRead < layerOf.size) {
			throw new ExtractError(`the archive ended before layer ${layersRead + 1} of ${layerOf.size}`);
		}

		// Directories last, deepest first: their modes may forbid writing into them.
		const dirs = [...visible].filter(([, each]) => each.dir).map(([relative]) => relative).sort((a, b) => b.length - a.length);
		for (const relative of dirs) {
			const at = place(relative);
			const info = await lstat(at).catch(() => undefined);
			if (!info) {
				if (!await parentsAreDirs(out, `${relative}/x`)) {
					continue;
				}

				await mkdir(at, {mode: 0o755}).catch(() => {});
			}

			if ((await lstat(at)).isDirectory()) {
				await chmod(at, dirModes.get(relative) ?? 0o755);
				result.dirs++;
			}
		}

		const exists = await lstat(target).then(() => true, () => false);
		if (exists && !overwrite) {
			throw new ExtractError(`${target} exists`);
		}

		// A file over a file is one rename; a directory can't replace another in one step,
		// so the old one moves aside first (and goes with the staging directory).
		if (exists && (rootNode.dir || (await lstat(target)).isDirectory())) {
			await rename(target, path.join(staging, 'old'));
		}

		await rename(out, target);
		return result;
	} finally {
		await rm(staging, {recursive: true, force: true});
	}
}
