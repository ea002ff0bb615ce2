// Two hosts in one terminal: the real binary with -H twice, a copy between them typed as a person would.
import assert from 'node:assert/strict';
import {mkdtempSync} from 'node:fs';
import {after, before, test} from 'node:test';
import {docker} from '../bed/docker-cli.mjs';
import {startEngine, type TestEngine} from '../bed/engine.mjs';
import {SMALL} from '../bed/fixture-names.mjs';
import {testHost} from '../helpers/test-engine.ts';
import {openTerminal, type Terminal} from '../helpers/tmux.ts';

let second: TestEngine | undefined;
let terminal: Terminal | undefined;

const idOn = async (host: string) => (await docker(['image', 'inspect', '--format', '{{.Id}}', SMALL], {host})).stdout.trim();

before(async () => {
	second = await startEngine();
	terminal = await openTerminal(['-H', testHost(), '-H', second.host], {TERM: 'xterm-256color', XDG_STATE_HOME: mkdtempSync('/tmp/stowage-e2e-state-')}, 120, 40);
	await terminal.waitForScreen(screen => screen.includes('Hosts (2)') && /─ Images \d+ /.test(screen), 'both hosts and the first one\'s images');
});

after(async () => {
	await terminal?.close();
	await second?.stop();
});

test('stowage -H A -H B: both hosts side by side; C copies an image to B keeping its ID; ] shows it there', async () => {
	await terminal!.waitForScreen(screen => /▸ unix:\S+ +● connected +\d+ images/.test(screen) && /\n {2}unix:\S+ +● connected +0 images/.test(screen), 'both connected, with their counts');
	await terminal!.keys('/');
	await terminal!.type(SMALL);
	await terminal!.keys('Enter', 'Home', 'C');
	await terminal!.waitForScreen(screen => screen.includes(`Copy ${SMALL}`) && screen.includes('to which host?'), 'the choice of target');
	await terminal!.keys('Enter');
	await terminal!.waitForScreen(screen => screen.includes(`copied to ${second!.host}`), 'the copy done', 20_000);
	assert.equal(await idOn(second!.host), await idOn(testHost()));
	await terminal!.keys(']');
	await terminal!.waitForScreen(screen => screen.split('\n').some(line => line.startsWith(`stowage ${second!.host}`)) && /stowage-z +small/.test(screen), 'the second host on screen, with the copy');
});
