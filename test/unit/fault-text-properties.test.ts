// Property-based tests (fast-check) of what turns untrusted text into screen text, and of
// the one text field every prompt uses: sanitizing (nothing a terminal acts on survives,
// and twice is once), JSON output, sizes and durations, the field's reducer under any keys.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import fc from 'fast-check';
import {createdAgo, humanDuration} from '../../source/format/duration.ts';
import {inertJson, sanitizeJson, sanitizeLine, sanitizeText} from '../../source/format/sanitize.ts';
import {formatHumanSize, formatImageSize} from '../../source/format/size.ts';
import {caretFor, editField, type Caret, type TextEdit} from '../../source/store/text-field.ts';

const runs = {numRuns: 500};
 
const unsafe = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;
/** What the text field keeps out of a value: controls, and the bidi controls that reorder it on screen. */
const controls = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** What a paste leaves in the field: no controls, and no half of a surrogate pair. */
/** No lone surrogate (String.prototype.isWellFormed, which the project's TypeScript lib predates). */
const wellFormed = (text: string) => !new RegExp(loneSurrogate.source).test(text);
const kept = (text: string) => text.replace(controls, '').replace(loneSurrogate, '');
/** Text as hostile as an engine can send: any code unit, and runs of escape sequences. */
const hostile = fc.oneof(
	fc.string({unit: 'binary', maxLength: 60}),
	fc.string({unit: fc.constantFrom('\u001B', '[', ']', '0;', '\u0007', '\u009B', '\u009D', '\u202E', '\u2066', '\r', '\n', '\t', '\b', 'a', 'é', '\uD83D', '\uDE00', '^[', '<U+009B>'), maxLength: 30}),
);

test('sanitize: no C0, C1, DEL, ESC or bidi control survives; twice is once; safe text is left alone', () => {
	fc.assert(fc.property(hostile, text => {
		const line = sanitizeLine(text);
		assert.doesNotMatch(line, unsafe);
		assert.equal(sanitizeLine(line), line);
		const block = sanitizeText(text);
		assert.doesNotMatch(block.replaceAll('\n', ''), unsafe);
		assert.equal(sanitizeText(block), block);
		// Line breaks are kept by sanitizeText, and only by it.
		assert.equal(block.split('\n').length, text.split('\n').length);
		assert.ok(!line.includes('\n'));
		const safe = text.replace(new RegExp(unsafe.source, 'g'), '');
		assert.equal(sanitizeLine(safe), safe);
	}), {numRuns: 1000});
});

test('sanitizeJson: every key and string is sanitized, the shape and the other values kept', () => {
	const json = fc.letrec(tie => ({
		value: fc.oneof({depthSize: 'small'}, hostile, fc.integer(), fc.boolean(), fc.constant(null), fc.array(tie('value'), {maxLength: 3}), fc.dictionary(hostile, tie('value'), {maxKeys: 3})),
	})).value;
	fc.assert(fc.property(json, value => {
		const clean = sanitizeJson(value);
		const strings = (item: unknown): string[] => (typeof item === 'string' ? [item] : Array.isArray(item) ? item.flatMap(strings) : item && typeof item === 'object' ? Object.entries(item).flatMap(([key, each]) => [key, ...strings(each)]) : []);
		for (const text of strings(clean)) {
			assert.doesNotMatch(text, unsafe);
		}
		const shape = (item: unknown): unknown => (typeof item === 'string' ? 's' : Array.isArray(item) ? item.map(shape) : item && typeof item === 'object' ? Object.values(item).map(shape) : item);
		// Keys may merge when two differ only in what sanitizing removes; values keep their order otherwise.
		const keys = (item: unknown): boolean => (Array.isArray(item) ? item.every(keys) : item && typeof item === 'object' ? new Set(Object.keys(item).map(key => sanitizeLine(key))).size === Object.keys(item).length && Object.values(item).every(keys) : true);
		if (keys(value)) {
			assert.deepEqual(shape(clean), shape(value));
		}
	}), runs);
});

test('inertJson: no raw control or bidi in the text, and it parses back to exactly the value', () => {
	const json = fc.letrec(tie => ({
		value: fc.oneof({depthSize: 'small'}, hostile, fc.integer(), fc.double({noNaN: true, noDefaultInfinity: true}), fc.boolean(), fc.constant(null), fc.array(tie('value'), {maxLength: 3}), fc.dictionary(hostile, tie('value'), {maxKeys: 3})),
	})).value;
	fc.assert(fc.property(json, fc.constantFrom(undefined, 2), (value, space) => {
		const text = inertJson(value, space);
		assert.doesNotMatch(text.replaceAll('\n', ''), /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\u2028\u2029]/);
		assert.deepEqual(JSON.parse(text), JSON.parse(JSON.stringify(value)));
	}), runs);
});

const units = {B: 1, kB: 1e3, MB: 1e6, GB: 1e9, TB: 1e12, PB: 1e15, EB: 1e18};

test('sizes: docker\'s form (a number, a decimal unit), within the rounding of 3 or 4 significant digits', () => {
	fc.assert(fc.property(fc.oneof(fc.integer({min: 0, max: 2_000_000}), fc.maxSafeNat()), bytes => {
		for (const [format, digits] of [[formatImageSize, 3], [formatHumanSize, 4]] as const) {
			const text = format(bytes);
			const match = /^(\d+(?:\.\d+)?(?:e\+\d+)?)(B|kB|MB|GB|TB|PB|EB)$/.exec(text);
			assert.ok(match, `${bytes} → ${text}`);
			const back = Number(match[1]) * units[match[2] as keyof typeof units];
			assert.ok(Math.abs(back - bytes) <= Math.max(bytes * 5 / 10 ** digits, 0.5 * 10 ** -digits), `${bytes} → ${text}`);
		}
	}), {numRuns: 1000});
});

