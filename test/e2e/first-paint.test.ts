// The first frame drawn before the UI is loaded (source/start/first-paint.ts), in a real terminal
// against the real engine: it shows the rows the UI then shows, keys typed while it is up are not
// lost, and the UI's frame replaces it whole. STOWAGE_FIRST_PAINT_MS waits for the list as long as
// it takes here, so the frame is drawn however slow the bed's engine is today.
import assert from 'node:assert/strict';
import {existsSync, readFileSync, rmSync} from 'node:fs';
import {after, test} from 'node:test';
import {askEarly} from '../../source/engine/early-list.ts';
import {earlyListReads} from '../../source/engine/early-list-reads.ts';
import {parseHost} from '../../source/engine/endpoint.ts';
import {testHost, waitFor, withinEngineTime} from '../helpers/test-engine.ts';
import {openTerminal, type Terminal} from '../helpers/tmux.ts';

const rawLog = `/tmp/stowage-first-paint-${process.pid}.log`;
let terminal: Terminal | undefined;
after(async () => {
	await terminal?.close();
	rmSync(rawLog, {force: true});
});

const painterStart = '\u001B[?1049h\u001B[?25l\u001B[H\u001B[J\u001B[1;1H';
const plain = (text: string) => text.replaceAll(/\u001B\[[\d;?]*[a-zA-Z]/g, '');

/** The painted frame's lines, from its writes in the raw log (each line placed at its row). */
function paintedLines(raw: string): string[] {
	const start = raw.indexOf(painterStart);
	const end = raw.indexOf('\u001B[H', start + painterStart.length);
	return raw.slice(start + painterStart.length - '\u001B[1;1H'.length, end).split(/\u001B\[\d+;1H/).slice(1).map(line => plain(line));
}

/** REPOSITORY TAG IMAGE-ID of each row under the images pane's column header. */
function rowKeys(lines: string[]): string[] {
	const header = lines.findIndex(line => /^\s*REPOSITORY\s+TAG\s+IMAGE ID/.test(line));
	const rows: string[] = [];
	for (const line of lines.slice(header + 1)) {
		if (line.startsWith('─') || line.trim() === '') {
			break;
		}

		rows.push(line.trim().split(/\s+/).slice(0, 3).join(' '));
	}

	return rows;
}

test('the list is drawn before the UI is loaded, the UI shows the same rows, and the keys typed meanwhile move its cursor', async () => {
	const early = askEarly(parseHost(testHost()));
	const version = await early?.takeVersion();
	early?.abort();
	// Styles on (the bed turns them off), to see the cursor's row.
	terminal = await openTerminal([], {DOCKER_HOST: testHost(), TERM: 'xterm-256color', FORCE_COLOR: '1', STOWAGE_FIRST_PAINT_MS: '20000'}, 120, 40, rawLog);
	if (!earlyListReads(version)) {
		// This engine lists platforms (or speaks a newer API than stowage pins): the list is asked for
		// again with the UI's own request, so nothing may be drawn from the early one.
		const screen = await terminal.waitForScreen(text => /─ Images \d+ /.test(text) && text.includes('connected'), 'the UI\'s list', withinEngineTime(20_000));
		assert.ok(!readFileSync(rawLog, 'latin1').includes(painterStart), `drawn early on an engine whose early list is not used\n${screen}`);
		return;
	}

	// As soon as the painted frame is out, two ↓ (typed key by key): the UI is not loaded yet.
	await waitFor(() => existsSync(rawLog) && readFileSync(rawLog, 'latin1').includes(painterStart), 'the painted frame', withinEngineTime(20_000), () => existsSync(rawLog) ? JSON.stringify(readFileSync(rawLog, 'latin1').slice(0, 400)) : 'no output');
	const uiBeforeKeys = readFileSync(rawLog, 'latin1').includes('connected');
	await terminal.keys('Down');
	await terminal.keys('Down');
	const screen = await terminal.waitForScreen(text => text.includes('connected · live') && text.includes('Layer history ('), 'the UI with the list and the history', withinEngineTime(20_000));
	const raw = readFileSync(rawLog, 'utf8');
	const painted = paintedLines(raw);
	assert.match(painted[0]!, /^stowage \S+ {2}⠋ connecting/);
	assert.match(painted[1]!, /^─ Images \d+ ─ sort: created ─/);
	// The UI's frame came after the painted one, and replaced it from the top of the screen.
	assert.ok(raw.indexOf('connected · live') > raw.indexOf(painterStart));
	assert.ok(raw.indexOf('\u001B[H\u001B[J', raw.indexOf(painterStart) + painterStart.length) !== -1, 'the UI clears the painted frame');
	const shown = screen.split('\n');
	assert.equal(shown.find(line => line.startsWith('─ Images')), painted[1], 'the same pane title');
	const paintedRows = rowKeys(painted);
	assert.ok(paintedRows.length >= 3, painted.join('\n'));
	assert.deepEqual(rowKeys(shown).slice(0, paintedRows.length), paintedRows, 'the UI shows the rows that were painted, in their order');
	// The cursor is on the third row: neither ↓ was lost or echoed onto the screen.
	const styled = (await terminal.styledScreen()).split('\n');
	const cursorLine = styled.findIndex(line => /\u001B\[(?:\d+;)*7(?:;\d+)*m/.test(line) && !line.includes('─'));
	assert.ok(cursorLine !== -1, `no row drawn inverse\n${JSON.stringify(styled.slice(0, 12), undefined, 1)}`);
	assert.equal(plain(styled[cursorLine]!).trim().split(/\s+/).slice(0, 3).join(' '), paintedRows[2], `the cursor's row${uiBeforeKeys ? ' (the UI was up before the keys: they reached it directly)' : ''}\n${screen}`);
	assert.ok(!screen.includes('^[[B'), 'a key echoed onto the screen');
	await terminal.keys('q');
	await waitFor(() => readFileSync(rawLog, 'utf8').endsWith('\u001B[?1049l') || readFileSync(rawLog, 'utf8').includes('\u001B[?25h\u001B[?1049l') ? true : undefined, 'the terminal given back after q', withinEngineTime(10_000), () => JSON.stringify(readFileSync(rawLog, 'utf8').slice(-200)));
});
