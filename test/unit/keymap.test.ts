import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {Key} from 'ink';
import {commandNames, keymap, matchCommand} from '../../source/ui/keymap.ts';
import {helpLines} from '../../source/ui/help-overlay.tsx';
import {splitKeys} from '../../source/ui/key-input.ts';

const key = (over: Partial<Key> = {}): Key => ({
	upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, home: false, end: false,
	return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false, meta: false,
	super: false, hyper: false, capsLock: false, numLock: false, ...over,
});

test('every command has a key and a description', () => {
	for (const name of commandNames) {
		const binding = keymap.find(entry => entry.command === name);
		assert.ok(binding, name);
		assert.ok(binding.keys.length > 0 && binding.description.length > 0, name);
	}
});

test('no key means two things in the same place', () => {
	const probes: Array<[string, Key]> = [
		...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ/?'.split('').map(char => [char, key()] as [string, Key]),
		['r', key({ctrl: true})], ['c', key({ctrl: true})],
		['', key({upArrow: true})], ['', key({downArrow: true})], ['', key({return: true})], ['', key({escape: true})],
		['', key({tab: true})], ['', key({tab: true, shift: true})], ['', key({pageUp: true})], ['', key({pageDown: true})],
	];
	for (const context of ['list', 'overlay'] as const) {
		for (const [input, pressed] of probes) {
			const matches = keymap.filter(binding => (binding.where === 'anywhere' || binding.where === context) && binding.keys.some(k => k.matches(input, pressed)));
			assert.ok(matches.length <= 1, `${context}: "${input}" ${JSON.stringify(pressed)} → ${matches.map(m => m.command).join(', ')}`);
		}
	}
});

test('the documented keys map to their commands', () => {
	assert.equal(matchCommand('j', key(), 'list'), 'down');
	assert.equal(matchCommand('', key({downArrow: true}), 'list'), 'down');
	assert.equal(matchCommand('G', key({shift: true}), 'list'), 'end');
	assert.equal(matchCommand('g', key(), 'list'), 'home');
	assert.equal(matchCommand('', key({tab: true, shift: true}), 'list'), 'focusPrev');
	assert.equal(matchCommand('r', key({ctrl: true}), 'list'), 'reload');
	assert.equal(matchCommand('i', key(), 'list'), 'inspect');
	assert.equal(matchCommand('n', key(), 'overlay'), 'searchNext');
	assert.equal(matchCommand('n', key(), 'list'), undefined);
	assert.equal(matchCommand('q', key(), 'overlay'), 'quit');
});

test('help is drawn from the table, one line per binding', () => {
	const lines = helpLines();
	assert.equal(lines.length, keymap.length);
	assert.match(lines.find(line => line.includes('Reload everything'))!, /Ctrl-R/);
	assert.match(lines.find(line => line.includes('Move the selection down'))!, /↓ j/);
});

test('a fast burst of typing is split back into single keys', () => {
	const keys = splitKeys('/app\r', key());
	assert.deepEqual(keys.map(([input]) => input), ['/', 'a', 'p', 'p', '']);
	assert.equal(keys.at(-1)![1].return, true);
	assert.equal(splitKeys('\u007F', key()).length, 1);
	assert.equal(splitKeys('ab\u007F', key())[2]![1].delete, true);
	assert.deepEqual(splitKeys('[A', key({meta: true})), [['[A', key({meta: true})]]);
});

test('the README documents every key of the table', async () => {
	const {readFile} = await import('node:fs/promises');
	const readme = await readFile(new URL('../../readme.md', import.meta.url), 'utf8');
	const section = readme.slice(readme.indexOf('## Keys'), readme.indexOf('## Tests'));
	for (const binding of keymap) {
		for (const k of binding.keys) {
			assert.ok(section.includes(k.label), `README Keys lists ${k.label} (${binding.command})`);
		}
	}
});
