// The build form's answers checked before a job starts: secrets (each file), the
// builder they need, the target; then what reaches engine.build.
import assert from 'node:assert/strict';
import path from 'node:path';
import {test} from 'node:test';
import type {Engine} from '../../source/engine/engine.ts';
import type {FileFacts, LocalFiles} from '../../source/engine/local-files.ts';
import type {BuildOptions} from '../../source/engine/operations.ts';
import type {Dialog} from '../../source/store/dialog.ts';
import {formHandlers, type FormContext} from '../../source/store/dialogs/form-handlers.ts';
import type {JobRunner} from '../../source/store/job-runner.ts';
import {initialState} from '../../source/store/state.ts';
import {createStore} from '../../source/store/store.ts';

const files: Record<string, FileFacts> = {'/ctx': {kind: 'directory', size: 0}, '/ctx/Dockerfile': {kind: 'file', size: 10}, '/home/me/token': {kind: 'file', size: 5}, '/home/me/dir': {kind: 'directory', size: 0}};

async function submit(answers: Record<string, string>): Promise<{refused?: string; built?: BuildOptions}> {
	const fields = {context: '/ctx', dockerfile: '', tags: 'app:1', builder: 'auto', target: '', secrets: '', noCache: 'no', buildArgs: '', ...answers};
	const dialog: Extract<Dialog, {kind: 'form'}> = {kind: 'form', purpose: 'build', title: 'Build an image', focus: 0, fields: Object.entries(fields).map(([name, value]) => ({name, label: name, value}))};
	const result: {refused?: string; built?: BuildOptions} = {};
	const store = createStore(initialState('unix:///x.sock'));
	store.dispatch({type: 'openDialog', dialog});
	let job: Promise<unknown> | undefined;
	const context = {
		engine: {async build(options: BuildOptions) {
			result.built = options;
			return {imageId: 'sha256:abc', builder: 'buildkit'};
		}} as unknown as Engine,
		store,
		jobs: {start(_kind, _title, body) {
			job = body(new AbortController().signal, {progress() {}, bytes() {}});
			return Promise.resolve(true);
		}} as JobRunner,
		files: {stat: async (file: string) => files[file], resolve: (...parts: string[]) => path.resolve('/home/me', ...parts), env: {}} as unknown as LocalFiles,
		fail: String,
		refuse(error: string) {
			result.refused = error;
		},
		submitPassphrase() {},
	} satisfies FormContext;
	await formHandlers.build(context, dialog);
	await job;
	return result;
}

test('secrets, target and builder reach the build, paths resolved as docker build resolves them', async () => {
	const {built, refused} = await submit({secrets: 'id=tok,src=token', target: 'final', builder: 'buildkit'});
	assert.equal(refused, undefined);
	assert.deepEqual({builder: built?.builder, target: built?.target, secrets: built?.secrets}, {builder: 'buildkit', target: 'final', secrets: [{id: 'tok', src: '/home/me/token'}]});
	assert.equal((await submit({})).built?.target, undefined);
});

test('what is wrong is said, and nothing is built', async () => {
	assert.deepEqual(await submit({secrets: 'id=tok,src=missing'}), {refused: 'secret tok: no such file: /home/me/missing'});
	assert.deepEqual(await submit({secrets: 'id=tok,src=dir'}), {refused: 'secret tok: /home/me/dir is not a file'});
	assert.deepEqual(await submit({secrets: 'id=tok,src=token', builder: 'classic'}), {refused: 'secrets need BuildKit: choose buildkit (or auto) as the builder'});
	assert.deepEqual(await submit({secrets: 'tok'}), {refused: 'secret "tok": unexpected "tok" (expected id=NAME,src=PATH)'});
	assert.match((await submit({target: '2nd stage'})).refused ?? '', /^target "2nd stage": a stage name starts with a letter/);
});
