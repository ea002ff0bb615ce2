// The layer explorer's text: a step's changes (or the final filesystem) as a
// tree, each directory with the bytes under it, largest first. Pure.
import type {ScanResult} from '../analysis/image-scan.ts';
import {ensureParent, getNode, newRoot, removePath, splitPath, walk, type TreeNode} from '../analysis/file-tree.ts';
import {formatImageSize} from '../format/size.ts';
import {sanitizeLine} from '../format/sanitize.ts';

type Item = {path: string; size: number; mark: string; dir: boolean; lower: string};
type Node = {name: string; size: number; mark: string; dir: boolean; children: Map<string, Node>};

const marks = {added: '+', modified: '~', removed: '-'} as const;

type Lines = {lines: string[]; paths: string[]};

function treeLines(items: readonly Item[]): Lines {
	const root: Node = {name: '', size: 0, mark: ' ', dir: true, children: new Map()};
	for (const item of items) {
		let node = root;
		node.size += item.size;
		const parts = item.path.split('/').filter(Boolean);
		parts.forEach((name, index) => {
			let child = node.children.get(name);
			if (!child) {
				child = {name, size: 0, mark: ' ', dir: true, children: new Map()};
				node.children.set(name, child);
			}

			child.size += item.size;
			if (index === parts.length - 1) {
				child.mark = item.mark;
				child.dir = item.dir || child.children.size > 0;
			}

			node = child;
		});
	}

	const lines: string[] = [];
	const paths: string[] = [];
	const visit = (node: Node, depth: number, at: string) => {
		const children = [...node.children.values()].sort((a, b) => b.size - a.size || a.name.localeCompare(b.name));
		for (const child of children) {
			const dir = child.dir || child.children.size > 0;
			const path = `${at}/${child.name}`;
			lines.push(`${child.mark} ${formatImageSize(child.size).padStart(7)}  ${'  '.repeat(depth)}${sanitizeLine(child.name)}${dir ? '/' : ''}`);
			paths.push(path);
			visit(child, depth + 1, path);
		}
	};

	visit(root, 0, '');
	return {lines, paths};
}

/** `paths[i]` is the path `lines[i]` shows: what keeps the view on a path when the step changes. */
export type ExplorerView = {heading: string[]; lines: string[]; paths: string[]};

/** Every file of the final filesystem. */
function finalFiles(root: TreeNode): Item[] {
	const items: Item[] = [];
	for (const [path, node] of walk(root, '/')) {
		if (!node.dir) {
			items.push({path, size: node.size, mark: ' ', dir: false, lower: path.toLowerCase()});
		}
	}

	return items;
}

type Listing = {items: Item[]; all?: Lines; last?: {needle: string; shown: Item[]} & Lines};

// Per scan and view, the items once; per keystroke, the filter narrows the last result
// when the new text extends the old one (typing), so a big image stays responsive.
const listings = new WeakMap<ScanResult, Map<string, Listing>>();

function listing(scan: ScanResult, key: string, make: () => Item[]): Listing {
	let views = listings.get(scan);
	if (!views) {
		views = new Map();
		listings.set(scan, views);
	}

	let found = views.get(key);
	if (!found) {
		found = {items: make()};
		views.set(key, found);
	}

	return found;
}

function filtered(list: Listing, needle: string): {shown: Item[]} & Lines {
	if (needle === '') {
		list.all ??= treeLines(list.items);
		return {shown: list.items, ...list.all};
	}

	if (list.last?.needle === needle) {
		return list.last;
	}

	const from = list.last && needle.includes(list.last.needle) ? list.last.shown : list.items;
	const shown = from.filter(item => item.lower.includes(needle));
	list.last = {needle, shown, ...treeLines(shown)};
	return list.last;
}

/** The filesystem as layers 0..`layer` leave it, replayed from the scan's per-layer changes. */
export function treeAsOf(scan: Pick<ScanResult, 'changes'>, layer: number): TreeNode {
	const root = newRoot();
	for (const [index, changes] of scan.changes.slice(0, layer + 1).entries()) {
		for (const change of changes) {
			const parts = splitPath(change.path);
			const name = parts.at(-1);
			if (name === undefined) {
				continue;
			}

			if (change.kind === 'removed') {
				removePath(root, change.path);
				continue;
			}

			const parent = ensureParent(root, parts, index);
			const old = parent.children!.get(name);
			if (change.isDir) {
				if (old?.dir) {
					old.layer = index;
				} else {
					parent.children!.set(name, {size: 0, layer: index, dir: true, children: new Map()});
				}
			} else {
				parent.children!.set(name, {size: change.size, layer: index, dir: false});
			}
		}
	}

	return root;
}

