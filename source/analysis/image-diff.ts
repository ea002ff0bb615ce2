// What differs between two images' final filesystems: added, removed and changed
// paths as a tree whose directories carry the size delta of everything under them,
// largest first. Pure: two scans' trees in (scanned with details), the diff out.
// Whiteouts and opaque directories were applied by the scan: a deleted path is
// simply absent from its final tree.
import type {TreeNode} from './file-tree.ts';
import type {EntryKind} from './types.ts';

export type PathKind = 'dir' | Exclude<EntryKind, 'dir' | 'whiteout' | 'opaque'>;
export type ChangeReason = 'type' | 'size' | 'mode' | 'owner' | 'link' | 'content';
export type DiffChange = 'added' | 'removed' | 'changed';

/** A path as one image has it. */
export type PathState = {kind: PathKind; size: number; layer: number; mode?: number; uid?: number; gid?: number; link?: string};

export type DiffNode = {
	name: string;
	path: string;
	/** What happened to this path itself; none for a directory that only holds changes. */
	change?: DiffChange;
	reasons?: ChangeReason[];
	before?: PathState;
	after?: PathState;
	/** Bytes after minus bytes before, over this path and everything under it. */
	delta: number;
	/** Paths under (and at) this one that were added, removed or changed. */
	changes: number;
	/** Largest |delta| first. */
	children: DiffNode[];
};

export type DiffTally = {count: number; bytes: number};
/** `changed.bytes` is the net delta of the changed paths. */
export type DiffSummary = {added: DiffTally; removed: DiffTally; changed: DiffTally};

export type DiffSide = {final: TreeNode; diffIds: readonly string[]};
export type ImageDiff = {root: DiffNode; summary: DiffSummary};

function kindOf(node: TreeNode): PathKind {
	if (node.dir) {
		return 'dir';
	}

	const kind = node.entry?.kind;
	return kind === undefined || kind === 'dir' || kind === 'whiteout' || kind === 'opaque' ? 'file' : kind;
}

function stateOf(node: TreeNode): PathState {
	const state: PathState = {kind: kindOf(node), size: node.dir ? 0 : node.size, layer: node.layer};
	const meta = node.entry?.meta;
	if (meta) {
		state.mode = meta.mode;
		state.uid = meta.uid;
		state.gid = meta.gid;
		if (meta.link !== undefined) {
			state.link = meta.link;
		}
	}

	return state;
}

const childPath = (parent: string, name: string) => (parent === '/' ? `/${name}` : `${parent}/${name}`);

function byDelta(a: DiffNode, b: DiffNode): number {
	return Math.abs(b.delta) - Math.abs(a.delta) || b.changes - a.changes || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}

class Differ {
	readonly summary: DiffSummary = {added: {count: 0, bytes: 0}, removed: {count: 0, bytes: 0}, changed: {count: 0, bytes: 0}};

	constructor(private readonly a: DiffSide, private readonly b: DiffSide) {}

	/** A whole subtree that only one side has. */
	oneSided(node: TreeNode, name: string, path: string, change: 'added' | 'removed'): DiffNode {
		const state = stateOf(node);
		const sign = change === 'added' ? 1 : -1;
		const children: DiffNode[] = [];
		let delta = sign * state.size;
		let changes = 1;
		for (const [childName, child] of node.children ?? []) {
			const each = this.oneSided(child, childName, childPath(path, childName), change);
			children.push(each);
			delta += each.delta;
			changes += each.changes;
		}

		if (!node.dir) {
			this.summary[change].count++;
			this.summary[change].bytes += state.size;
		}

		children.sort(byDelta);
		return {name, path, change, [change === 'added' ? 'after' : 'before']: state, delta, changes, children};
	}

	reasons(before: PathState, after: PathState, a: TreeNode, b: TreeNode): ChangeReason[] {
		const reasons: ChangeReason[] = [];
		if (before.kind !== after.kind) {
			return ['type'];
		}

		if (before.size !== after.size) {
			reasons.push('size');
		}

		if (before.mode !== undefined && after.mode !== undefined && before.mode !== after.mode) {
			reasons.push('mode');
		}

		if (before.uid !== undefined && after.uid !== undefined && (before.uid !== after.uid || before.gid !== after.gid)) {
			reasons.push('owner');
		}

		if (before.link !== after.link) {
			reasons.push('link');
		}

		// Only equal sizes need the content compared; a version both images took from the same layer is the same.
		const sameLayer = this.a.diffIds[a.layer] !== undefined && this.a.diffIds[a.layer] === this.b.diffIds[b.layer];
		if (before.kind === 'file' && before.size === after.size && !sameLayer && a.entry?.meta?.hash !== b.entry?.meta?.hash) {
			reasons.push('content');
		}

		return reasons;
	}

	/** A path both sides have; undefined when nothing at or under it differs. */
	both(a: TreeNode, b: TreeNode, name: string, path: string): DiffNode | undefined {
		const before = stateOf(a);
		const after = stateOf(b);
		const reasons = this.reasons(before, after, a, b);
		const children: DiffNode[] = [];
		if (a.dir && b.dir) {
			for (const [childName, childA] of a.children ?? []) {
				const childB = b.children?.get(childName);
				const each = childB ? this.both(childA, childB, childName, childPath(path, childName)) : this.oneSided(childA, childName, childPath(path, childName), 'removed');
				if (each) {
					children.push(each);
				}
			}

			for (const [childName, childB] of b.children ?? []) {
				if (!a.children?.has(childName)) {
					children.push(this.oneSided(childB, childName, childPath(path, childName), 'added'));
				}
			}
		} else if (a.dir || b.dir) {
			// A directory replaced by a file (or the reverse): what was under the directory went, or came.
			const [side, change] = a.dir ? [a, 'removed' as const] : [b, 'added' as const];
			for (const [childName, child] of side.children ?? []) {
				children.push(this.oneSided(child, childName, childPath(path, childName), change));
			}
		}

		if (reasons.length === 0 && children.length === 0) {
			return undefined;
		}

		let delta = after.size - before.size;
		let changes = reasons.length > 0 ? 1 : 0;
		for (const child of children) {
			delta += child.delta;
			changes += child.changes;
		}

		children.sort(byDelta);
		if (reasons.length === 0) {
			return {name, path, delta, changes, children};
		}

		this.summary.changed.count++;
		this.summary.changed.bytes += after.size - before.size;
		return {name, path, change: 'changed', reasons, before, after, delta, changes, children};
	}
}

/** `a` is the image compared from, `b` the one compared to: "added" means in `b` and not in `a`. */
export function diffImages(a: DiffSide, b: DiffSide): ImageDiff {
	const differ = new Differ(a, b);
	const root = differ.both(a.final, b.final, '/', '/') ?? {name: '/', path: '/', delta: 0, changes: 0, children: []};
	return {root, summary: differ.summary};
}

/** Every node at and under `node` that changed itself, depth first, largest first. */
export function* changedPaths(node: DiffNode): Generator<DiffNode> {
	const stack = [node];
	while (stack.length > 0) {
		const each = stack.pop()!;
		if (each.change) {
			yield each;
		}

		for (let index = each.children.length - 1; index >= 0; index--) {
			stack.push(each.children[index]!);
		}
	}
}
