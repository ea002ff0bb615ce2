// The command registry and the key owner's walk, as data: no render, no engine.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {Key} from 'ink';
import type {Action} from '../../source/store/actions.ts';
import {reducer} from '../../source/store/reducer.ts';
import {initialState, type State} from '../../source/store/state.ts';
import {modes} from '../../source/ui/commands/command.ts';
import {candidates, elsewhere} from '../../source/ui/commands/dispatch.ts';
import {helpLines, helpSections, keyLabels, statusHints, dialogHints} from '../../source/ui/commands/help-lines.ts';
import {keyPresses, noKey} from '../../source/ui/commands/key-press.ts';
import {commands, registered, tables} from '../../source/ui/commands/registry.ts';

const key = (over: Partial<Key> = {}): Key => ({...noKey, ...over});
const run = (actions: Action[], state: State = initialState('unix:///x.sock')) => actions.reduce(reducer, state);
const image = (n: number, tags: string[]) => ({id: `sha256:${String(n).repeat(64)}`, parentId: '', repoTags: tags, repoDigests: [], created: n, size: n, sharedSize: 0, virtualSize: n, containers: 0, labels: {}});
const list = run([{type: 'imagesLoaded', images: [image(1, ['a:1']), image(2, ['b:1'])]}]);
const first = (state: State, input: string, pressed: Key = key()) => candidates(state, input, pressed).next().value?.id;

const probes: Array<[string, Key]> = [
	...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ/?[] '.split('').map(char => [char, key()] as [string, Key]),
	...'acdekruw'.split('').map(char => [char, key({ctrl: true})] as [string, Key]),
	['', key({upArrow: true})], ['', key({downArrow: true})], ['', key({leftArrow: true})], ['', key({rightArrow: true})],
	['', key({return: true})], ['', key({escape: true})], ['', key({tab: true})], ['', key({tab: true, shift: true})],
	['', key({pageUp: true})], ['', key({pageDown: true})], ['', key({home: true})], ['', key({end: true})], ['', key({delete: true})],
];

test('every command has keys and words, and no id is in two tables', () => {
	const ids = tables.flatMap(table => Object.keys(table));
	assert.equal(new Set(ids).size, ids.length, 'an id in two tables: one would hide the other');
	assert.equal(registered.length, ids.length);
	for (const command of registered) {
		assert.ok(command.keys.length > 0, `${command.id} has keys`);
		assert.ok(command.description.length > 0, `${command.id} has a description`);
		assert.ok(modes.includes(command.scope.mode), `${command.id} has a known mode`);
	}
});

test('no key means two things in the same place (unless one is switched off by the state)', () => {
	const where = new Map<string, string[]>();
	for (const command of registered) {
		if (command.enabled) {
			continue;
		}

		for (const [input, pressed] of probes) {
			if (command.keys.some(binding => binding.matches(input, pressed))) {
				const place = `${command.scope.mode}/${command.scope.pane ?? '*'} ${JSON.stringify(input)} ${Object.entries(pressed).filter(([, on]) => on).map(([name]) => name).join('+')}`;
				where.set(place, [...where.get(place) ?? [], command.id]);
			}
		}
	}

	for (const [place, ids] of where) {
		// A pane's own command and one for every pane may share a key only if the pane's comes first.
		assert.equal(ids.length, 1, `${place}: ${ids.join(', ')}`);
	}
});

