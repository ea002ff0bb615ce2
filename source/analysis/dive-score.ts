// dive's efficiency score, computed as dive computes it (filetree/efficiency.go),
// so that a .dive-ci threshold means the same here. Per path, over the leaves of
// each layer's own tree: score = Σ smallest size seen / Σ every size seen. A
// removed file counts 0 in the layer that removes it; a removed directory counts
// the bytes under it, once, which is why dive never sees a directory's deletion
// as waste. dive's "wasted bytes" sums every copy (the final one too) of each
// path seen in two layers or more.
import {getNode, subtreeBytes, type TreeNode} from './file-tree.ts';
import type {LayerEntry} from './types.ts';

type PathData = {cumulative: number; min: number; count: number};

function parentOf(path: string): string {
	const slash = path.lastIndexOf('/');
	return slash <= 0 ? '/' : path.slice(0, slash);
}

export class DiveScore {
	private readonly paths = new Map<string, PathData>();

	/** Call before `below` takes this layer's changes: whiteouts are sized from the layers under it. */
	layer(entries: readonly LayerEntry[], below: TreeNode): void {
		// dive leaves opaque markers out of its trees.
		const inTree = entries.filter(entry => entry.kind !== 'opaque');
		const parents = new Set<string>();
		for (const entry of inTree) {
			for (let dir = parentOf(entry.path); dir !== '/' && !parents.has(dir); dir = parentOf(dir)) {
				parents.add(dir);
			}
		}

		for (const entry of inTree) {
			if (parents.has(entry.path)) {
				continue;
			}

			let size = entry.size;
			if (entry.kind === 'whiteout') {
				const previous = getNode(below, entry.path);
				if (!previous) {
					// dive gives up on a whiteout of a path it never saw.
					continue;
				}

				size = previous.dir ? subtreeBytes(previous).bytes : 0;
			} else if (entry.kind !== 'file') {
				size = 0;
			}

			const data = this.paths.get(entry.path);
			if (data) {
				data.cumulative += size;
				data.min = Math.min(data.min, size);
				data.count++;
			} else {
				this.paths.set(entry.path, {cumulative: size, min: size, count: 1});
			}
		}
	}

	result(): {efficiency: number; wastedBytes: number} {
		let minimum = 0;
		let discovered = 0;
		let wastedBytes = 0;
		for (const data of this.paths.values()) {
			minimum += data.min;
			discovered += data.cumulative;
			if (data.count > 1) {
				wastedBytes += data.cumulative;
			}
		}

		return {efficiency: discovered === 0 ? 1 : minimum / discovered, wastedBytes};
	}
}
