// o, D, e, / and f through the rendered UI against the real test engine.
import assert from 'node:assert/strict';
import {mkdtempSync, readdirSync, rmSync, statSync} from 'node:fs';
import path from 'node:path';
import {after, before, test} from 'node:test';
import {keys, renderApp, type RenderedApp} from '../helpers/render-app.tsx';
import {isPodman, testEngine, waitFor} from '../helpers/test-engine.ts';
import {buildAnalysisImages, CLEAN, WASTEFUL} from '../engine/analysis-images.ts';
import {removeNewSince, snapshot, type Snapshot} from '../engine/own-images.ts';

let app: RenderedApp;
let start: Snapshot;

before(async () => {
	start = await snapshot();
	await buildAnalysisImages();
	app = renderApp(testEngine(), 140, 45);
	await app.waitForFrame(frame => frame.includes('Layer history ('), 'the first frame');
});

after(async () => {
	app.unmount();
	await removeNewSince(start, [WASTEFUL, CLEAN]);
});

test('o: advice from the history at once; D: the deep scan as a job, then exact paths and bytes', async () => {
	await app.filterTo(WASTEFUL);
	await app.press('o');
	await app.waitForFrame(frame => frame.includes(`Advisor ${WASTEFUL}`) && frame.includes('DL3009') && frame.includes('From the history alone'), 'advice from history');
	// From the history alone the bound is the step's layer size: Podman counts the layer
	// tar (headers and padding), dockerd the files; the deep scan gives 120kB on both.
	assert.match(app.frame(), isPodman() ? /DL3009 {2}apt lists left in the layer · up to 124kB/ : /DL3009 {2}apt lists left in the layer · up to 120kB/);
	await app.press('D');
	const frame = await app.waitForFrame(each => each.includes('deep scan done') && each.includes('/var/lib/apt/lists 120kB left by step 9'), 'the scan result', 15_000);
	assert.match(frame, /DL3009 {2}apt lists left in the layer · 120kB/);
	assert.match(frame, /wasted 700kB \(dive counts 600kB\)/);
	const job = app.store.getState().jobs.find(each => each.kind === 'scan')!;
	assert.equal(job.status, 'done');
	assert.match(job.result ?? '', /wasted 700kB/);
	await app.press(keys.escape);
	await app.waitForFrame(each => !each.includes('Advisor'), 'the advisor closed');
});

