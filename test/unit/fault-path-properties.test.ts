// Property-based tests (fast-check) of the save and load forms' path checks, against the
// local-files seam (a recording fake: what is at each path is the property's input): any
// typed path is refused with its reason, asked about, or saved/loaded under its resolved name.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import fc from 'fast-check';
import type {FileFacts} from '../../source/engine/local-files.ts';
import type {Dialog} from '../../source/store/dialog.ts';
import {formHandlers} from '../../source/store/dialogs/form-handlers.ts';
import type {JobRunner} from '../../source/store/job-runner.ts';
import {initialState} from '../../source/store/state.ts';
import {createStore} from '../../source/store/store.ts';
import {image, recordingEngine, recordingFiles} from '../helpers/recording-engine.ts';

/** What a person can type in the field: the text field keeps controls and bidi controls out. */
const typedPath = fc.oneof(
	fc.string({unit: fc.constantFrom('/', 'a', '.', '..', ' ', 'é', '*', '~', 'out', '.tar'), maxLength: 10}),
	fc.string({maxLength: 30}),
).map(text => text.replaceAll(/[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g, ''));
const kind = fc.constantFrom<FileFacts['kind'] | undefined>('file', 'directory', 'other', undefined);

async function submit(purpose: 'save' | 'load', typed: string, entries: Record<string, FileFacts>) {
	const store = createStore(initialState('unix:///fake.sock'));
	store.dispatch({type: 'imagesLoaded', images: [image('a1', ['team/app:1'])]});
	const fields = [{name: 'path', label: 'File', value: typed}, ...(purpose === 'load' ? [{name: 'platform', label: 'Platform', value: ''}] : [])];
	store.dispatch({type: 'openDialog', dialog: {kind: 'form', purpose, title: purpose, fields, focus: 0}});
	const started: string[] = [];
	const jobs = {start: async (_kind: string, title: string) => Boolean(started.push(title)), cancel: () => false, cancelAll() {}} as unknown as JobRunner;
	const files = recordingFiles(entries);
	const refuse = (error: string) => store.dispatch({type: 'dialogError', error});
	await formHandlers[purpose]({engine: recordingEngine([]), store, jobs, files, fail: String, refuse, submitPassphrase() {}}, store.getState().dialog as Extract<Dialog, {kind: 'form'}>);
	return {dialog: store.getState().dialog, started, target: files.resolve(typed.trim()), parent: files.resolve(files.resolve(typed.trim()), '..')};
}

test('save: a path is refused (empty, no such directory, a directory, not a file), asked about (a file), or saved to its resolved name', async () => {
	await fc.assert(fc.asyncProperty(typedPath, kind, fc.boolean(), async (typed, at, parentExists) => {
		const files = recordingFiles({});
		const target = files.resolve(typed.trim());
		const parent = files.resolve(target, '..');
		const entries: Record<string, FileFacts> = {};
		if (parentExists) {
			entries[parent] = {kind: 'directory', size: 0};
		}

		if (at) {
			entries[target] = {kind: at, size: 1000};
		}

		const {dialog, started} = await submit('save', typed, entries);
		const error = dialog.kind === 'form' ? dialog.error : undefined;
		if (typed.trim() === '') {
			assert.equal(error, 'type the path of the tar to write');
		} else if (entries[parent]?.kind !== 'directory') {
			assert.equal(error, `no such directory: ${parent}`);
		} else if (entries[target]?.kind === 'directory') {
			assert.equal(error, `${target} is a directory: give a file name (e.g. ${files.resolve(target, 'team_app_1.tar')})`);
		} else if (entries[target]?.kind === 'other') {
			assert.equal(error, `${target} is not a regular file: give the path of a file to write`);
		} else if (entries[target]?.kind === 'file') {
			assert.equal(dialog.kind, 'confirm');
			assert.equal(dialog.kind === 'confirm' && dialog.title, 'Overwrite?');
		} else {
			assert.equal(dialog.kind, 'none');
			assert.deepEqual(started, [`team/app:1 → ${target}`]);
		}

		if (dialog.kind === 'form') {
			assert.deepEqual(started, [], 'nothing saved while the form is open');
		}
	}), {numRuns: 300});
});

test('load: only an existing regular file is loaded; a directory, a special file or a missing one is refused by name', async () => {
	await fc.assert(fc.asyncProperty(typedPath, kind, async (typed, at) => {
		const files = recordingFiles({});
		const source = files.resolve(typed.trim());
		const {dialog, started} = await submit('load', typed, at ? {[source]: {kind: at, size: 10}} : {});
		const error = dialog.kind === 'form' ? dialog.error : undefined;
		const reasons: Record<string, string> = {directory: `${source} is a directory: give the path of a tar made by docker save`, other: `${source} is not a regular file: give the path of a tar made by docker save`, none: `no such file: ${source}`};
		if (typed.trim() === '') {
			assert.equal(error, 'type the path of a tar made by docker save');
		} else if (at === 'file') {
			assert.equal(dialog.kind, 'none');
			assert.deepEqual(started, [source]);
		} else {
			assert.equal(error, reasons[at ?? 'none']);
			assert.deepEqual(started, []);
		}
	}), {numRuns: 300});
});
