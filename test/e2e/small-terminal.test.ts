// The built binary at 80x24 in tmux: help fits with a scroll hint and scrolls both ways,
// the footer keeps "? help · q quit", and Esc followed at once by a key is two keys.
import assert from 'node:assert/strict';
import {after, before, test} from 'node:test';
import {testHost} from '../helpers/test-engine.ts';
import {openTerminal, type Terminal} from '../helpers/tmux.ts';

let terminal: Terminal;
before(async () => {
	terminal = await openTerminal([], {DOCKER_HOST: testHost(), TERM: 'xterm-256color'}, 80, 24);
	await terminal.waitForScreen(screen => /─ Images \d+ /.test(screen) && screen.includes('Layer history ('), 'the list and its history');
});
after(async () => terminal.close());

const lastLine = (screen: string) => screen.trimEnd().split('\n').at(-1) ?? '';
/** The history pane, title and rows: it follows the selection (capture-pane shows no inverse video). */
function historyOf(screen: string): string {
	const lines = screen.split('\n');
	const start = lines.findIndex(line => line.startsWith('─ Layer history'));
	const end = lines.findIndex((line, index) => index > start && line.startsWith('─'));
	return lines.slice(start, end).join('\n');
}

test('80x24: the footer keeps ? help and q quit; help shows where it is, G reaches its end and k comes back', async () => {
	assert.match(lastLine(await terminal.screen()), /\? help · q quit$/);
	await terminal.keys('?');
	const first = await terminal.waitForScreen(screen => screen.includes('Keys — Esc or ? closes'), 'help');
	const range = /(\d+)–(\d+) of (\d+)/.exec(first);
	assert.ok(range, `a scroll hint on the first page:\n${first}`);
	assert.equal(range[1], '1');
	const total = Number(range[3]);
	assert.ok(total > 24, 'help is longer than the screen here');
	await terminal.keys('G');
	const end = await terminal.waitForScreen(screen => new RegExp(`–${total} of ${total}`).test(screen), 'the last page');
	// The last page is full: a page of help, not a blank one.
	const body = end.split('\n').slice(2, -3).filter(line => line.trim() !== '');
	assert.ok(body.length >= 15, `the last page shows a page of help:\n${end}`);
	const [, from] = /(\d+)–\d+ of/.exec(end)!;
	await terminal.keys('k');
	await terminal.waitForScreen(screen => new RegExp(`${Number(from) - 1}–${total - 1} of ${total}`).test(screen), 'one line back up');
	await terminal.keys('Escape');
	await terminal.waitForScreen(screen => !screen.includes('Keys — Esc or ? closes'), 'help closed');
});

test('Esc then j sent in one write (as a fast typist or a slow link delivers them) is two keys: help closes and the selection moves', async () => {
	await terminal.keys('g');
	const start = historyOf(await terminal.waitForScreen(screen => historyOf(screen).includes('CREATED BY'), 'the first row\'s history'));
	await terminal.keys('?');
	await terminal.waitForScreen(screen => screen.includes('Keys — Esc or ? closes'), 'help');
	await terminal.type('\u001Bj');
	const after = await terminal.waitForScreen(screen => !screen.includes('Keys — Esc or ? closes') && historyOf(screen).includes('CREATED BY') && historyOf(screen) !== start, 'help closed and the next row\'s history');
	assert.ok(!after.includes('Keys —'));
});