test('e on a history step: its files by size, / filters, f shows the final filesystem', async () => {
	await app.filterTo(WASTEFUL);
	await app.press(keys.tab);
	await app.waitForFrame(() => app.store.getState().focus === 'history', 'history focused');
	// The newest step first: step 9, the fake apt-get update.
	await app.press('e');
	let frame = await app.waitForFrame(each => each.includes('step 9: /bin/sh -c apt-get update && apt-get install -y curl || true') && each.includes('deb.debian.org_dists_InRelease'), 'the explorer');
	assert.match(frame, /\+ {3}120kB {10}deb\.debian\.org_dists_InRelease/);
	assert.match(frame, / {4}120kB {2}var\//);
	// Step 7 removed a whole directory.
	await app.press(keys.escape, keys.down, keys.down, 'e');
	frame = await app.waitForFrame(each => each.includes('step 7: /bin/sh -c rm -rf /build'), 'step 7');
	assert.match(frame, /- {3}200kB {2}build\//);
	await app.press(keys.escape, keys.home, 'e', 'f');
	frame = await app.waitForFrame(each => each.includes('Layers') && each.includes('final filesystem:'), 'the final filesystem');
	assert.match(frame, /final filesystem: [\d.]+MB in \d+ files/);
	await app.press('/', ...'overwritten'.split(''), keys.enter);
	frame = await app.waitForFrame(each => each.includes('1 match "overwritten"'), 'the filter');
	// The final copy only: 100kB, not the 200kB step 4 wrote.
	assert.match(frame, / {3}100kB {2}overwritten/);
	await app.press('/', '\u0015', ...'-then-'.split(''), keys.enter);
	await app.waitForFrame(each => each.includes('0 match "-then-"'), 'a deleted file is not in the final filesystem');
	await app.press(keys.escape);
	await app.waitForFrame(each => !each.includes('Layers '), 'the explorer closed');
});

test('in the explorer, ← and → (or [ and ]) walk the history; f shows the filesystem as of the step', async () => {
	await app.filterTo(WASTEFUL);
	await app.press(keys.tab);
	await app.waitForFrame(() => app.store.getState().focus === 'history', 'history focused');
	// Newest first: Home is step 9, seven down is step 2, which adds /added-then-deleted.
	await app.press(keys.home, ...Array.from({length: 7}, () => keys.down), 'e');
	let frame = await app.waitForFrame(each => each.includes('step 2: /bin/sh -c dd if=/dev/zero of=/added-then-deleted') && each.includes('added-then-deleted'), 'step 2');
	assert.match(frame, /Layers stowage-analyze\/wasteful:1 · step 2 of 9 · the step's changes/);
	await app.press('f');
	frame = await app.waitForFrame(each => each.includes('filesystem as of step 2:'), 'the filesystem as of step 2');
	assert.match(frame, / {3}300kB {2}added-then-deleted/);
	await app.press(keys.right);
	frame = await app.waitForFrame(each => each.includes('filesystem as of step 3:'), 'step 3, still aggregated');
	// Deleted by step 3: gone from the filesystem as of it.
	assert.doesNotMatch(frame, /300kB {2}added-then-deleted/);
	await app.press(']', ']');
	await app.waitForFrame(each => each.includes('filesystem as of step 5:'), 'step 5');
	await app.press('/', ...'overwritten'.split(''), keys.enter);
	frame = await app.waitForFrame(each => each.includes('1 match "overwritten"'), 'the filter at step 5');
	assert.match(frame, / {3}100kB {2}overwritten/);
	// The filter stays as the steps change: step 4 wrote the first, bigger copy.
	await app.press(keys.left);
	frame = await app.waitForFrame(each => each.includes('filesystem as of step 4:') && each.includes('1 match "overwritten"'), 'step 4, filtered');
	assert.match(frame, / {3}200kB {2}overwritten/);
	await app.press('/', '\u0015', keys.enter, '[', keys.left, keys.left, keys.left, keys.left);
	await app.waitForFrame(each => each.includes('step 1 of 9') && each.includes('filesystem as of step 1:'), 'the oldest step, no further');
	await app.press('f');
	await app.waitForFrame(each => each.includes("step 1 of 9 · the step's changes"), "back to the step's changes");
	await app.press(keys.escape);
	await app.waitForFrame(each => !each.includes('Layers '), 'the explorer closed');
});

test('Enter in the explorer reads the file under the cursor from its layer; a deleted path says which step deleted it; Esc goes back', async () => {
	await app.filterTo(WASTEFUL);
	await app.press(keys.tab);
	await app.waitForFrame(() => app.store.getState().focus === 'history', 'history focused');
	// Step 8 wrote the fake apt-get, a shell script: bin/ then apt-get.
	await app.press(keys.home, keys.down, 'e');
	await app.waitForFrame(each => each.includes('step 8 of 9') && each.includes('apt-get'), 'step 8');
	await app.press(keys.down, keys.enter);
	let frame = await app.waitForFrame(each => each.includes('File stowage-analyze/wasteful:1 · /bin/apt-get · step 8') && each.includes('mkdir -p /var/lib/apt/lists'), 'the script in the pager');
	assert.match(frame, /\/bin\/apt-get as of step 8 · 1\d\dB · mode 0\d{3} · text/);
	assert.match(frame, /#!\/bin\/sh/);
	await app.press(keys.escape);
	frame = await app.waitForFrame(each => each.includes('step 8 of 9') && !each.includes('File '), 'back in the explorer');
	assert.equal((app.store.getState().overlay as {cursor: number}).cursor, 1);
	// Step 3 deleted /added-then-deleted.
	await app.press(...Array.from({length: 5}, () => keys.left));
	await app.waitForFrame(each => each.includes('step 3 of 9') && each.includes('added-then-deleted'), 'step 3');
	await app.press(keys.home, keys.enter);
	await app.waitForFrame(each => each.includes('/added-then-deleted was deleted by step 3 (a whiteout)'), 'the whiteout named');
	// The busybox binary of the base, in the filesystem as of step 1: hex, first and last parts.
	await app.press(keys.left, keys.left, 'f', '/', ...'bin/busybox'.split(''), keys.enter);
	await app.waitForFrame(each => each.includes('filesystem as of step 1:') && each.includes('1 match "bin/busybox"'), 'busybox as of step 1');
	await app.press(keys.end, keys.enter);
	frame = await app.waitForFrame(each => each.includes('/bin/busybox as of step 1'), 'busybox in the pager', 15_000);
	assert.match(frame, /binary, as hex · first 262kB and last 65\.5kB shown/);
	assert.match(frame, /00000000 {2}7f 45 4c 46/);
	await app.press(keys.escape, keys.escape);
	await app.waitForFrame(each => !each.includes('Layers '), 'the explorer closed');
});

test('x extracts the path under the cursor as of the step to a typed path, and asks before overwriting', async () => {
	const work = mkdtempSync('/tmp/stowage-ui-extract-');
	try {
		await app.filterTo(WASTEFUL);
		await app.press(keys.tab);
		await app.waitForFrame(() => app.store.getState().focus === 'history', 'history focused');
		// Step 5 rewrote /overwritten with 100kB; as of step 4 it holds the first 200kB.
		await app.press(keys.home, ...Array.from({length: 5}, () => keys.down), 'e');
		await app.waitForFrame(each => each.includes('step 4 of 9') && each.includes('overwritten'), 'step 4');
		const target = path.join(work, 'out');
		await app.press('x');
		await app.waitForFrame(each => each.includes('Extract /overwritten as of step 4'), 'the extract form');
		await app.press('\u0015', ...target.split(''), keys.enter);
		await waitFor(() => app.store.getState().jobs.find(job => job.kind === 'extract' && job.status === 'done'), 'the extraction', 15_000);
		assert.equal(statSync(target).size, 200_000);
		assert.match(app.store.getState().jobs.find(job => job.kind === 'extract')!.result ?? '', /^1 files \(200kB\)/);
		// Again, after the step that rewrote it: asked first, then replaced.
		await app.press(keys.right, 'x');
		await app.waitForFrame(each => each.includes('Extract /overwritten as of step 5'), 'the extract form again');
		await app.press('\u0015', ...target.split(''), keys.enter);
		await app.waitForFrame(each => each.includes('Overwrite?') && each.includes('200kB'), 'the overwrite question');
		await app.press('y');
		await waitFor(() => app.store.getState().jobs.filter(job => job.kind === 'extract' && job.status === 'done').length === 2, 'the second extraction', 15_000);
		assert.equal(statSync(target).size, 100_000);
		assert.deepEqual(readdirSync(work), ['out']);
		await app.press(keys.escape);
		await app.waitForFrame(each => !each.includes('Layers '), 'the explorer closed');
	} finally {
		rmSync(work, {recursive: true, force: true});
	}
});

test('e away from the history pane says where to go', async () => {
	await app.press(keys.escape, keys.escape);
	for (let tries = 0; tries < 4 && app.store.getState().focus !== 'images'; tries++) {
		await app.press(keys.tab);
	}

	await app.press('e');
	await app.waitForFrame(frame => frame.includes('on the history pane: Tab to it.'), 'the hint');
});
