// = on two marked images: their comparison (stowage diff's report) as an overlay,
// its lines, and the path filter. Pure.
import {changedPaths} from '../analysis/image-diff.ts';
import {describeChange, historyLines, signedSize, summaryLine, treeLines, type DiffReport} from '../commands/diff-report.ts';
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
};

export type CompareAction =
	| {type: 'openCompare'; title: string}
	| {type: 'compareDone'; title: string; report: DiffReport}
	| {type: 'compareFailed'; title: string; error: string}
	| {type: 'compareFilterStart'}
	| {type: 'compareFilterInput'; text: string}
	| {type: 'compareFilterEnd'; keep: boolean};

const marks = {added: '+', removed: '\u2212', changed: '~'} as const;
const linesOf = new WeakMap<DiffReport, {all?: string[]; needle?: string; filtered?: string[]}>();

/** The whole report (history, then the tree), or with a filter the changed paths that contain it. */
export function compareLines(report: DiffReport, filter: string): {heading: string[]; lines: string[]} {
	let cached = linesOf.get(report);
	if (!cached) {
		cached = {};
		linesOf.set(report, cached);
	}

	const heading = [summaryLine(report.files.summary), ...report.errors.map(error => `warning: ${sanitizeLine(error)}`)];
	const needle = filter.toLowerCase();
	if (!needle) {
		const tree = treeLines(report.files.root);
		cached.all ??= [...historyLines(report), '', tree.length === 0 ? 'Files: no differences' : 'Files (largest change first)', ...tree];
		return {heading, lines: cached.all};
	}

	if (cached.needle !== needle) {
		const lines: string[] = [];
		for (const node of changedPaths(report.files.root)) {
			if (node.path.toLowerCase().includes(needle)) {
				lines.push(`${signedSize(node.delta).padStart(9)}  ${marks[node.change!]} ${sanitizeLine(node.path)}  ${describeChange(node)}`);
			}
		}

		cached.needle = needle;
		cached.filtered = lines;
	}

	return {heading: [...heading, `${cached.filtered!.length} changed paths match "${sanitizeLine(filter)}"`], lines: cached.filtered!};
}

type Slice = {overlay: {kind: string}};

export function compareReducer<S extends Slice>(state: S, action: CompareAction): S {
	const overlay = state.overlay.kind === 'compare' ? state.overlay as CompareOverlay : undefined;
	const change = (part: Partial<CompareOverlay>): S => (overlay ? {...state, overlay: {...overlay, ...part}} : state);
	switch (action.type) {
		case 'openCompare': {
			return {...state, overlay: {kind: 'compare', title: action.title, status: 'running', filter: '', filtering: false, scroll: 0} satisfies CompareOverlay};
		}

		case 'compareDone':
		case 'compareFailed': {
			if (overlay?.title !== action.title) {
				return state;
			}

			return change(action.type === 'compareDone' ? {status: 'done', report: action.report} : {status: 'failed', error: action.error});
		}

		case 'compareFilterStart': {
			return change({filtering: true});
		}

		case 'compareFilterInput': {
			return change({filter: action.text, scroll: 0});
		}

		case 'compareFilterEnd': {
			return change(action.keep ? {filtering: false} : {filtering: false, filter: '', scroll: 0});
		}
	}
}
