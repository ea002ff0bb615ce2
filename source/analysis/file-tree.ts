// The filesystem as the layers stack up: one node per path, files carrying the
// size and the layer that wrote them. A tree (not a flat map) so that deleting a
// directory or an opaque marker costs the size of that subtree, not of the image.
import type {LayerEntry} from './types.ts';

export type TreeNode = {
	size: number;
	/** Layer that last wrote this path. */
	layer: number;
	dir: boolean;
	children?: Map<string, TreeNode>;
	/** The tar entry that wrote this path (none for a directory only implied by its contents). */
	entry?: LayerEntry;
};

export type RemovedFile = {path: string; size: number; layer: number};

export function newRoot(): TreeNode {
	return {size: 0, layer: -1, dir: true, children: new Map()};
}

export function splitPath(path: string): string[] {
	return path.split('/').filter(Boolean);
}

export function getNode(root: TreeNode, path: string): TreeNode | undefined {
	let node: TreeNode | undefined = root;
	for (const name of splitPath(path)) {
		node = node.children?.get(name);
		if (!node) {
			return undefined;
		}
	}

	return node;
}

/** The parent of `path`, creating missing directories as written by `layer`. */
export function ensureParent(root: TreeNode, parts: readonly string[], layer: number): TreeNode {
	let node = root;
	for (const name of parts.slice(0, -1)) {
		let child = node.children?.get(name);
		if (!child || !child.dir) {
			child = {size: 0, layer, dir: true, children: new Map()};
			(node.children ??= new Map()).set(name, child);
		}

		node = child;
	}

	return node;
}

/**
 * Every node at and under `node`, depth first, with its path. An explicit stack, not
 * nested `yield*`: each level of delegation costs every node below it, and an image
 * has 100,000 paths.
 */
export function* walk(node: TreeNode, path: string): Generator<[string, TreeNode]> {
	const stack: Array<[string, TreeNode]> = [[path, node]];
	while (stack.length > 0) {
		const [at, each] = stack.pop()!;
		yield [at, each];
		if (each.children) {
			// Reversed onto the stack, so children come out in their own order.
			const children = [...each.children];
			for (let index = children.length - 1; index >= 0; index--) {
				const [name, child] = children[index]!;
				stack.push([at === '/' ? `/${name}` : `${at}/${name}`, child]);
			}
		}
	}
}

export function subtreeBytes(node: TreeNode): {bytes: number; files: number} {
	let bytes = 0;
	let files = 0;
	for (const [, each] of walk(node, '')) {
		if (!each.dir) {
			bytes += each.size;
			files++;
		}
	}

	return {bytes, files};
}

/** Detaches `path` (and what is under it) from the tree; returns the files that went. */
export function removePath(root: TreeNode, path: string): RemovedFile[] {
	const parts = splitPath(path);
	const parent = getNode(root, '/' + parts.slice(0, -1).join('/'));
	const name = parts.at(-1);
	const node = name === undefined ? undefined : parent?.children?.get(name);
	if (!node || name === undefined) {
		return [];
	}

	parent!.children!.delete(name);
	return filesOf(node, path);
}

/** Empties a directory (an opaque whiteout); returns the files that went. */
export function clearDirectory(root: TreeNode, path: string): RemovedFile[] {
	const node = getNode(root, path);
	if (!node?.children) {
		return [];
	}

	const removed = filesOf(node, path).filter(file => file.path !== path);
	node.children = new Map();
	return removed;
}

function filesOf(node: TreeNode, path: string): RemovedFile[] {
	const files: RemovedFile[] = [];
	for (const [each, child] of walk(node, path)) {
		if (!child.dir) {
			files.push({path: each, size: child.size, layer: child.layer});
		}
	}

	return files;
}
