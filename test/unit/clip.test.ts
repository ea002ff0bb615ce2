// Cutting strings to terminal cells before Ink sees them (source/format/clip.ts).
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {boundJson, capLength, cellWidth, clip, fitCells, wrapCells} from '../../source/format/clip.ts';

/** Cells as string-width counts them, for the checks: the helper's own count. */
/** No lone surrogate (String.prototype.isWellFormed, before ES2024's types). */
const wellFormed = (text: string) => !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);
const cells = (text: string) => [...text].reduce((sum, char) => sum + cellWidth(char.codePointAt(0)!), 0);

test('a string that fits comes back whole; a longer one is cut to the width with … as its last cell', () => {
	assert.equal(clip('hello', 10), 'hello');
	assert.equal(clip('hello', 5), 'hello');
	assert.equal(clip('hello world', 5), 'hell…');
	assert.equal(clip('hello', 1), '…');
	assert.equal(clip('hello', 0), '');
	assert.equal(fitCells('ab', 4), 'ab  ');
	assert.equal(fitCells('abcdef', 4), 'abc…');
});

test('wide characters take two cells: a cut never leaves a line wider than the pane', () => {
	assert.equal(cellWidth('漢'.codePointAt(0)!), 2);
	assert.equal(cellWidth('😀'.codePointAt(0)!), 2);
	assert.equal(clip('漢字漢字', 8), '漢字漢字');
	assert.equal(clip('漢字漢字', 7), '漢字漢…');
	// The third wide character does not fit in the one cell left before "…": padded instead.
	assert.equal(clip('漢字漢字', 6), '漢字…');
	assert.equal(fitCells('漢字漢字', 6), '漢字… ');
	assert.equal(cells(fitCells('漢字漢字', 6)), 6);
	for (let width = 1; width < 12; width++) {
		assert.ok(cells(clip('a漢b字😀cd漢', width)) <= width, `width ${width}`);
	}
});

test('combining marks take no cell and stay with their letter', () => {
	const decomposed = 'e\u0301'.repeat(10);
	assert.equal(clip(decomposed, 10), decomposed);
	assert.equal(clip(decomposed + 'x', 10), 'e\u0301'.repeat(9) + '…');
});

test('a cut in the middle of a surrogate pair keeps the pair whole or drops it: no lone surrogate', () => {
	const text = 'ab' + '😀'.repeat(5);
	for (let width = 1; width < 14; width++) {
		const cut = clip(text, width);
		assert.ok(wellFormed(cut), `width ${width}: ${JSON.stringify(cut)}`);
	}

	// A string already broken mid-pair (sliced by someone else) shows U+FFFD, not half a character.
	assert.equal(clip('x\uD83D', 5), 'x\uFFFD');
	assert.equal(clip('\uDE00y', 5), '\uFFFDy');
	assert.ok(wrapCells('😀'.repeat(20), 5, 10).every(line => wellFormed(line)));
});

test('controls are made inert on the part kept: ESC, BEL, C1 (U+009B), bidi overrides, CR and BS', () => {
	assert.equal(clip('a\u001B]0;title\u0007b', 40), 'a^[]0;title^Gb');
	assert.equal(clip('\u009B2J\u202Eevil\u2066', 40), '<U+009B>2J<U+202E>evil<U+2066>');
	assert.equal(clip('one\rtwo\bthree', 40), 'one two^Hthree');
	// The caret form counts as the cells it takes, and is never cut in two.
	assert.equal(clip('\u001B\u001B\u001B', 4), '^[…');
	assert.doesNotMatch(clip('\u001B[31m\u0090q\u009C', 3), /[\u0000-\u001F\u007F-\u009F]/);
});

test('wrapCells: lines of the width, at most maxRows of them, then a marker saying how big the whole was', () => {
	assert.deepEqual(wrapCells('abcdefgh', 3, 10), ['abc', 'def', 'gh']);
	assert.deepEqual(wrapCells('', 3, 10), ['']);
	assert.deepEqual(wrapCells('漢字漢', 4, 10), ['漢字', '漢']);
	const long = 'x'.repeat(1_000_000);
	const lines = wrapCells(long, 100, 50);
	assert.equal(lines.length, 51);
	assert.ok(lines.slice(0, 50).every(line => line === 'x'.repeat(100)));
	assert.equal(lines[50], '… (1MB, cut)');
	// A character wider than the line still moves on (and controls stay inert).
	assert.deepEqual(wrapCells('漢\u001B', 1, 10), ['漢', '^[']);
});

test('a 1 MB string is cut in well under a millisecond: only what is kept is read', () => {
	const huge = 'LABEL ' + 'k=v '.repeat(250_000);
	const start = performance.now();
	for (let round = 0; round < 1000; round++) {
		clip(huge, 200);
	}

	const each = (performance.now() - start) / 1000;
	assert.ok(each < 0.5, `${each.toFixed(3)} ms a cut`);
	assert.equal(clip(huge, 10), 'LABEL k=v…');
});

test('capLength keeps the first characters of a long value and says how big it was, never half a pair', () => {
	assert.equal(capLength('short', 10), 'short');
	assert.equal(capLength('x'.repeat(2_000_000), 3), 'xxx … (2MB, cut)');
	assert.equal(capLength('ab😀cd', 3), 'ab … (6B, cut)');
});

test('boundJson keeps the first entries of a big object or array and the start of a long string, saying what was cut', () => {
	const labels = Object.fromEntries(Array.from({length: 10}, (_, index) => [`k${index}`, `v${index}`]));
	assert.deepEqual(boundJson({Labels: labels, Env: ['a', 'b', 'c'], big: 'x'.repeat(10)}, {entries: 3, chars: 6}), {
		Labels: {k0: 'v0', k1: 'v1', k2: 'v2', '…': '7 more entries, cut'},
		Env: ['a', 'b', 'c'],
		big: 'xxxxxx … (10B, cut)',
	});
	assert.deepEqual(boundJson({n: 1, ok: true, none: null, list: [1, 2, 3, 4]}, {entries: 3, chars: 4}), {n: 1, ok: true, none: null, '…': '1 more entries, cut'});
	assert.deepEqual(boundJson([1, 2, 3, 4], {entries: 3, chars: 4}), [1, 2, 3, '… (1 more entries, cut)']);
});
