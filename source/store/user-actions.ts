// Everything a key can ask for beyond browsing, in one object for the UI.
import type {Engine} from '../engine/engine.ts';
import {describeError} from '../engine/describe-error.ts';
import {localFiles, type LocalFiles} from '../engine/local-files.ts';
import {createAnalysisEffects} from './analysis-effects.ts';
import {createCleanup} from './cleanup.ts';
import {createCopy, type Peers} from './copy.ts';
import {answerConfirm, chooseHandlers, type AnswerContext} from './dialogs/answers.ts';
import {formHandlers} from './dialogs/form-handlers.ts';
import {createPassphrasePrompt} from './passphrase.ts';
import type {Controller} from './controller.ts';
import {createJobRunner} from './job-runner.ts';
import {createOperations, rowReference} from './operations.ts';
import type {Store} from './store.ts';
import {selectedRow} from './selectors.ts';
import {createRegistryEffects} from './registry-effects.ts';

export type UserActions = ReturnType<typeof createUserActions>;

export function createUserActions(engine: Engine, store: Store, controller: Controller, peers: Peers = () => [], files: LocalFiles = localFiles) {
	// A finished job changed something (build cache, space): reload rather than wait for events.
	const jobs = createJobRunner(store, engine.endpoint, () => controller.reload());
	const operations = createOperations(engine, store, jobs, files);
	const cleanup = createCleanup(engine, store, jobs);
	const copy = createCopy(engine, store, jobs, peers);
	const passphrase = createPassphrasePrompt(store);
	const registry = createRegistryEffects(engine, store, jobs, files);
	// What every dialog's answer is handled with (dialogs/): one handler a purpose.
	const context: AnswerContext = {
		engine,
		store,
		jobs,
		files,
		fail: error => describeError(error, engine.endpoint),
		refuse: error => store.dispatch({type: 'dialogError', error}),
		cleanup,
		reload: () => controller.reload(),
		copyTo: key => copy.copyToHost(key),
		registry,
	};
	return {
		openPull: operations.openPull,
		openTag: operations.openTag,
		openPush: operations.openPush,
		openSave: operations.openSave,
		openLoad: operations.openLoad,
		openBuild: operations.openBuild,
		openLogin: operations.openLogin,
		openDelete: cleanup.openDelete,
		openPruneDangling: cleanup.openPruneDangling,
		openPruneAll: cleanup.openPruneAll,
		openCopy: copy.openCopy,
		registry,
		askPassphrase: passphrase.askPassphrase,
		...createAnalysisEffects(engine, store, jobs, registry.client),
		/** Enter in a form: its purpose's handler checks the answers, then acts or says what is wrong. */
		async submitForm() {
			const {dialog} = store.getState();
			if (dialog.kind === 'form' && !dialog.busy) {
				await formHandlers[dialog.purpose]({...context, submitPassphrase: passphrase.submitPassphrase}, dialog);
			}
		},
		/** Enter on a pick-one list. */
		choose() {
			const {dialog} = store.getState();
			if (dialog.kind === 'choose') {
				chooseHandlers[dialog.purpose](context, dialog);
			}
		},
		/** y, or the typed word, or the dialog's extra key (force, volumes). */
		confirm(extra: boolean) {
			answerConfirm(context, extra);
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
		/** Cancels the running jobs; resolves once they have cleaned up (a save's temp file removed). */
		async stop() {
			await jobs.cancelAll();
		},
	};
}
