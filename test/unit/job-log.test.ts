import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {Engine} from '../../source/engine/engine.ts';
import {createController} from '../../source/store/controller.ts';
import {initialState} from '../../source/store/state.ts';
import {createStore} from '../../source/store/store.ts';

test('a job log opened while the job runs keeps up with it, and says when it ends', () => {
	const store = createStore({...initialState('unix:///x.sock'), focus: 'jobs'});
	// inspectJob reads only the store: an engine that is never called.
	const controller = createController({} as Engine, store);
	store.dispatch({type: 'jobStarted', id: 7, kind: 'build', title: 'team/app:dev', at: 0});
	store.dispatch({type: 'jobProgress', id: 7, messages: [{stream: 'Step 1/2 : FROM base\n'}]});
	controller.inspectJob();
	const lines = () => {
		const {overlay} = store.getState();
		assert.equal(overlay.kind, 'inspect');
		return overlay.kind === 'inspect' ? overlay : undefined;
	};

	assert.ok(lines()!.lines!.includes('Step 1/2 : FROM base'));
	store.dispatch({type: 'jobProgress', id: 7, messages: [{stream: 'Step 2/2 : RUN make\n'}]});
	assert.ok(lines()!.lines!.includes('Step 2/2 : RUN make'), 'a line that arrived after opening');
	// Another job's progress leaves this log alone.
	store.dispatch({type: 'jobStarted', id: 8, kind: 'pull', title: 'other:1', at: 0});
	store.dispatch({type: 'jobProgress', id: 8, messages: [{status: 'other line'}]});
	assert.ok(!lines()!.lines!.includes('other line'));
	store.dispatch({type: 'jobFinished', id: 7, status: 'done', result: 'built sha256:abc', at: 5});
	assert.equal(lines()!.title, 'build team/app:dev (done)');
	assert.ok(lines()!.lines!.includes('RESULT   built sha256:abc'));
});
