// K on a running deep scan: the scan, its job and the advisor all say it was
// cancelled, never "failed: The operation was aborted". No engine needed.
import assert from 'node:assert/strict';
import {PassThrough} from 'node:stream';
import {test} from 'node:test';
import {render} from 'ink-testing-library';
import React from 'react';
import {describeError} from '../../source/engine/describe-error.ts';
import type {Engine} from '../../source/engine/engine.ts';
import {parseHost} from '../../source/engine/endpoint.ts';
import type {AdvisorOverlay as AdvisorState} from '../../source/store/analysis-state.ts';
import {createAnalysisEffects} from '../../source/store/analysis-effects.ts';
import {createJobRunner} from '../../source/store/job-runner.ts';
import {initialState} from '../../source/store/state.ts';
import {createStore} from '../../source/store/store.ts';
import {overlayPage} from '../../source/store/overlay-page.ts';
import {statusHints} from '../../source/ui/commands/help-lines.ts';
import {AdvisorOverlay} from '../../source/ui/analysis-overlays.tsx';
import {waitFor} from '../helpers/test-engine.ts';

const endpoint = parseHost('unix:///var/run/docker.sock');
const imageId = `sha256:${'a'.repeat(64)}`;

test('an abort is described as cancelled, however the layer below spells it', () => {
	assert.equal(describeError(new DOMException('This operation was aborted', 'AbortError'), endpoint), 'cancelled');
	assert.equal(describeError(Object.assign(new Error('The operation was aborted'), {code: 'ABORT_ERR', name: 'AbortError'}), endpoint), 'cancelled');
	assert.equal(describeError(new Error('something else'), endpoint), 'something else');
});

test('cancelling a deep scan: the job, the scan state and the advisor say cancelled', async () => {
	const store = createStore(initialState(endpoint.url));
	const jobs = createJobRunner(store, endpoint, () => {});
	// A `docker save` stream that never sends a byte: the scan runs until cancelled.
	const engine = {endpoint, exportImage: async () => new PassThrough()} as unknown as Engine;
	const effects = createAnalysisEffects(engine, store, jobs);
	store.dispatch({type: 'openAdvisor', imageId, title: 'app:1'});
	effects.deepScanShown();
	await waitFor(() => store.getState().jobs[0]?.status === 'running' && store.getState().analysis?.status === 'running', 'the scan running');
	effects.cancelScan();
	await waitFor(() => store.getState().jobs[0]?.status !== 'running', 'the scan ended');
	const state = store.getState();
	assert.equal(state.jobs[0]?.status, 'cancelled');
	assert.equal(state.analysis?.status, 'cancelled');
	assert.equal(state.flash?.text, 'deep scan cancelled');
	const shown = {...state, overlay: {...state.overlay as AdvisorState, lines: ['advice']}};
	const {lastFrame, unmount} = render(<AdvisorOverlay overlay={shown.overlay} view={overlayPage(shown)!} hints={statusHints(shown)} analysis={state.analysis} jobs={state.jobs} height={12} width={80}/>);
	assert.doesNotMatch(lastFrame() ?? '', /failed|aborted/);
	assert.match(lastFrame() ?? '', /D deep scan/, 'D offers the scan again');
	unmount();
});
