// The whole UI rendered by ink-testing-library, with the real test engine behind it.
import assert from 'node:assert/strict';
import {after, before, describe, test} from 'node:test';
import {docker} from '../bed/docker-cli.mjs';
import {APP, BASE, BIG, HOSTILE, SMALL} from '../bed/fixture-names.mjs';
import {parseHost} from '../../source/engine/endpoint.ts';
import {createDockerEngine} from '../../source/engine/docker-client.ts';
import {selectedRow} from '../../source/store/selectors.ts';
import {registered} from '../../source/ui/commands/registry.ts';
import {keys, renderApp, rowOf, type RenderedApp} from '../helpers/render-app.tsx';
import {isPodman, testEngine, waitFor, withinEngineTime} from '../helpers/test-engine.ts';

describe('the browsing UI on a real engine', () => {
	let app: RenderedApp;

	before(async () => {
		app = renderApp(testEngine());
		await app.waitForFrame(frame => frame.includes(BASE.split(':')[0]!) && frame.includes('Layer history ('), 'the first frame with images and history');
	});
	after(() => app.unmount());

	test('the three panes and the header are on screen', async () => {
		// Podman answers /system/df after the list and the history: wait for it.
		const usageLine = isPodman() ? /Images\s+\d+\s+\d+\s+unknown/ : /Images\s+\d+\s+\d+\s+[\d.]+[kMG]?B/;
		const frame = await app.waitForFrame(text => usageLine.test(text), 'the disk usage');
		assert.match(frame, /stowage unix:\/\/.*\.sock/);
		assert.match(frame, isPodman() ? /Podman \d+\.\d+.*API 1\.\d+/ : /Docker \d+\.\d+.*API 1\.\d+/);
		assert.match(frame, /REPOSITORY\s+TAG\s+IMAGE ID\s+CREATED\s+SIZE/);
		assert.match(frame, /Layer history/);
		// Podman reports no images size: said so instead of 0B.
		assert.match(frame, usageLine);
		assert.ok(rowOf(frame, APP), 'the app fixture row');
	});

	test('arrow keys move the selection and the history follows', async () => {
		await app.press(keys.home);
		const first = selectedRow(app.store.getState())!;
		await app.press(keys.down);
		const second = selectedRow(app.store.getState())!;
		assert.notEqual(second.key, first.key);
		const entries = await testEngine().history(second.id);
		await app.waitForFrame(() => app.store.getState().history.imageId === second.id && app.store.getState().history.entries !== undefined, 'the history of the new selection');
		await app.waitForFrame(frame => frame.includes(`Layer history (${entries.length} step`), 'the history pane to show the new steps');
		await app.press(keys.up);
		assert.equal(selectedRow(app.store.getState())!.key, first.key);
		await app.press('j', 'k');
		assert.equal(selectedRow(app.store.getState())!.key, first.key);
	});

	test('filter as you type; Enter keeps it, Esc clears it', async () => {
		await app.press('/', 's', 't', 'o', 'w', 'a', 'g', 'e', '-', 'A', 'P', 'P');
		await app.waitForFrame(frame => frame.includes('/stowage-APP'), 'the filter line');
		await app.waitForFrame(frame => !rowOf(frame, BASE) && Boolean(rowOf(frame, APP)), 'only stowage-app rows');
		await app.press(keys.enter);
		await app.waitForFrame(frame => frame.includes('filter: stowage-APP'), 'the kept filter');
		assert.ok(!rowOf(app.frame(), BASE));
		await app.press(keys.escape);
		await app.waitForFrame(frame => Boolean(rowOf(frame, BASE)) && !frame.includes('filter:'), 'the filter cleared');
	});

	test('s cycles the sort: size puts the biggest image first', async () => {
		await app.press('s');
		await app.waitForFrame(frame => frame.includes('sort: size'), 'sort by size');
		await app.press(keys.home);
		assert.equal(`${selectedRow(app.store.getState())!.repository}:${selectedRow(app.store.getState())!.tag}`, BIG);
		await app.press('s');
		await app.waitForFrame(frame => frame.includes('sort: name'), 'sort by name');
		await app.press('s');
		await app.waitForFrame(frame => frame.includes('sort: created'), 'sort by created');
	});

	test('u hides and shows untagged images', async () => {
		await app.waitForFrame(frame => frame.includes('<none>'), 'the dangling image');
		await app.press('u');
		await app.waitForFrame(frame => !frame.includes('<none>  <none>') && frame.includes('untagged hidden'), 'untagged hidden');
		await app.press('u');
		await app.waitForFrame(frame => frame.includes('<none>'), 'untagged shown again');
	});

	test('Enter inspects the image: full JSON, scrollable, / searches', async () => {
		await app.filterTo(SMALL);
		await app.press(keys.enter);
		await app.waitForFrame(frame => frame.includes(`Inspect ${SMALL}`) && frame.includes('"Id": "sha256:'), 'the inspect overlay');
		await app.press('/', 'R', 'o', 'o', 't', 'F', 'S');
		await app.waitForFrame(frame => frame.includes('"RootFS"'), 'the search to show RootFS');
		const overlay = () => app.store.getState().overlay;
		await waitFor(() => overlay().kind === 'inspect' && (overlay() as {match: number}).match >= 0, 'the match marked');
		// A term that is nowhere says so, and the page stays.
		await app.press('x', 'y', 'z');
		await app.waitForFrame(frame => frame.includes('not found: RootFSxyz'), 'not found');
		await app.press(keys.backspace, keys.backspace, keys.backspace, keys.enter, keys.pageDown, keys.end);
		await app.press(keys.escape);
		await app.waitForFrame(frame => !frame.includes('Inspect ') && frame.includes('REPOSITORY'), 'the overlay closed');
		await app.press(keys.escape);
		await app.waitForFrame(frame => Boolean(rowOf(frame, BASE)), 'the filter cleared');
	});

	test('? shows help generated from the command registry', async () => {
		await app.press('?');
		await app.waitForFrame(frame => frame.includes('Keys — Esc or ? closes'), 'the help overlay');
		// The help scrolls when it is taller than the screen: read it page by page.
		// A description longer than the screen goes on under itself: read the pages as one text.
		// Each page's lines go where its footer ("31–60 of 180") puts them, so a description
		// that runs over a page's end reads whole.
		const flat = (text: string) => text.replace(/ *\n */g, ' ');
		const help: string[] = [];
		const read = (frame: string) => {
			const lines = frame.split('\n');
			const title = lines.findIndex(line => line.includes('Keys — Esc or ? closes'));
			const footer = lines.findIndex(line => /\d+–\d+ of \d+/.test(line));
			const [, first] = /(\d+)–\d+ of \d+/.exec(lines[footer] ?? '') ?? [];
			assert.ok(title !== -1 && first, `a help page:\n${frame}`);
			for (const [index, line] of lines.slice(title + 1, footer).entries()) {
				help[Number(first) - 1 + index] = line;
			}
		};

		const lists = (command: (typeof registered)[number]) => flat(help.join('\n')).includes(command.description);
		read(app.frame());
		for (let page = 0; page < 12 && !registered.every(command => lists(command)); page++) {
			const before = app.frame();
			await app.press(keys.pageDown);
			read(await app.waitForFrame(frame => frame !== before, 'the next page of help'));
		}

		for (const command of registered) {
			assert.ok(lists(command), `help lists "${command.description}"`);
		}

		assert.ok(help.every(line => !line.endsWith('…')), 'no help line is cut');

		await app.press(keys.escape);
		await app.waitForFrame(frame => frame.includes('REPOSITORY'), 'help closed');
	});

	test('Tab moves focus; the focused history pane scrolls and opens a step in full', async () => {
		await app.filterTo(APP);
		await app.waitForFrame(() => {
			const state = app.store.getState();
			return state.history.entries !== undefined && state.history.imageId === selectedRow(state)?.id && selectedRow(state)?.repository.endsWith('stowage-app') === true;
		}, 'the app history');
		await app.press(keys.tab);
		assert.equal(app.store.getState().focus, 'history');
		await app.press(keys.down, keys.down);
		assert.equal(app.store.getState().history.cursor, 2);
		await app.press(keys.enter);
		await app.waitForFrame(frame => frame.includes('CREATED BY') && frame.includes('Inspect step'), 'the step detail');
		await app.press(keys.escape, keys.shiftTab);
		assert.equal(app.store.getState().focus, 'images');
		await app.press(keys.escape);
	});

	test('y copies the full image ID with OSC 52', async () => {
		const row = selectedRow(app.store.getState())!;
		await app.press('y');
		await app.waitForFrame(frame => frame.includes('Copied'), 'the copied message');
		assert.ok(app.written().includes(`\u001B]52;c;${Buffer.from(row.id).toString('base64')}\u0007`));
	});

	test('hostile strings never reach the terminal raw', async () => {
		await app.filterTo(HOSTILE);
		await app.waitForFrame(frame => frame.includes('^[]0;PWNED-TITLE^G'), 'the hostile history, neutralized');
		await app.press(keys.enter);
		await app.waitForFrame(frame => frame.includes(`Inspect ${HOSTILE}`) && frame.includes('"Id"'), 'inspect of the hostile image');
		await app.press('/', 'e', 'v', 'i', 'l', keys.enter);
		await app.waitForFrame(frame => frame.includes('org.example.evil'), 'the hostile label');
		await app.press(keys.escape, keys.escape);
		assert.doesNotMatch(app.written().replaceAll(/\u001B\]52;c;[A-Za-z\d+/=]*\u0007/g, ''), /\u001B\]|\u001B\[2J|\u0007/);
	});

	test('live: an image tagged by another client appears, and disappears when untagged', async () => {
		await app.filterTo('live');
		await docker(['tag', BASE, 'stowage-live:probe']);
		await app.waitForFrame(frame => Boolean(rowOf(frame, 'stowage-live:probe')), 'the new tag within a second', withinEngineTime(1500));
		await docker(['rmi', 'stowage-live:probe']);
		await app.waitForFrame(frame => !rowOf(frame, 'stowage-live:probe'), 'the tag gone within a second', withinEngineTime(1500));
		await app.press(keys.escape);
	});

	test('any terminal size draws: 80x24, 60x15, and back', async () => {
		app.resize(80, 24);
		await app.waitForFrame(frame => frame.split('\n').length <= 24 && frame.includes('REPOSITORY') && frame.includes('Disk usage'), '80x24');
		app.resize(60, 15);
		await app.waitForFrame(frame => frame.split('\n').length <= 15 && frame.includes('Images') && frame.includes('Disk usage:'), '60x15');
		await app.press(keys.down, keys.pageDown, 'G', 'g');
		app.resize(170, 45);
		// Wide: history sits beside the list, on the same title row.
		await app.waitForFrame(frame => /Images.*Layer history/.test(frame) && frame.includes('RECLAIMABLE'), '170x45, side by side');
	});

	test('a running job shows its elapsed time counting up, each second', async () => {
		app.resize(120, 40);
		app.store.dispatch({type: 'jobStarted', id: 900, kind: 'pull', title: 'elapsed/clock:test', at: Date.now()});
		await app.waitForFrame(frame => /elapsed\/clock:test.*\(Less than a second\)/.test(frame), 'the job, just started');
		await app.waitForFrame(frame => /elapsed\/clock:test.*\(2 seconds\)/.test(frame), 'two seconds later', 5000);
		app.store.dispatch({type: 'jobFinished', id: 900, status: 'cancelled', error: 'cancelled', at: Date.now()});
	});
});

test('an unreachable engine is explained, retried, and q still quits', async () => {
	const app = renderApp(createDockerEngine(parseHost('unix:///tmp/stowage-no-such.sock')), 100, 30);
	try {
		const flat = () => app.frame().replaceAll(/\s+/g, ' ');
		await app.waitForFrame(() => flat().includes('Cannot reach the Docker engine at unix:///tmp/stowage-no-such.sock') && flat().includes('no socket at /tmp/stowage-no-such.sock') && flat().includes('--host URL'), 'the explanation');
		assert.match(app.frame(), /Retrying in \d+s/);
		await app.press('q');
	} finally {
		app.unmount();
	}
});
