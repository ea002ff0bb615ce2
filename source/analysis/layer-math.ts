// What each layer did to the filesystem, and what it cost: bytes written by one
// layer and overwritten or deleted by a later one stay in the image for nothing.
// Pure: the layers' entries in, changes and waste out.
import {clearDirectory, ensureParent, getNode, newRoot, removePath, splitPath, subtreeBytes, type RemovedFile, type TreeNode} from './file-tree.ts';
import {DiveScore} from './dive-score.ts';
import type {LayerChange, LayerEntry} from './types.ts';

export type Deletion = {path: string; bytes: number; files: number; opaque: boolean; byLayer: number; fromLayer: number};
export type Overwrite = {path: string; bytes: number; layer: number; byLayer: number};

export type LayerMath = {
	changes: LayerChange[];
	/** Bytes of the files in the layer tar. */
	size: number;
	/** Bytes this layer wrote that a later layer overwrote or deleted. */
	wastedBytes: number;
};

export type StackResult = {
	layers: LayerMath[];
	deletions: Deletion[];
	overwrites: Overwrite[];
	final: TreeNode;
	totalBytes: number;
	finalBytes: number;
	wastedBytes: number;
	dive: {efficiency: number; wastedBytes: number};
};

/** The layer that wrote most of `files`' bytes. */
function mainSource(files: readonly RemovedFile[]): number {
	const byLayer = new Map<number, number>();
	for (const file of files) {
		byLayer.set(file.layer, (byLayer.get(file.layer) ?? 0) + file.size);
	}

	let best = files[0]?.layer ?? -1;
	for (const [layer, bytes] of byLayer) {
		if (bytes > (byLayer.get(best) ?? -1)) {
			best = layer;
		}
	}

	return best;
}

export function stackLayers(layers: readonly (readonly LayerEntry[])[]): StackResult {
	const root = newRoot();
	const dive = new DiveScore();
	const result: LayerMath[] = layers.map(() => ({changes: [], size: 0, wastedBytes: 0}));
	const deletions: Deletion[] = [];
	const overwrites: Overwrite[] = [];
	let totalBytes = 0;
	let wastedBytes = 0;
	const waste = (layer: number, bytes: number) => {
		wastedBytes += bytes;
		if (layer >= 0) {
			result[layer]!.wastedBytes += bytes;
		}
	};

	layers.forEach((entries, index) => {
		const math = result[index]!;
		dive.layer(entries, root);
		// Whiteouts hide what lower layers hold, never what this layer adds: apply them first.
		for (const entry of entries) {
			if (entry.kind !== 'whiteout' && entry.kind !== 'opaque') {
				continue;
			}

			const opaque = entry.kind === 'opaque';
			const wasDir = getNode(root, entry.path)?.dir ?? false;
			const removed = opaque ? clearDirectory(root, entry.path) : removePath(root, entry.path);
			const bytes = removed.reduce((sum, file) => sum + file.size, 0);
			for (const file of removed) {
				waste(file.layer, file.size);
			}

			if (removed.length > 0 || !opaque) {
				math.changes.push({path: entry.path, size: bytes, kind: 'removed', isDir: opaque || wasDir, files: removed.length});
			}

			if (bytes > 0) {
				deletions.push({path: entry.path, bytes, files: removed.length, opaque, byLayer: index, fromLayer: mainSource(removed)});
			}
		}

		for (const entry of entries) {
			if (entry.kind === 'whiteout' || entry.kind === 'opaque') {
				continue;
			}

			const parts = splitPath(entry.path);
			const name = parts.at(-1);
			if (name === undefined) {
				continue;
			}

			const size = entry.kind === 'file' ? entry.size : 0;
			math.size += size;
			totalBytes += size;
			const parent = ensureParent(root, parts, index);
			const old = parent.children?.get(name);
			const isDir = entry.kind === 'dir';
			if (old && (!old.dir || !isDir)) {
				// A file replaced, or a directory replaced by a file: every byte under the old one is superseded.
				const replaced = old.dir ? removePath(root, entry.path) : [{path: entry.path, size: old.size, layer: old.layer}];
				for (const file of replaced) {
					waste(file.layer, file.size);
					if (file.size > 0) {
						overwrites.push({path: file.path, bytes: file.size, layer: file.layer, byLayer: index});
					}
				}
			}

			math.changes.push({path: entry.path, size, kind: old ? 'modified' : 'added', isDir});
			if (old && old.dir && isDir) {
				old.layer = index;
				old.entry = entry.meta && entry;
			} else {
				// The entry is kept only when it carries details (a comparison's scan): a plain scan keeps the tree small.
				const kept = entry.meta && entry;
				(parent.children ??= new Map()).set(name, isDir ? {size: 0, layer: index, dir: true, children: new Map(), entry: kept} : {size, layer: index, dir: false, entry: kept});
			}
		}
	});

	const finalBytes = subtreeBytes(root).bytes;
	return {layers: result, deletions, overwrites, final: root, totalBytes, finalBytes, wastedBytes, dive: dive.result()};
}

/** Bytes and files under `path` in the final filesystem (only those `onlyLayer` wrote, if given), and the layer that wrote most of them. */
export function finalUnder(final: TreeNode, path: string, onlyLayer?: number): {bytes: number; files: number; layer: number} | undefined {
	const node = getNode(final, path);
	if (!node) {
		return undefined;
	}

	const byLayer = new Map<number, number>();
	let bytes = 0;
	let files = 0;
	const visit = (each: TreeNode) => {
		if (!each.dir && (onlyLayer === undefined || each.layer === onlyLayer)) {
			bytes += each.size;
			files++;
			byLayer.set(each.layer, (byLayer.get(each.layer) ?? 0) + each.size);
		}

		for (const child of each.children?.values() ?? []) {
			visit(child);
		}
	};

	visit(node);
	let layer = node.layer;
	let most = -1;
	for (const [each, count] of byLayer) {
		if (count > most) {
			most = count;
			layer = each;
		}
	}

	return {bytes, files, layer};
}
