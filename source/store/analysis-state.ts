// The advisor and the layer explorer: their overlays, the deep scan's result
// for one image at a time (a scan of another image replaces it), and how
// actions change them. Pure.
import type {ScanResult} from '../analysis/image-scan.ts';
import {explorerView, lineOf} from './explorer-lines.ts';
import type {CompareOverlay} from './compare-state.ts';

export type AdvisorOverlay = {kind: 'advisor'; imageId: string; title: string; lines?: string[]; error?: string; scroll: number};
export type ExplorerOverlay = {
	kind: 'explorer';
	imageId: string;
	/** What the engine saves for it (the image's ID), for reading and extracting files. */
	image?: string;
	title: string;
	/** 1-based history step, oldest first. */
	step: number;
	/** The aggregated filesystem as of the step (dive's aggregated view) instead of the step's own changes. */
	finalView: boolean;
	filter: string;
	filtering: boolean;
	scroll: number;
	/** The line under the cursor (Enter opens it). */
	cursor: number;
};

/** The pager over one file of the explorer's step; Esc goes back to the explorer as it was. */
export type FileOverlay = {
	kind: 'file';
	/** The explorer or the comparison it was opened from. */
	back: ExplorerOverlay | CompareOverlay;
	path: string;
	/** The explorer's step; none for a comparison's diff. */
	step?: number;
	heading?: string[];
	lines?: string[];
	error?: string;
	scroll: number;
};

export type Analysis = {imageId: string; status: 'running' | 'done' | 'failed' | 'cancelled'; scan?: ScanResult; error?: string};

export type AnalysisAction =
	| {type: 'openAdvisor'; imageId: string; title: string}
	| {type: 'advisorLines'; imageId: string; lines: string[]}
	| {type: 'advisorFailed'; imageId: string; error: string}
	| {type: 'openExplorer'; imageId: string; title: string; step: number; image?: string}
	| {type: 'explorerToggleFinal'}
	/** ←/→: the previous or next history step, the view kept on the same path where it exists. */
	| {type: 'explorerStep'; delta: -1 | 1}
	/** Moves the cursor by `delta` lines; `page` is how many rows show, so the cursor stays in view. */
	| {type: 'explorerCursor'; delta: number; page: number}
	| {type: 'openFile'; path: string}
	| {type: 'openCompareFile'; path: string}
	| {type: 'fileLoaded'; path: string; heading: string[]; lines: string[]}
	| {type: 'fileFailed'; path: string; error: string}
	| {type: 'fileClose'}
	| {type: 'explorerFilterStart'}
	| {type: 'explorerFilterInput'; text: string}
	| {type: 'explorerFilterEnd'; keep: boolean}
	| {type: 'scanStarted'; imageId: string}
	| {type: 'scanFinished'; imageId: string; scan?: ScanResult; error?: string; cancelled?: boolean};


type Slice = {overlay: {kind: string}; analysis?: Analysis};

export function analysisReducer<S extends Slice>(state: S, action: AnalysisAction): S {
	const overlay = state.overlay as AdvisorOverlay | ExplorerOverlay | {kind: string};
	const explorer = overlay.kind === 'explorer' ? overlay as ExplorerOverlay : undefined;
	const withExplorer = (change: Partial<ExplorerOverlay>): S => (explorer ? {...state, overlay: {...explorer, ...change}} : state);
	const scan = explorer && state.analysis?.imageId === explorer.imageId ? state.analysis.scan : undefined;
	/** The same explorer at another step or view, scrolled to the path that was at the top. */
	const keepingPath = (change: Pick<ExplorerOverlay, 'step' | 'finalView'>): S => {
		if (!explorer || !scan) {
			return withExplorer({...change, scroll: 0, cursor: 0});
		}

		const old = explorerView(scan, explorer.step, explorer.finalView, explorer.filter);
		const path = old.paths[Math.min(explorer.cursor, old.paths.length - 1)];
		const next = explorerView(scan, change.step, change.finalView, explorer.filter);
		const cursor = lineOf(next, path);
		// The cursor stays on the same screen row where it can.
		return withExplorer({...change, cursor, scroll: Math.max(cursor - (explorer.cursor - explorer.scroll), 0)});
	};
	switch (action.type) {
		case 'openAdvisor': {
			return {...state, overlay: {kind: 'advisor', imageId: action.imageId, title: action.title, scroll: 0} satisfies AdvisorOverlay};
		}

		case 'advisorLines':
		case 'advisorFailed': {
			if (overlay.kind !== 'advisor' || (overlay as AdvisorOverlay).imageId !== action.imageId) {
				return state;
			}

			const change = action.type === 'advisorLines' ? {lines: action.lines, error: undefined} : {error: action.error};
			return {...state, overlay: {...overlay as AdvisorOverlay, ...change}};
		}

		case 'openExplorer': {
			return {...state, overlay: {kind: 'explorer', imageId: action.imageId, image: action.image, title: action.title, step: action.step, finalView: false, filter: '', filtering: false, scroll: 0, cursor: 0} satisfies ExplorerOverlay};
		}

		case 'explorerToggleFinal': {
			return explorer ? keepingPath({step: explorer.step, finalView: !explorer.finalView}) : state;
		}

		case 'explorerStep': {
			if (!explorer || !scan) {
				return state;
			}

			const step = Math.min(Math.max(explorer.step + action.delta, 1), scan.steps.length);
			return step === explorer.step ? state : keepingPath({step, finalView: explorer.finalView});
		}

		case 'explorerFilterStart': {
			return withExplorer({filtering: true});
		}

		case 'explorerFilterInput': {
			return withExplorer({filter: action.text, scroll: 0, cursor: 0});
		}

		case 'explorerFilterEnd': {
			return withExplorer(action.keep ? {filtering: false} : {filtering: false, filter: '', scroll: 0, cursor: 0});
		}

		case 'explorerCursor': {
			if (!explorer || !scan) {
				return state;
			}

			const count = explorerView(scan, explorer.step, explorer.finalView, explorer.filter).lines.length;
			const cursor = Math.max(Math.min(explorer.cursor + action.delta, count - 1), 0);
			const scroll = Math.min(Math.max(explorer.scroll, cursor - action.page + 1), cursor);
			return withExplorer({cursor, scroll});
		}

		case 'openFile': {
			return explorer ? {...state, overlay: {kind: 'file', back: explorer, path: action.path, step: explorer.step, scroll: 0} satisfies FileOverlay} : state;
		}

		case 'openCompareFile': {
			const compare = state.overlay as CompareOverlay;
			return compare.kind === 'compare' ? {...state, overlay: {kind: 'file', back: compare, path: action.path, scroll: 0} satisfies FileOverlay} : state;
		}

		case 'fileLoaded':
		case 'fileFailed': {
			const file = state.overlay as FileOverlay;
			if (file.kind !== 'file' || file.path !== action.path) {
				return state;
			}

			return {...state, overlay: {...file, ...(action.type === 'fileLoaded' ? {heading: action.heading, lines: action.lines} : {error: action.error})}};
		}

		case 'fileClose': {
			const file = state.overlay as FileOverlay;
			return file.kind === 'file' ? {...state, overlay: file.back} : state;
		}

		case 'scanStarted': {
			return {...state, analysis: {imageId: action.imageId, status: 'running'}};
		}

		case 'scanFinished': {
			if (state.analysis?.imageId !== action.imageId) {
				return state;
			}

			return {...state, analysis: {imageId: action.imageId, status: action.scan ? 'done' : action.cancelled ? 'cancelled' : 'failed', scan: action.scan, error: action.error}};
		}
	}
}