const phrase = /^(?:Less than a second|1 second|(\d+) seconds|About a minute|(\d+) minutes|About an hour|(\d+) hours|(\d+) days|(\d+) weeks|(\d+) months|(\d+) years)$/;
/** What a phrase says, in seconds: the order docker's phrases must keep. */
function saidSeconds(text: string): number {
	const match = phrase.exec(text);
	assert.ok(match, text);
	const fixed: Record<string, number> = {'Less than a second': 0, '1 second': 1, 'About a minute': 60, 'About an hour': 3600};
	if (text in fixed) {
		return fixed[text]!;
	}

	const factors = [1, 60, 3600, 86_400, 7 * 86_400, 30 * 86_400, 365 * 86_400];
	const at = match.slice(1).findIndex(group => group !== undefined);
	return Number(match[at + 1]) * factors[at]!;
}

test('durations: one of docker\'s phrases, seconds exact, and a later time never reads as less', () => {
	const ms = fc.oneof(fc.integer({min: 0, max: 200_000}), fc.integer({min: 0, max: 4e11}));
	fc.assert(fc.property(ms, ms, (a, b) => {
		const [early, late] = a <= b ? [a, b] : [b, a];
		const said = saidSeconds(humanDuration(early));
		assert.ok(said <= saidSeconds(humanDuration(late)), `${humanDuration(early)} (${early} ms) after ${humanDuration(late)} (${late} ms)`);
		if (early >= 2000 && early < 60_000) {
			assert.equal(said, Math.trunc(early / 1000));
		}

		assert.ok(said <= early / 1000 * 1.34 + 1 && said >= early / 1000 / 2.01 - 1, `${early} ms → ${humanDuration(early)}`);
	}), {numRuns: 1000});
	fc.assert(fc.property(fc.oneof(fc.double(), fc.constantFrom(Number.NaN, Infinity, -Infinity)), seconds => {
		assert.match(createdAgo(seconds, 1e12), Number.isFinite(seconds) ? / ago$/ : /^N\/A$/);
	}), runs);
});

const edit: fc.Arbitrary<TextEdit> = fc.oneof(
	fc.record({type: fc.constant('insert' as const), text: hostile}),
	fc.constantFrom<TextEdit>({type: 'left'}, {type: 'right'}, {type: 'home'}, {type: 'end'}, {type: 'backspace'}, {type: 'deleteForward'}, {type: 'deleteWordBack'}, {type: 'killToStart'}, {type: 'killToEnd'}),
);

test('text field: any key sequence keeps the cursor in range, never lets a control in, and never throws', () => {
	fc.assert(fc.property(fc.string({maxLength: 20}).map(text => text.replace(controls, '')), fc.array(edit, {maxLength: 40}), (start, edits) => {
		let value = start;
		let caret: Caret = caretFor(start);
		for (const each of edits) {
			const before = value;
			const beforeCursor = caret.selected ? undefined : caret.cursor;
			({value, caret} = editField(value, caret, each));
			assert.ok(caret.cursor >= 0 && caret.cursor <= value.length, `${JSON.stringify(each)}: cursor ${caret.cursor} in ${JSON.stringify(value)}`);
			assert.doesNotMatch(value, controls);
			assert.ok(wellFormed(value), `${JSON.stringify(each)} left ${JSON.stringify(value)}`);
			assert.equal(caret.selected, false);
			if (each.type === 'insert' && beforeCursor !== undefined) {
				const text = kept(each.text);
				assert.equal(value, before.slice(0, beforeCursor) + text + before.slice(beforeCursor));
				assert.equal(caret.cursor, beforeCursor + text.length);
			}
		}
	}), runs);
});

test('text field: with well-formed text (emoji, accents), every key leaves it well-formed: no key splits a surrogate pair', () => {
	const text = fc.string({unit: fc.constantFrom('a', ' ', 'é', '😀', '👍🏽', '日', '\u202E'), maxLength: 8});
	const wellFormedEdit = fc.oneof(fc.record({type: fc.constant('insert' as const), text}), edit.filter(each => each.type !== 'insert'));
	fc.assert(fc.property(text.map(each => each.replace(controls, '')), fc.nat(20), fc.array(wellFormedEdit, {maxLength: 30}), (start, cursor, edits) => {
		let value = start;
		let caret: Caret = {cursor, selected: false};
		for (const each of edits) {
			({value, caret} = editField(value, caret, each));
			assert.ok(wellFormed(value), `${JSON.stringify(each)} left ${JSON.stringify(value)}`);
			const code = value.charCodeAt(caret.cursor);
			assert.ok(!(code >= 0xDC_00 && code <= 0xDF_FF), `cursor ${caret.cursor} inside a pair of ${JSON.stringify(value)}`);
		}
	}), runs);
});

test('text field: a paste of any string replaces a prefilled value, or goes in at the cursor, less its controls', () => {
	fc.assert(fc.property(fc.string({maxLength: 20}).map(text => text.replace(controls, '')), hostile, fc.nat(25), (value, pasted, cursor) => {
		const clean = kept(pasted);
		// Focused with a value, the field has it selected (or is empty): either way the paste is all there is.
		assert.deepEqual(editField(value, caretFor(value), {type: 'insert', text: pasted}), {value: clean, caret: {cursor: clean.length, selected: false}});
		const at = Math.min(cursor, value.length);
		const typed = editField(value, {cursor, selected: false}, {type: 'insert', text: pasted});
		assert.deepEqual(typed, {value: value.slice(0, at) + clean + value.slice(at), caret: {cursor: at + clean.length, selected: false}});
	}), runs);
});
