// The window a text field draws of its value (format/field-window.ts): whole when it fits,
// else at most its width in cells around the cursor, "…" where the value goes on, for any
// value (a pasted megabyte: its cost in the UI is timed in test/ui/fault-long-strings.test.tsx).
import assert from 'node:assert/strict';
import {test} from 'node:test';
import fc from 'fast-check';
import {cellWidth} from '../../source/format/clip.ts';
import {fieldWindow} from '../../source/format/field-window.ts';

const cells = (text: string) => [...text].reduce((sum, char) => sum + cellWidth(char.codePointAt(0)!), 0);
const drawn = (window: ReturnType<typeof fieldWindow>) => `${window.cutStart ? '…' : ''}${window.before}${window.under}${window.after}${window.cutEnd ? '…' : ''}`;

test('a value that fits is drawn whole, the cursor where it is', () => {
	assert.deepEqual(fieldWindow('hello', 2, 20), {before: 'he', under: 'l', after: 'lo', cutStart: false, cutEnd: false});
	assert.deepEqual(fieldWindow('hello', 5, 20), {before: 'hello', under: ' ', after: '', cutStart: false, cutEnd: false});
	// Exactly the width with the cursor's cell at the end.
	assert.equal(drawn(fieldWindow('abcd', 4, 5)), 'abcd ');
});

test('typing at the end of a long value: its end shows, the start is cut with "…"', () => {
	const window = fieldWindow(`${'p'.repeat(1000)}END`, 1003, 10);
	assert.equal(drawn(window), '…pppppEND ');
});

test('the cursor at the start of a long value: the start shows, the end is cut', () => {
	assert.equal(drawn(fieldWindow('abcdefghijklmnopqrstuvwxyz', 0, 10)), 'abcdefghi…');
});

test('the cursor in the middle of a long value: both ends cut, the cursor in view', () => {
	const text = 'abcdefghijklmnopqrstuvwxyz';
	const window = fieldWindow(text, 13, 10);
	assert.equal(window.under, 'n');
	assert.ok(window.cutStart && window.cutEnd);
	assert.ok(cells(drawn(window)) <= 10, drawn(window));
	assert.ok(text.includes(window.before + window.under + window.after));
});

test('wide characters and emoji are never split, and count two cells', () => {
	const window = fieldWindow('日本語のテキスト😀とても長い', 8, 9);
	assert.ok(cells(drawn(window)) <= 9, drawn(window));
	assert.equal(window.under, '😀');
});

test('a 10 MB value: its window is the same as a short value\'s', () => {
	const huge = `${'x'.repeat(10_000_000)}END`;
	assert.equal(drawn(fieldWindow(huge, huge.length, 10)), '…xxxxxEND ');
	assert.equal(drawn(fieldWindow(huge, 0, 10)), 'xxxxxxxxx…');
});

test('property: any value, cursor and width: at most the width in cells, the cursor shown, the pieces the value\'s own', () => {
	const value = fc.string({unit: fc.constantFrom('a', 'b', 'é', '日', '😀', ' ', '\u0301'), maxLength: 200});
	fc.assert(fc.property(value, fc.nat(220), fc.integer({min: 0, max: 90}), (text, cursor, width) => {
		const window = fieldWindow(text, cursor, width);
		const at = Math.min(cursor, text.length);
		assert.ok(cells(drawn(window)) <= Math.max(width, 5), `${JSON.stringify(drawn(window))} in ${width}`);
		assert.equal(window.under, at < text.length ? String.fromCodePoint(text.codePointAt(at)!) : ' ');
		assert.ok(text.slice(0, at).endsWith(window.before));
		assert.ok(text.slice(at + (at < text.length ? window.under.length : 0)).startsWith(window.after));
		assert.equal(window.cutStart, window.before.length < at);
		assert.equal(window.cutEnd, window.after.length < text.length - at - (at < text.length ? window.under.length : 0));
	}), {numRuns: 2000});
});