/** The last layer made at or before `step` (-1 when none is). */
export function layerAsOf(scan: Pick<ScanResult, 'steps'>, step: number): number {
	let layer = -1;
	for (const each of scan.steps) {
		if (each.step <= step && each.layer !== undefined) {
			layer = each.layer;
		}
	}

	return layer;
}

const bytesOf = (items: readonly Item[]) => items.reduce((sum, item) => sum + item.size, 0);

/** `aggregated`: the filesystem as of the step (the final one at the last layer) instead of the step's changes. */
export function explorerView(scan: ScanResult, step: number, aggregated: boolean, filter: string): ExplorerView {
	const needle = filter.toLowerCase();
	const history = scan.steps.find(each => each.step === step);
	const command = sanitizeLine(history?.createdBy ?? '');
	const matching = (shown: readonly Item[]) => (needle ? ` · ${shown.length} match "${sanitizeLine(filter)}"` : '');
	if (aggregated) {
		const layer = layerAsOf(scan, step);
		const isFinal = layer === scan.layers.length - 1;
		const list = isFinal ? listing(scan, 'final', () => finalFiles(scan.final)) : listing(scan, `as of ${layer}`, () => finalFiles(treeAsOf(scan, layer)));
		const {shown, lines, paths} = filtered(list, needle);
		const total = isFinal ? scan.metrics.finalBytes : bytesOf(list.items);
		return {heading: [`step ${step}: ${command}`, `${isFinal ? 'final filesystem' : `filesystem as of step ${step}`}: ${formatImageSize(total)} in ${list.items.length} files${matching(shown)}`], lines, paths};
	}

	if (history?.layer === undefined) {
		return {heading: [`step ${step}: ${command}`, 'this step made no layer (metadata only)'], lines: [], paths: []};
	}

	const index = history.layer;
	const layer = scan.layers[index]!;
	const list = listing(scan, `layer ${index}`, () => scan.changes[index]!
		.filter(change => !change.isDir || change.kind === 'removed')
		.map(change => ({path: change.path, size: change.size, mark: marks[change.kind], dir: change.isDir, lower: change.path.toLowerCase()})));
	const {shown, lines, paths} = filtered(list, needle);
	return {
		heading: [
			`step ${step}: ${command}`,
			`${formatImageSize(layer.size)} · +${layer.added} added ~${layer.modified} modified -${layer.removed} removed · ${formatImageSize(layer.wastedBytes)} of it wasted later${matching(shown)}`,
		],
		lines,
		paths,
	};
}

/** Where `path` (or, when it is gone, its nearest parent) is in `view`; 0 when none is. */
export function lineOf(view: Pick<ExplorerView, 'paths'>, path: string | undefined): number {
	for (let at = path; at; at = at.slice(0, Math.max(at.lastIndexOf('/'), 0))) {
		const index = view.paths.indexOf(at);
		if (index >= 0) {
			return index;
		}
	}

	return 0;
}

/** What Enter on `path` opens: the layer holding its version as of the step, or why there is nothing to read. */
export function versionAt(scan: ScanResult, step: number, aggregated: boolean, path: string): {layer: number} | {note: string} {
	if (aggregated) {
		const layer = layerAsOf(scan, step);
		const root = layer === scan.layers.length - 1 ? scan.final : treeAsOf(scan, layer);
		const node = getNode(root, path);
		if (!node) {
			return {note: `${sanitizeLine(path)} is not in the filesystem as of step ${step}`};
		}

		return node.dir ? {note: `${sanitizeLine(path)} is a directory`} : {layer: node.layer};
	}

	const layer = scan.steps.find(each => each.step === step)?.layer;
	const change = layer === undefined ? undefined : scan.changes[layer]!.find(each => each.path === path);
	if (layer === undefined || !change) {
		return {note: `${sanitizeLine(path)} is a directory: its files are under it`};
	}

	if (change.kind === 'removed') {
		return {note: `${sanitizeLine(path)} was deleted by step ${step} (a whiteout${change.isDir ? ` of a directory, ${change.files ?? 0} files` : ''})`};
	}

	return change.isDir ? {note: `${sanitizeLine(path)} is a directory`} : {layer};
}
