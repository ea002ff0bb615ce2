// The layer explorer's text: a step's changes (or the final filesystem) as a
// tree, each directory with the bytes under it, largest first. Pure.
import type {ScanResult} from '../analysis/image-scan.ts';
import {walk, type TreeNode} from '../analysis/file-tree.ts';
import {formatImageSize} from '../format/size.ts';
import {sanitizeLine} from '../format/sanitize.ts';

type Item = {path: string; size: number; mark: string; dir: boolean; lower: string};
type Node = {name: string; size: number; mark: string; dir: boolean; children: Map<string, Node>};

const marks = {added: '+', modified: '~', removed: '-'} as const;

function treeLines(items: readonly Item[]): string[] {
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
	const visit = (node: Node, depth: number) => {
		const children = [...node.children.values()].sort((a, b) => b.size - a.size || a.name.localeCompare(b.name));
		for (const child of children) {
			const dir = child.dir || child.children.size > 0;
			lines.push(`${child.mark} ${formatImageSize(child.size).padStart(7)}  ${'  '.repeat(depth)}${sanitizeLine(child.name)}${dir ? '/' : ''}`);
			visit(child, depth + 1);
		}
	};

	visit(root, 0);
	return lines;
}

export type ExplorerView = {heading: string[]; lines: string[]};

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

type Listing = {items: Item[]; all?: string[]; last?: {needle: string; shown: Item[]; lines: string[]}};

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

function filtered(list: Listing, needle: string): {shown: Item[]; lines: string[]} {
	if (needle === '') {
		list.all ??= treeLines(list.items);
		return {shown: list.items, lines: list.all};
	}

	if (list.last?.needle === needle) {
		return list.last;
	}

	const from = list.last && needle.includes(list.last.needle) ? list.last.shown : list.items;
	const shown = from.filter(item => item.lower.includes(needle));
	list.last = {needle, shown, lines: treeLines(shown)};
	return list.last;
}

export function explorerView(scan: ScanResult, step: number, finalView: boolean, filter: string): ExplorerView {
	const needle = filter.toLowerCase();
	const history = scan.steps.find(each => each.step === step);
	const command = sanitizeLine(history?.createdBy ?? '');
	if (finalView) {
		const list = listing(scan, 'final', () => finalFiles(scan.final));
		const {shown, lines} = filtered(list, needle);
		return {heading: [`final filesystem: ${formatImageSize(scan.metrics.finalBytes)} in ${list.items.length} files${needle ? ` · ${shown.length} match "${sanitizeLine(filter)}"` : ''}`], lines};
	}

	if (history?.layer === undefined) {
		return {heading: [`step ${step}: ${command}`, 'this step made no layer (metadata only)'], lines: []};
	}

	const index = history.layer;
	const layer = scan.layers[index]!;
	const list = listing(scan, `layer ${index}`, () => scan.changes[index]!
		.filter(change => !change.isDir || change.kind === 'removed')
		.map(change => ({path: change.path, size: change.size, mark: marks[change.kind], dir: change.isDir, lower: change.path.toLowerCase()})));
	const {shown, lines} = filtered(list, needle);
	return {
		heading: [
			`step ${step}: ${command}`,
			`${formatImageSize(layer.size)} · +${layer.added} added ~${layer.modified} modified -${layer.removed} removed · ${formatImageSize(layer.wastedBytes)} of it wasted later${needle ? ` · ${shown.length} match "${sanitizeLine(filter)}"` : ''}`,
		],
		lines,
	};
}
