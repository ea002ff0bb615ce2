// o, D and e: the advisor from history (at once), the deep scan as a
// background job (progress, cancel with K), and the layer explorer over its result.
import type {Engine} from '../engine/engine.ts';
import {describeError} from '../engine/describe-error.ts';
import {isAbort} from '../engine/engine-error.ts';
import {incompleteNote} from '../analysis/scan-completeness.ts';
import {formatImageSize} from '../format/size.ts';
import {advisorLines} from './advisor-lines.ts';
import type {JobRunner} from './job-runner.ts';
import {rowReference} from './operations.ts';
import {selectedRow} from './selectors.ts';
import type {Store} from './store.ts';

// Loaded on first use: the scanner and the rules are not needed to draw the first frame.
const loadAdvisor = async () => import('../analysis/rules/advisor.ts');
const loadScanner = async () => import('../analysis/scan-image.ts');

export function createAnalysisEffects(engine: Engine, store: Store, jobs: JobRunner) {
	const {dispatch} = store;

	async function refreshAdvisor(imageId: string) {
		try {
			const [history, inspect, {advise, configFromInspect, inputFromScan, stepsFromHistory}] = await Promise.all([engine.history(imageId), engine.inspect(imageId), loadAdvisor()]);
			const {analysis} = store.getState();
			const scan = analysis?.imageId === imageId ? analysis.scan : undefined;
			const input = scan ? inputFromScan(scan) : {steps: stepsFromHistory(history), ...configFromInspect(inspect)};
			dispatch({type: 'advisorLines', imageId, lines: advisorLines(advise(input), scan)});
		} catch (error) {
			dispatch({type: 'advisorFailed', imageId, error: describeError(error, engine.endpoint)});
		}
	}

	function deepScan(imageId: string, title: string, size?: number) {
		if (store.getState().analysis?.imageId === imageId && store.getState().analysis?.status === 'running') {
			return;
		}

		dispatch({type: 'scanStarted', imageId});
		void jobs.start('scan', title, async (signal, report) => {
			try {
				const {scanEngineImage} = await loadScanner();
				const scan = await scanEngineImage(engine, imageId, (done, total) => report.bytes(done, total), signal, size);
				dispatch({type: 'scanFinished', imageId, scan});
				void refreshAdvisor(imageId);
				const note = incompleteNote(scan);
				return `wasted ${formatImageSize(scan.metrics.wastedBytes)}, efficiency ${(scan.metrics.efficiency * 100).toFixed(1)}%${note ? ` (${note})` : ''}`;
			} catch (error) {
				if (signal.aborted || isAbort(error)) {
					// K: nothing went wrong, and D can start it again.
					dispatch({type: 'scanFinished', imageId, cancelled: true});
					dispatch({type: 'flash', text: 'deep scan cancelled', tone: 'info'});
				} else {
					dispatch({type: 'scanFinished', imageId, error: describeError(error, engine.endpoint)});
				}

				throw error;
			}
		});
	}

	return {
		/** o: the advisor for the selected image. */
		openAdvisor() {
			const row = selectedRow(store.getState());
			if (!row) {
				return;
			}

			dispatch({type: 'openAdvisor', imageId: row.id, title: rowReference(row)});
			void refreshAdvisor(row.id);
		},
		/** D in the advisor or the explorer: scan the image they show. */
		deepScanShown() {
			const {overlay, images} = store.getState();
			if (overlay.kind === 'advisor' || overlay.kind === 'explorer') {
				deepScan(overlay.imageId, overlay.title, images.find(image => image.id === overlay.imageId)?.size);
			}
		},
		/** K in the advisor or the explorer: cancel the running deep scan. */
		cancelScan() {
			const job = store.getState().jobs.find(each => each.kind === 'scan' && each.status === 'running');
			if (job) {
				jobs.cancel(job.id);
			}
		},
		/** e on the history pane: the focused step's files; scans first when the image has not been. */
		exploreStep() {
			const state = store.getState();
			const row = selectedRow(state);
			const entries = state.history.entries;
			if (state.focus !== 'history' || !row || !entries?.length || state.history.imageId !== row.id) {
				dispatch({type: 'flash', text: 'e explores a layer: Tab to the history pane and pick a step first.', tone: 'info'});
				return;
			}

			const step = entries.length - state.history.cursor;
			dispatch({type: 'openExplorer', imageId: row.id, title: rowReference(row), step});
			if (state.analysis?.imageId !== row.id || state.analysis.status === 'failed' || state.analysis.status === 'cancelled') {
				deepScan(row.id, rowReference(row), row.size);
			}
		},
	};
}
