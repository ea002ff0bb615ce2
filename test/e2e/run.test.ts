// `r` typed as a person types it: a pause at the container's prompt, a command key by key, then
// the keys of the UI again. After `r` the keyboard once went dead (stdin.pause() in the run made
// Node stop the terminal's reads just after the UI's next Ink instance began to listen).
import assert from 'node:assert/strict';
import {afterEach, test} from 'node:test';
import {docker} from '../bed/docker-cli.mjs';
import {APP} from '../bed/fixture-names.mjs';
import {testHost} from '../helpers/test-engine.ts';
import {openTerminal, type Terminal} from '../helpers/tmux.ts';

const pause = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));
let terminal: Terminal | undefined;

afterEach(async () => {
	await terminal?.close();
	terminal = undefined;
});

async function containers(): Promise<string> {
	const result = await docker(['ps', '-a', '--format', '{{.Image}}']);
	assert.equal(result.code, 0, result.stderr);
	return result.stdout.trim();
}

async function openOnApp(): Promise<Terminal> {
	const opened = await openTerminal([], {DOCKER_HOST: testHost(), TERM: 'xterm-256color'}, 120, 40);
	await opened.waitForScreen(screen => /─ Images \d+ /.test(screen), 'the image list');
	await opened.keys('/');
	await opened.typeSlowly(APP);
	await opened.keys('Enter');
	await opened.waitForScreen(text => text.includes(`filter: ${APP}`), 'the app row');
	await opened.keys('g');
	return opened;
}

async function afterRunKeysWork(opened: Terminal): Promise<void> {
	await opened.waitForScreen(text => text.includes('REPOSITORY') && text.includes('exited with code 3'), 'stowage back, with the exit code', 15_000);
	// A person reads the screen for a moment, then uses the keys.
	await pause(400);
	await opened.keys('Escape');
	await opened.waitForScreen(text => !text.includes('filter:'), 'Esc clears the filter');
	await opened.keys('?');
	await opened.waitForScreen(text => text.includes('Keys —'), 'help opens');
	await opened.keys('Escape');
	await opened.waitForScreen(text => !text.includes('Keys —'), 'help closes');
	await opened.keys('q');
	const deadline = Date.now() + 8000;
	while (await opened.alive()) {
		assert.ok(Date.now() < deadline, `q did not quit:\n${await opened.screen()}`);
		await pause(50);
	}
}

test('r at a person\'s pace: wait at the prompt, type key by key, then Esc, ? and q still work', async () => {
	const before = await containers();
	terminal = await openOnApp();
	await terminal.keys('r');
	await terminal.waitForScreen(text => /^\/ #/m.test(text) && !text.includes('REPOSITORY'), 'the container shell', 15_000);
	// The container runs under the image's name, as `docker run NAME` shows it in `docker ps`.
	const started = (await containers()).split('\n').filter(image => !before.split('\n').includes(image));
	assert.equal(started.length, 1, `one new container: ${started.join(', ')}`);
	assert.ok(started[0]!.endsWith(APP), `docker ps shows ${started[0]}, not the image's name`);
	await pause(1000);
	await terminal.typeSlowly('echo hi-$((6*7))');
	await terminal.keys('Enter');
	await terminal.waitForScreen(text => text.includes('hi-42'), 'the command\'s output');
	await pause(500);
	await terminal.typeSlowly('exit 3');
	await terminal.keys('Enter');
	await afterRunKeysWork(terminal);
	assert.equal(await containers(), before, 'the container removed itself');
});

test('r in one burst: the command typed at once, then the UI\'s keys', async () => {
	terminal = await openOnApp();
	await terminal.keys('r');
	await terminal.waitForScreen(text => /^\/ #/m.test(text) && !text.includes('REPOSITORY'), 'the container shell', 15_000);
	await terminal.type('echo from-$((6*7)); exit 3');
	await terminal.keys('Enter');
	await afterRunKeysWork(terminal);
});
