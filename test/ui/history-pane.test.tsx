// The history pane against a fake engine: what it says while nothing, or something not yet loaded, is selected.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {HistoryEntry, ImageSummary} from '../../source/engine/types.ts';
import {fakeEngine} from '../helpers/fake-engine.ts';
import {renderApp} from '../helpers/render-app.tsx';

const image = (n: number, tag: string): ImageSummary => ({
	id: `sha256:${String(n).padStart(64, '0')}`, parentId: '', repoTags: [tag], repoDigests: [], created: 1_700_000_000 - n, size: 1000, sharedSize: -1, containers: 0,
});
const step = (text: string): HistoryEntry => ({id: '<missing>', created: 1_700_000_000, createdBy: text, size: 10, comment: '', tags: []});
const images = [image(1, 'alpha:1'), image(2, 'beta:1')];
const histories = {[images[0]!.id]: [step('RUN make alpha-step')], [images[1]!.id]: [step('RUN make beta-step')]};

test('while a selected row\'s history is on its way the pane says it is loading, not that nothing is selected', async () => {
	const engine = fakeEngine(images, histories, {holdHistory: true});
	const app = renderApp(engine, 120, 40);
	try {
		const frame = await app.waitForFrame(frame => frame.includes('alpha'), 'the images');
		assert.ok(app.store.getState().selectedKey, 'a row is selected');
		assert.match(frame, /Loading history…/);
		assert.doesNotMatch(frame, /No image selected/);
		engine.releaseHistory();
		await app.waitForFrame(frame => frame.includes('alpha-step'), 'the history');
	} finally {
		app.unmount();
	}
});

test('a filter that matches nothing leaves no history on screen: "No image selected."', async () => {
	const app = renderApp(fakeEngine(images, histories), 120, 40);
	try {
		await app.waitForFrame(frame => frame.includes('alpha-step'), 'the first image\'s history');
		await app.filterTo('nothing-matches-this');
		const frame = await app.waitForFrame(frame => frame.includes('No image matches the filter.'), 'the empty list');
		assert.match(frame, /No image selected\./);
		assert.doesNotMatch(frame, /alpha-step/);
		assert.doesNotMatch(frame, /Layer history \(1 step\)/);
	} finally {
		app.unmount();
	}
});
