// The built binary in a real terminal (tmux), as a person would use it.
import assert from 'node:assert/strict';
import {after, before, test} from 'node:test';
import {docker} from '../bed/docker-cli.mjs';
import {APP, HOSTILE} from '../bed/fixture-names.mjs';
import {isPodman, testHost} from '../helpers/test-engine.ts';
import {openTerminal, type Terminal} from '../helpers/tmux.ts';

let terminal: Terminal;
before(async () => {
	// Tall enough that every fixture row is on screen at once.
	terminal = await openTerminal([], {DOCKER_HOST: testHost(), TERM: 'xterm-256color'}, 120, 60);
});
after(async () => terminal.close());

/** The images pane's body: from the column header to the next pane title. */
function paneBody(screen: string): string[] {
	const lines = screen.split('\n');
	const start = lines.findIndex(line => /^\s*REPOSITORY\s+TAG\s+IMAGE ID/.test(line));
	const end = lines.findIndex((line, index) => index > start && line.startsWith('─'));
	return lines.slice(start + 1, end);
}

/** Rows shown in the images pane. */
function imageLines(screen: string): string[] {
	return paneBody(screen).map(line => line.trim()).filter(Boolean);
}

test('the rows on screen match `docker images`, column for column', async () => {
	// Podman reports no images size: the pane says unknown where docker's numbers would be.
	const usageLine = isPodman() ? /Images\s+\d+\s+\d+\s+unknown\s+unknown/ : /Images\s+\d+\s+\d+\s+[\d.]+[kMG]?B\s+[\d.]+[kMG]?B \(\d+%\)/;
	const screen = await terminal.waitForScreen(text => /─ Images \d+ /.test(text) && text.includes('Layer history (') && usageLine.test(text), 'the loaded image list, history and disk usage');
	const expected = (await docker(['images', '--format', '{{.Repository}} {{.Tag}} {{.ID}} {{.Size}}'])).stdout.trim().split('\n').sort();
	const shown = imageLines(screen).map(line => {
		// REPOSITORY TAG IMAGE-ID CREATED(words "… ago") SIZE CTRS UNIQUE
		const [repository, tag, id] = line.split(/\s+/);
		const size = /ago\s+(\S+)/.exec(line)?.[1];
		return `${repository} ${tag} ${id} ${size}`;
	}).sort();
	// Every row fits at this size unless the engine holds more than the bed's fixtures.
	const count = Number(/─ Images (\d+) /.exec(screen)![1]);
	assert.equal(count, expected.length, 'the pane counts what docker lists');
	for (const line of shown) {
		assert.ok(expected.includes(line), `"${line}" is a row of docker images`);
	}

	assert.equal(shown.length, Math.min(expected.length, paneBody(screen).length), 'as many rows as fit');
});

test('keys work on the real screen: move, filter, inspect, help, quit', async () => {
	const before = await terminal.screen();
	const title = /Layer history \(\d+ steps?\)/.exec(before)?.[0];
	await terminal.keys('/', ...APP.split(''), 'Enter');
	await terminal.waitForScreen(screen => screen.includes(`filter: ${APP}`) && imageLines(screen).length === 2, 'two stowage-app rows');
	await terminal.waitForScreen(screen => /Layer history \(7 steps\)/.test(screen), 'the app history (7 steps)');
	assert.ok(title);
	await terminal.keys('Enter');
	await terminal.waitForScreen(screen => screen.includes('"RepoTags"'), 'the inspect JSON');
	// A person's two Esc presses are never in one read: wait for each to land.
	await terminal.keys('Escape');
	await terminal.waitForScreen(screen => !screen.includes('"RepoTags"'), 'inspect closed');
	await terminal.keys('?');
	await terminal.waitForScreen(screen => screen.includes('Keys — Esc or ? closes'), 'help');
	await terminal.keys('Escape');
	await terminal.waitForScreen(screen => !screen.includes('Keys — Esc or ? closes'), 'help closed');
	await terminal.keys('Escape');
	await terminal.waitForScreen(screen => !screen.includes('filter:') && imageLines(screen).length > 2, 'the full list again');
});

test('hostile strings are inert on the real screen', async () => {
	await terminal.keys('/', ...HOSTILE.split(''), 'Enter');
	const screen = await terminal.waitForScreen(text => text.includes('^[]0;PWNED-TITLE^G'), 'the neutralized history line');
	assert.notEqual(await terminal.paneTitle(), 'PWNED-TITLE', 'the window title was not changed');
	assert.match(screen, /^stowage /, 'the screen was not cleared: the header is still there');
	await terminal.keys('Escape');
	await terminal.waitForScreen(text => !text.includes('filter:'), 'the filter cleared');
});

test('q quits and gives the terminal back', async () => {
	await terminal.keys('q');
	await terminal.waitForScreen(() => true, 'a screen');
	const deadline = Date.now() + 5000;
	while (await terminal.alive()) {
		assert.ok(Date.now() < deadline, 'stowage exited after q');
		await new Promise(resolve => setTimeout(resolve, 50));
	}

	// Back on the normal screen: nothing of the UI is left.
	await terminal.waitForScreen(screen => !screen.includes('REPOSITORY'), 'the normal screen back');
});
