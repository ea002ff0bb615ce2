// = on two marked images through the rendered UI against the real test engine: the
// comparison as an overlay (summary, history, tree of changes), and / on its paths.
import assert from 'node:assert/strict';
import {mkdtempSync, rmSync} from 'node:fs';
import {after, before, test} from 'node:test';
import {keys, renderApp, type RenderedApp} from '../helpers/render-app.tsx';
import {testEngine} from '../helpers/test-engine.ts';
import {loadDiffImages, DIFF_FROM, DIFF_TO} from '../helpers/diff-images.ts';
import {removeNewSince, snapshot, type Snapshot} from '../engine/own-images.ts';

let app: RenderedApp;
let start: Snapshot;
const work = mkdtempSync('/tmp/stowage-ui-compare-');

before(async () => {
	start = await snapshot();
	await loadDiffImages(work);

	app = renderApp(testEngine(), 140, 45);
	await app.waitForFrame(frame => frame.includes('Layer history ('), 'the first frame');
});

after(async () => {
	app.unmount();
	rmSync(work, {recursive: true, force: true});
	await removeNewSince(start, [DIFF_FROM, DIFF_TO]);
});

test('= without two marks says what to do', async () => {
	await app.press('=');
	await app.waitForFrame(frame => frame.includes('= compares two images: mark them with Space first.'), 'the hint');
});

test('Space on two images, then =: the summary, the histories side by side, the tree; / filters the paths', async () => {
	await app.filterTo('stowage-diff/');
	await app.press(keys.home, ' ', ' ', '=');
	let frame = await app.waitForFrame(each => each.includes('Compare stowage-diff/') && each.includes('Files (largest change first)'), 'the comparison', 15_000);
	// The list shows the newest first: whichever is on top is compared to the other.
	const forward = frame.includes(`Compare ${DIFF_FROM} → ${DIFF_TO}`);
	assert.ok(frame.includes(forward ? '+3 files (+12.1kB) \u22125 (\u22128.21kB) ~4 (+300B)' : '+5 files (+8.21kB) \u22123 (\u221212.1kB) ~4 (\u2212300B)'), frame);
	assert.match(frame, /History: 2 steps shared \(1 layer\), parting at step 3/);
	assert.match(frame, /~ {3}conf {2}content/);
	await app.press('/', ...'etc/'.split(''), keys.enter);
	frame = await app.waitForFrame(each => each.includes('1 changed paths match "etc/"'), 'the filter');
	assert.match(frame, /0B {2}~ \/etc\/conf {2}content/);
	assert.match(app.store.getState().jobs.find(job => job.kind === 'compare')?.result ?? '', /files/);
	// Enter on the changed file: the unified diff, each side read from its own image's layer.
	await app.press(keys.enter);
	frame = await app.waitForFrame(each => each.includes('Diff stowage-diff/') && each.includes('unified diff'), 'the diff', 15_000);
	const [old, now] = forward ? ['red', 'blu'] : ['blu', 'red'];
	assert.ok(frame.includes('@@ -1 +1 @@'), frame);
	assert.ok(frame.includes(`-colour=${old}`) && frame.includes(`+colour=${now}`), frame);
	await app.press(keys.escape);
	await app.waitForFrame(each => each.includes('1 changed paths match "etc/"') && !each.includes('Diff '), 'back in the comparison');
	// On a line that is not a changed file, Enter says what it is for.
	await app.press('/', '\u0015', ...'new'.split(''), keys.enter, keys.home, keys.enter);
	await app.waitForFrame(each => each.includes('Enter shows the diff of a changed regular file'), 'the hint');
	await app.press(keys.escape);
	await app.waitForFrame(each => !each.includes('Compare '), 'the comparison closed');
});
