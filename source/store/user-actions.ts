// Everything a key can ask for beyond browsing, in one object for the UI.
import type {Engine} from '../engine/engine.ts';
import {describeError} from '../engine/describe-error.ts';
import {createAnalysisEffects} from './analysis-effects.ts';
import {createCleanup} from './cleanup.ts';
import {createCopy, type Peers} from './copy.ts';
import {createPassphrasePrompt} from './passphrase.ts';
import {acceptHostKey} from '../engine/ssh/host-keys.ts';
import type {Controller} from './controller.ts';
import {createJobRunner} from './job-runner.ts';
import {createOperations} from './operations.ts';
import type {Store} from './store.ts';
import {selectedRow} from './selectors.ts';
import {rowReference} from './operations.ts';

export type UserActions = ReturnType<typeof createUserActions>;

export function createUserActions(engine: Engine, store: Store, controller: Controller, peers: Peers = () => []) {
	// A finished job changed something (build cache, space): reload rather than wait for events.
	const jobs = createJobRunner(store, engine.endpoint, () => controller.reload());
	const operations = createOperations(engine, store, jobs);
	const cleanup = createCleanup(engine, store, jobs);
	const copy = createCopy(engine, store, jobs, peers);
	const passphrase = createPassphrasePrompt(store);
	return {
		...operations,
		...cleanup,
		...copy,
		askPassphrase: passphrase.askPassphrase,
		async submitForm() {
			const {dialog} = store.getState();
			if (dialog.kind === 'form' && dialog.purpose === 'passphrase') {
				passphrase.submitPassphrase();
				return;
			}

			await operations.submitForm();
		},
		...createAnalysisEffects(engine, store, jobs),
		/** Enter on a pick-one list: what it was asked for. */
		choose() {
			const {dialog} = store.getState();
			if (dialog.kind === 'choose') {
				if (dialog.purpose === 'copyTo') {
					copy.chooseCopyTarget();
				} else {
					operations.chooseTag();
				}
			}
		},
		/** y, or the typed word, or the dialog's extra key (force, volumes). */
		confirm(extra: boolean) {
			const {dialog} = store.getState();
			if (dialog.kind !== 'confirm') {
				return;
			}

			if (dialog.payload.kind === 'overwrite') {
				operations.confirmOverwrite(dialog.payload);
				return;
			}

			if (dialog.payload.kind === 'acceptHostKey') {
				store.dispatch({type: 'closeDialog'});
				try {
					acceptHostKey(dialog.payload.details);
				} catch (error) {
					store.dispatch({type: 'flash', text: `cannot add the host key: ${describeError(error, engine.endpoint)}`, tone: 'error'});
					return;
				}

				store.dispatch({type: 'flash', text: `Added the host key to ${dialog.payload.details.knownHostsFile}`, tone: 'info'});
				controller.reload();
				return;
			}

			cleanup.confirmed(dialog.payload, extra);
		},
		cancelJob() {
			const {jobs: list, jobCursor} = store.getState();
			const job = list[jobCursor];
			if (!job || job.status !== 'running') {
				store.dispatch({type: 'flash', text: 'No running job here to cancel.', tone: 'error'});
				return;
			}

			jobs.cancel(job.id);
		},
		/** r: the UI leaves the screen to the container and comes back when it exits (run-ui.tsx). */
		requestRun() {
			const row = selectedRow(store.getState());
			if (row) {
				// By name where it has one, as `docker run NAME` does, so `docker ps` shows the name, not an ID.
				store.dispatch({type: 'runRequest', request: {image: row.untagged ? row.id : rowReference(row), title: rowReference(row)}});
			}
		},
		/** Called by run-ui with the terminal free: runs, then reports how it went. */
		async runRequested(terminal: {stdin: NodeJS.ReadStream; stdout: NodeJS.WriteStream}) {
			const request = store.getState().runRequest;
			store.dispatch({type: 'runRequest'});
			if (!request) {
				return;
			}

			try {
				const code = await engine.runInteractive(request.image, terminal);
				store.dispatch({type: 'flash', text: `${request.title} exited with code ${code}; its container was removed (--rm)`, tone: code === 0 ? 'info' : 'error'});
			} catch (error) {
				store.dispatch({type: 'flash', text: `cannot run ${request.title}: ${describeError(error, engine.endpoint)}`, tone: 'error'});
			}
		},
		stop() {
			jobs.cancelAll();
		},
	};
}
