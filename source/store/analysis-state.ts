// The advisor and the layer explorer: their overlays, the deep scan's result
// for one image at a time (a scan of another image replaces it), and how
// actions change them. Pure.
import type {ScanResult} from '../analysis/image-scan.ts';

export type AdvisorOverlay = {kind: 'advisor'; imageId: string; title: string; lines?: string[]; error?: string; scroll: number};
export type ExplorerOverlay = {
	kind: 'explorer';
	imageId: string;
	title: string;
	/** 1-based history step, oldest first. */
	step: number;
	/** The aggregated final filesystem instead of the step's own changes. */
	finalView: boolean;
	filter: string;
	filtering: boolean;
	scroll: number;
};

export type Analysis = {imageId: string; status: 'running' | 'done' | 'failed' | 'cancelled'; scan?: ScanResult; error?: string};

export type AnalysisAction =
	| {type: 'openAdvisor'; imageId: string; title: string}
	| {type: 'advisorLines'; imageId: string; lines: string[]}
	| {type: 'advisorFailed'; imageId: string; error: string}
	| {type: 'openExplorer'; imageId: string; title: string; step: number}
	| {type: 'explorerToggleFinal'}
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
			return {...state, overlay: {kind: 'explorer', imageId: action.imageId, title: action.title, step: action.step, finalView: false, filter: '', filtering: false, scroll: 0} satisfies ExplorerOverlay};
		}

		case 'explorerToggleFinal': {
			return withExplorer({finalView: !explorer?.finalView, scroll: 0});
		}

		case 'explorerFilterStart': {
			return withExplorer({filtering: true});
		}

		case 'explorerFilterInput': {
			return withExplorer({filter: action.text, scroll: 0});
		}

		case 'explorerFilterEnd': {
			return withExplorer(action.keep ? {filtering: false} : {filtering: false, filter: '', scroll: 0});
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
