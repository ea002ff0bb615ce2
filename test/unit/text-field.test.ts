// The one text field: cursor, editing keys, a selected prefilled value, paste.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {caretFor, editField, type Caret, type TextEdit} from '../../source/store/text-field.ts';

function type(value: string, caret: Caret, ...edits: TextEdit[]) {
	return edits.reduce((field, edit) => editField(field.value, field.caret, edit), {value, caret});
}

const plain = (cursor: number): Caret => ({cursor, selected: false});

test('a prefilled value is selected: the first character replaces it; → or End keeps it for editing', () => {
	const caret = caretFor('docker.io');
	assert.deepEqual(caret, {cursor: 9, selected: true});
	assert.deepEqual(type('docker.io', caret, {type: 'insert', text: '1'}, {type: 'insert', text: '27.0.0.1:5000'}), {value: '127.0.0.1:5000', caret: plain(14)});
	assert.deepEqual(type('docker.io', caret, {type: 'right'}, {type: 'insert', text: '/x'}), {value: 'docker.io/x', caret: plain(11)});
	assert.deepEqual(type('docker.io', caret, {type: 'end'}, {type: 'backspace'}), {value: 'docker.i', caret: plain(8)});
	assert.deepEqual(type('docker.io', caret, {type: 'home'}, {type: 'insert', text: 'x'}), {value: 'xdocker.io', caret: plain(1)});
	assert.deepEqual(type('docker.io', caret, {type: 'backspace'}), {value: '', caret: plain(0)});
	assert.deepEqual(caretFor(''), {cursor: 0, selected: false});
});

test('the cursor moves and edits in the middle: ← → Home End, Backspace, Ctrl-D', () => {
	const field = type('abcd', plain(4), {type: 'left'}, {type: 'left'}, {type: 'insert', text: 'X'});
	assert.deepEqual(field, {value: 'abXcd', caret: plain(3)});
	assert.deepEqual(type(field.value, field.caret, {type: 'backspace'}), {value: 'abcd', caret: plain(2)});
	assert.deepEqual(type('abcd', plain(1), {type: 'deleteForward'}), {value: 'acd', caret: plain(1)});
	assert.deepEqual(type('abcd', plain(0), {type: 'left'}, {type: 'backspace'}), {value: 'abcd', caret: plain(0)});
	assert.deepEqual(type('abcd', plain(4), {type: 'right'}, {type: 'deleteForward'}), {value: 'abcd', caret: plain(4)});
	assert.deepEqual(type('abcd', plain(2), {type: 'home'}), {value: 'abcd', caret: plain(0)});
	assert.deepEqual(type('abcd', plain(2), {type: 'end'}), {value: 'abcd', caret: plain(4)});
});

test('Ctrl-W deletes the word before the cursor, Ctrl-U to the start, Ctrl-K to the end', () => {
	assert.deepEqual(type('docker build  ctx', plain(17), {type: 'deleteWordBack'}), {value: 'docker build  ', caret: plain(14)});
	assert.deepEqual(type('docker build  ', plain(14), {type: 'deleteWordBack'}), {value: 'docker ', caret: plain(7)});
	assert.deepEqual(type('one two', plain(4), {type: 'killToStart'}), {value: 'two', caret: plain(0)});
	assert.deepEqual(type('one two', plain(3), {type: 'killToEnd'}), {value: 'one', caret: plain(3)});
});

test('a paste is one insert, at the cursor, without controls or escape sequences', () => {
	assert.deepEqual(type('ab', plain(1), {type: 'insert', text: 'x\u001B[31my\u0007z'}), {value: 'ax[31myzb', caret: plain(8)});
	const long = 'a'.repeat(5000);
	assert.equal(type('', plain(0), {type: 'insert', text: long}).value, long);
});

// Found by fast-check (fault-text-properties.test.ts), kept as plain cases.
test('← → Backspace and Ctrl-D step over an emoji (a surrogate pair) whole, never between its halves', () => {
	assert.deepEqual(type('a😀', plain(3), {type: 'left'}), {value: 'a😀', caret: plain(1)});
	assert.deepEqual(type('a😀', plain(3), {type: 'left'}, {type: 'insert', text: 'x'}), {value: 'ax😀', caret: plain(2)});
	assert.deepEqual(type('😀b', plain(0), {type: 'right'}), {value: '😀b', caret: plain(2)});
	assert.deepEqual(type('a😀', plain(3), {type: 'backspace'}), {value: 'a', caret: plain(1)});
	assert.deepEqual(type('😀b', plain(0), {type: 'deleteForward'}), {value: 'b', caret: plain(0)});
	// A cursor handed in between the halves stands before the pair.
	assert.deepEqual(type('😀', plain(1), {type: 'insert', text: 'x'}), {value: 'x😀', caret: plain(1)});
});

test('a paste loses its bidi overrides and isolates too (they reorder what the field shows)', () => {
	assert.deepEqual(type('x', plain(1), {type: 'insert', text: 'a\u202Eb\u2066c\u2069'}), {value: 'xabc', caret: plain(4)});
});

// Found by fast-check: a lone half pasted beside its other half made a pair with the cursor inside it.
test('a paste loses lone surrogate halves; whole emoji are kept', () => {
	assert.deepEqual(type('', plain(0), {type: 'insert', text: '\uDE00'}, {type: 'left'}, {type: 'insert', text: '\uD83D'}), {value: '', caret: plain(0)});
	assert.deepEqual(type('', plain(0), {type: 'insert', text: 'a😀\uD83Db'}), {value: 'a😀b', caret: plain(4)});
});
