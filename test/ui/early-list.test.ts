// The controller with an engine that hands over an early list: it is drawn first, and the
// list asked for once the event stream is open replaces it (so nothing changed in between is missed).
import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {ImageSummary} from '../../source/engine/types.ts';
import {startSession} from '../../source/store/session.ts';
import {fakeEngine} from '../helpers/fake-engine.ts';
import {waitFor} from '../helpers/test-engine.ts';

const image = (id: string, tag: string): ImageSummary => ({id: `sha256:${id.padEnd(64, '0')}`, parentId: '', repoTags: [tag], repoDigests: [], created: 1, size: 1, sharedSize: -1, containers: -1});

test('the early list shows first, then the list taken after the event stream opened', async () => {
	const later = [image('bbb', 'app:2'), image('aaa', 'app:1')];
	let answerList: (() => void) | undefined;
	const engine = fakeEngine(later, {});
	const listed: string[] = [];
	Object.assign(engine, {
		takeEarlyImages: () => Promise.resolve([image('aaa', 'app:1')]),
		// The normal list waits until the test has seen the early one.
		listImages: async () => new Promise<ImageSummary[]>(resolve => {
			answerList = () => resolve(later);
		}),
	});
	const session = startSession(engine, 'fake');
	session.store.subscribe(state => {
		listed.push(state.images.map(one => one.repoTags[0]).join(','));
	});
	await waitFor(() => session.store.getState().images.length === 1, 'the early list');
	await waitFor(() => answerList, 'the list after the event stream');
	answerList!();
	await waitFor(() => session.store.getState().images.length === 2, 'the later list');
	assert.equal(listed.find(Boolean), 'app:1');
	session.controller.stop();
});

test('an early list that fails leaves the normal list to report', async () => {
	const engine = fakeEngine([image('aaa', 'app:1')], {});
	Object.assign(engine, {takeEarlyImages: () => Promise.reject(new Error('early failed'))});
	const session = startSession(engine, 'fake');
	await waitFor(() => session.store.getState().images.length === 1, 'the normal list');
	assert.equal(session.store.getState().listError, undefined);
	session.controller.stop();
});
