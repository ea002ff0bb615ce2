// The layer explorer's text: a step's changes (or the final filesystem) as a
// tree, each directory with the bytes under it, largest first. Pure.
import type {ScanResult} from '../analysis/image-scan.ts';
import {walk} from '../analysis/file-tree.ts';
import {formatImageSize} from '../format/size.ts';
import {sanitizeLine} from '../format/sanitize.ts';

type Item = {path: string; size: number; mark: string; dir: boolean};
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

export function explorerView(scan: ScanResult, step: number, finalView: boolean, filter: string): ExplorerView {
	const needle = filter.toLowerCase();
	const keep = (item: Item) => needle === '' || item.path.toLowerCase().includes(needle);
	const history = scan.steps.find(each => each.step === step);
	const command = sanitizeLine(history?.createdBy ?? '');
	if (finalView) {
		const items: Item[] = [];
		for (const [path, node] of walk(scan.final, '/')) {
			if (!node.dir) {
				items.push({path, size: node.size, mark: ' ', dir: false});
			}
		}

		const shown = items.filter(item => keep(item));
		return {heading: [`final filesystem: ${formatImageSize(scan.metrics.finalBytes)} in ${items.length} files${needle ? ` · ${shown.length} match "${sanitizeLine(filter)}"` : ''}`], lines: treeLines(shown)};
	}

	if (history?.layer === undefined) {
		return {heading: [`step ${step}: ${command}`, 'this step made no layer (metadata only)'], lines: []};
	}

	const layer = scan.layers[history.layer]!;
	const items = scan.changes[history.layer]!.filter(change => !change.isDir || change.kind === 'removed').map(change => ({path: change.path, size: change.size, mark: marks[change.kind], dir: change.isDir}));
	const shown = items.filter(item => keep(item));
	return {
		heading: [
			`step ${step}: ${command}`,
			`${formatImageSize(layer.size)} · +${layer.added} added ~${layer.modified} modified -${layer.removed} removed · ${formatImageSize(layer.wastedBytes)} of it wasted later${needle ? ` · ${shown.length} match "${sanitizeLine(filter)}"` : ''}`,
		],
		lines: treeLines(shown),
	};
}
