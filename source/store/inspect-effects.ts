// Enter on a pane: the selected image's full JSON, a history step in full, a job's log.
import type {Engine} from '../engine/engine.ts';
import {describeError} from '../engine/describe-error.ts';
import {boundJson} from '../format/clip.ts';
import {selectedRow} from './selectors.ts';
import {stepLines} from './step-lines.ts';
import type {Store} from './store.ts';

/** What inspect shows of one object (its labels) and one string (a label's value); the rest is said to be cut. */
const inspectBounds = {entries: 2000, chars: 4000};

export function createInspectEffects(engine: Engine, store: Store) {
	const {dispatch} = store;
	const fail = (error: unknown) => describeError(error, engine.endpoint);
	return {
		inspectSelected() {
			const row = selectedRow(store.getState());
			if (!row) {
				return;
			}

			const title = row.untagged ? row.shortId : `${row.repository}:${row.tag}`;
			dispatch({type: 'openInspect', title: row.platform ? `${title} ${row.platform.name}` : title, wrap: false});
			engine.inspect(row.id, row.platform?.manifest.platform).then(
				// 100,000 labels or a label of a megabyte: the first of them and a note of how many or how big, laid out at once.
				document => dispatch({type: 'inspectLoaded', lines: JSON.stringify(boundJson(document, inspectBounds), null, 2).split('\n')}),
				(error: unknown) => dispatch({type: 'inspectFailed', error: fail(error)}),
			);
		},
		inspectJob() {
			const {jobs, jobCursor} = store.getState();
			const job = jobs[jobCursor];
			if (job) {
				dispatch({type: 'openJobLog', id: job.id});
			}
		},
		inspectStep() {
			const {history} = store.getState();
			// Not a step of the previous image while the selection's history is loading.
			const entry = history.imageId === selectedRow(store.getState())?.historyKey ? history.entries?.[history.cursor] : undefined;
			if (!entry) {
				return;
			}

			dispatch({type: 'openInspect', title: `step ${history.entries!.length - history.cursor} of ${history.entries!.length}`, wrap: true});
			dispatch({type: 'inspectLoaded', lines: stepLines(entry)});
		},
	};
}
