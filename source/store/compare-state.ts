// = on two marked images: their comparison (stowage diff's report) as an overlay,
// its lines, and the path filter. Pure.
import {changedPaths, type DiffNode} from '../analysis/image-diff.ts';
import {describeChange, historyLines, signedSize, summaryLine, treeLines, type DiffReport} from '../commands/diff-report.ts';
import type {DiffSource} from '../commands/diff-sources.ts';
import {sanitizeLine} from '../format/sanitize.ts';

export type CompareOverlay = {
	kind: 'compare';
	title: string;
	status: 'running' | 'done' | 'failed';
	report?: DiffReport;
	error?: string;
	filter: string;
	filtering: boolean;
	scroll: number;
	cursor: number;
	/** What the engine saves for each side, and each side's layer keys (to read a changed file). */
	images?: readonly [string, string];
	layerKeys?: readonly [readonly string[], readonly string[]];
	/** One side is a registry tag: where each side's files are read from (Enter). */
	remote?: boolean;
	sources?: readonly [DiffSource, DiffSource];
};

export type CompareAction =
	| {type: 'openCompare'; title: string; remote?: boolean}
	| {type: 'compareDone'; title: string; report: DiffReport; images: readonly [string, string]; layerKeys: readonly [readonly string[], readonly string[]]; sources?: readonly [DiffSource, DiffSource]}
	| {type: 'compareCursor'; delta: number; page: number}
	| {type: 'compareFailed'; title: string; error: string}
	| {type: 'compareFilterStart'}
	| {type: 'compareFilterInput'; text: string}
	| {type: 'compareFilterEnd'; keep: boolean};

const marks = {added: '+', removed: '\u2212', changed: '~'} as const;
type Lines = {lines: string[]; nodes: Array<DiffNode | undefined>};
const linesOf = new WeakMap<DiffReport, {all?: Lines; needle?: string; filtered?: Lines}>();

/** The whole report (history, then the tree), or with a filter the changed paths that contain it; `nodes[i]` is line i's path, if it shows one. */
export function compareLines(report: DiffReport, filter: string): {heading: string[]} & Lines {
	let cached = linesOf.get(report);
	if (!cached) {
		cached = {};
		linesOf.set(report, cached);
	}

	const heading = [summaryLine(report.files.summary), ...report.errors.map(error => `warning: ${sanitizeLine(error)}`)];
	const needle = filter.toLowerCase();
	if (!needle) {
		if (!cached.all) {
			const nodes: DiffNode[] = [];
			const tree = treeLines(report.files.root, nodes);
			const top = [...historyLines(report), '', tree.length === 0 ? 'Files: no differences' : 'Files (largest change first)'];
			cached.all = {lines: [...top, ...tree], nodes: [...top.map(() => undefined), ...nodes]};
		}

		return {heading, ...cached.all};
	}

	if (cached.needle !== needle) {
		const lines: string[] = [];
		const nodes: DiffNode[] = [];
		for (const node of changedPaths(report.files.root)) {
			if (node.path.toLowerCase().includes(needle)) {
				lines.push(`${signedSize(node.delta).padStart(9)}  ${marks[node.change!]} ${sanitizeLine(node.path)}  ${describeChange(node)}`);
				nodes.push(node);
			}
		}

		cached.needle = needle;
		cached.filtered = {lines, nodes};
	}

	return {heading: [...heading, `${cached.filtered!.lines.length} changed paths match "${sanitizeLine(filter)}"`], ...cached.filtered!};
}

type Slice = {overlay: {kind: string}};

export function compareReducer<S extends Slice>(state: S, action: CompareAction): S {
	const overlay = state.overlay.kind === 'compare' ? state.overlay as CompareOverlay : undefined;
	const change = (part: Partial<CompareOverlay>): S => (overlay ? {...state, overlay: {...overlay, ...part}} : state);
	switch (action.type) {
		case 'openCompare': {
			return {...state, overlay: {kind: 'compare', title: action.title, status: 'running', filter: '', filtering: false, scroll: 0, cursor: 0, ...(action.remote ? {remote: true} : {})} satisfies CompareOverlay};
		}

		case 'compareDone':
		case 'compareFailed': {
			if (overlay?.title !== action.title) {
				return state;
			}

			return change(action.type === 'compareDone' ? {status: 'done', report: action.report, images: action.images, layerKeys: action.layerKeys, ...(action.sources ? {sources: action.sources} : {})} : {status: 'failed', error: action.error});
		}

		case 'compareCursor': {
			if (!overlay?.report) {
				return state;
			}

			const count = compareLines(overlay.report, overlay.filter).lines.length;
			const cursor = Math.max(Math.min(overlay.cursor + action.delta, count - 1), 0);
			return change({cursor, scroll: Math.min(Math.max(overlay.scroll, cursor - action.page + 1), cursor)});
		}

		case 'compareFilterStart': {
			return change({filtering: true});
		}

		case 'compareFilterInput': {
			return change({filter: action.text, scroll: 0, cursor: 0});
		}

		case 'compareFilterEnd': {
			return change(action.keep ? {filtering: false} : {filtering: false, filter: '', scroll: 0, cursor: 0});
		}
	}
}