test('the walk: dialog, then its text field, then overlay, then the focused pane, then anywhere', () => {
	assert.equal(first(list, 'j'), 'down');
	assert.equal(first(list, 'q'), 'quit');
	assert.equal(first(list, '', key({return: true})), 'inspectImage');
	assert.equal(first(run([{type: 'focus', step: 1}], list), '', key({return: true})), 'inspectStep');
	assert.equal(first(run([{type: 'focus', step: 1}, {type: 'focus', step: 1}], list), '', key({return: true})), 'jobLog');
	// In the filter, letters are text, not commands; Esc clears.
	const filtering = run([{type: 'filterStart'}], list);
	assert.equal(first(filtering, 'q'), 'insert');
	assert.equal(first(filtering, '', key({escape: true})), 'filterClear');
	assert.equal(first(filtering, 'c', key({ctrl: true})), 'interrupt');
	// In an overlay: its own keys, then the overlays' shared ones, then anywhere; never the list's.
	const help = run([{type: 'openHelp', lines: helpLines()}], list);
	assert.equal(first(help, 'j'), 'scrollDown');
	assert.equal(first(help, '?'), 'closeHelp');
	assert.equal(first(help, 'q'), 'quit');
	assert.equal(first(help, 'd'), undefined);
	// A form: letters are the field's; Enter submits.
	const form = run([{type: 'openDialog', dialog: {kind: 'form', purpose: 'pull', title: 'Pull', fields: [{name: 'reference', label: 'Image', value: ''}], focus: 0}}], list);
	assert.equal(first(form, 'q'), 'insert');
	assert.equal(first(form, '', key({return: true})), 'formSubmit');
	// A confirmation: y and n; with a word to type, letters are the word.
	const payload = {kind: 'pruneDangling'} as const;
	const confirm = run([{type: 'openDialog', dialog: {kind: 'confirm', title: 'Go?', lines: [], typed: '', payload}}], list);
	assert.equal(first(confirm, 'y'), 'confirmYes');
	assert.equal(first(confirm, 'q'), undefined);
	const word = run([{type: 'openDialog', dialog: {kind: 'confirm', title: 'Go?', lines: [], typed: '', payload, requireWord: 'yes', extraKey: {key: 'v', label: 'include volumes'}}}], list);
	assert.equal(first(word, 'y'), 'insert');
	assert.equal(first(word, 'v'), 'confirmVolumes');
	assert.equal(first(run([{type: 'textEdit', edit: {type: 'insert', text: 'y'}}], word), 'v'), 'insert', 'once a word is begun, v is a letter of it');
});

test('a key of another pane says where to go, from the same table', () => {
	assert.equal(first(list, 'e'), undefined);
	assert.match(elsewhere(list, 'e', key())!, /^e: layer explorer .* on the history pane: Tab to it\.$/);
	assert.match(elsewhere(list, 'K', key())!, /on the jobs pane/);
	assert.equal(elsewhere(run([{type: 'focus', step: 1}], list), 'e', key()), undefined);
});

test('help is drawn from the registry: every command of every scope appears, under its section', () => {
	const lines = helpLines();
	for (const command of registered) {
		assert.ok(lines.some(line => line.includes(command.description) && line.includes(keyLabels(command))), `help lists ${command.id}`);
	}

	for (const section of helpSections) {
		assert.ok(lines.includes(section.title), section.title);
	}

	assert.ok(helpSections.flatMap(section => section.modes).length >= modes.length, 'every mode has a section');
});

test('hints come from the registry, for the place the keys go now', () => {
	assert.ok(statusHints(list).includes('/ filter'));
	assert.ok(!statusHints(list).some(hint => hint.startsWith('e ')), 'e is not offered on the images pane');
	assert.ok(statusHints(run([{type: 'focus', step: 1}], list)).includes('e explore'));
	const login = run([{type: 'openDialog', dialog: {kind: 'form', purpose: 'login', title: 'Log in', fields: [{name: 'server', label: 'Registry', value: 'docker.io'}], focus: 0}}], list);
	assert.deepEqual(dialogHints(login).slice(0, 2), ['Enter log in', 'Tab next field']);
	assert.ok(dialogHints(login).includes('Ctrl-U clear'));
	assert.equal(commands.formSubmit.keys[0]!.label, 'Enter');
});

test('raw input into presses: a burst splits at controls; text stays one run; Esc then a key is two keys', () => {
	const presses = keyPresses('/app\r', key());
	assert.deepEqual(presses.map(press => press.input), ['/app', '']);
	assert.equal(presses[1]!.key.return, true);
	assert.equal(keyPresses('ab\u007F', key())[1]!.key.delete, true);
	// \u001Bj arrives as meta+j: stowage binds no Alt-key, so it is Esc, then j.
	const alt = keyPresses('j', key({meta: true}));
	assert.equal(alt.length, 2);
	assert.equal(alt[0]!.key.escape, true);
	assert.deepEqual([alt[1]!.input, alt[1]!.key.meta], ['j', false]);
	const altArrow = keyPresses('', key({meta: true, downArrow: true}));
	assert.deepEqual(altArrow.map(press => [press.key.escape, press.key.downArrow]), [[true, false], [false, true]]);
	assert.equal(keyPresses('', key({escape: true, meta: true})).length, 1, 'Esc alone stays one key');
});
