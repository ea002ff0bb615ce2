// The layer explorer and the comparison in a real terminal, typed key by key: walk the
// steps with the cursor kept on a path, the filesystem as of a step, a file read from
// the layer that holds each version, extracted with x; two marked images compared with =.
import assert from 'node:assert/strict';
import {existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs';
import path from 'node:path';
import {after, before, test} from 'node:test';
import {testHost, waitFor} from '../helpers/test-engine.ts';
import {openTerminal, type Terminal} from '../helpers/tmux.ts';
import {loadDiffImages, DIFF_FROM, DIFF_TO} from '../helpers/diff-images.ts';
import {removeNewSince, snapshot, type Snapshot} from '../engine/own-images.ts';

let terminal: Terminal;
let start: Snapshot;
const work = mkdtempSync('/tmp/stowage-e2e-explorer-');
const pause = () => new Promise(resolve => setTimeout(resolve, 120));

async function press(...keys: string[]) {
	for (const key of keys) {
		await terminal.keys(key);
		await pause();
	}
}

before(async () => {
	start = await snapshot();
	await loadDiffImages(work);

	terminal = await openTerminal([], {DOCKER_HOST: testHost(), DOCKER_CONFIG: work, TERM: 'xterm-256color'}, 140, 40);
	await terminal.waitForScreen(screen => /─ Images \d+ /.test(screen), 'the image list');
});

after(async () => {
	await terminal?.close();
	rmSync(work, {recursive: true, force: true});
	await removeNewSince(start, [DIFF_FROM, DIFF_TO]);
});

test('walk the layers on one path, and read each version of a file from its own layer', async () => {
	await press('/');
	await terminal.typeSlowly(DIFF_TO);
	await press('Enter', 'Tab');
	await terminal.waitForScreen(screen => screen.includes('change everything'), 'the history of the image');
	// Newest step first: the top is step 3.
	await press('Home', 'e');
	await terminal.waitForScreen(screen => screen.includes('step 3 of 3') && screen.includes('big.bin'), 'the explorer at step 3', 20_000);
	await press('Left', 'Left');
	await terminal.waitForScreen(screen => screen.includes("step 1 of 3 · the step's changes"), 'step 1');
	await press('f', '/');
	await terminal.typeSlowly('etc/conf');
	await press('Enter', 'End');
	await terminal.waitForScreen(screen => screen.includes('filesystem as of step 1:') && screen.includes('1 match "etc/conf"'), 'the filtered filesystem as of step 1');
	await press('Enter');
	let screen = await terminal.waitForScreen(text => text.includes('/etc/conf as of step 1') && text.includes('colour=red'), 'the base version');
	assert.match(screen, /File stowage-diff\/to:1 · \/etc\/conf · step 1/);
	await press('Escape', 'Right', 'Right');
	await terminal.waitForScreen(text => text.includes('step 3 of 3') && text.includes('filesystem as of the step'), 'step 3, the same view');
	// The cursor stayed on /etc/conf: Enter reads the version step 3 wrote.
	await press('Enter');
	screen = await terminal.waitForScreen(text => text.includes('/etc/conf as of step 3') && text.includes('colour=blu'), 'the changed version');
	assert.doesNotMatch(screen, /colour=red/);
	// x writes that version to a typed path.
	const target = path.join(work, 'conf-out');
	await press('Escape', 'x');
	await terminal.waitForScreen(text => text.includes('Extract /etc/conf as of step 3'), 'the extract form');
	await press('C-u');
	await terminal.typeSlowly(target, 20);
	await press('Enter');
	await terminal.waitForScreen(text => /✓ extract/.test(text) || existsSync(target), 'the extraction', 15_000);
	await waitFor(() => existsSync(target) && readFileSync(target, 'utf8') === 'colour=blu\n', 'the extracted file', 10_000);
	await press('Escape', 'Escape');
	await terminal.waitForScreen(text => !text.includes('Layers '), 'the explorer closed');
});

test('mark two images, = compares them, Enter on a changed file shows its diff', async () => {
	await press('Escape', 'Escape', 'Tab', 'Tab', 'Tab');
	await press('/');
	await terminal.typeSlowly('stowage-diff/');
	await press('Enter', 'Home', 'Space', 'Space', '=');
	let screen = await terminal.waitForScreen(text => text.includes('Files (largest change first)'), 'the comparison', 20_000);
	assert.match(screen, /Compare stowage-diff\/(?:from|to):1 → stowage-diff\/(?:from|to):1/);
	assert.match(screen, /History: 2 steps shared \(1 layer\), parting at step 3/);
	await press('/');
	await terminal.typeSlowly('conf');
	await press('Enter', 'Enter');
	screen = await terminal.waitForScreen(text => text.includes('unified diff') && text.includes('@@ -1 +1 @@'), 'the diff', 15_000);
	assert.match(screen, /[-+]colour=red/);
	await press('Escape', 'Escape');
	await terminal.waitForScreen(text => !text.includes('Compare '), 'the comparison closed');
});
