// Strings from an engine can be a megabyte long (a LABEL step with 100,000 labels is
// one history line). Ink measures and wraps every string it is handed, in time that
// grows faster than its length, so nothing longer than the screen may reach it. These
// cut a string to a number of terminal cells, reading only as far as they keep: the
// cost is the width, not the length. They also make controls inert (as sanitizeLine
// does), on the part they keep, so a raw string is safe to hand them.
import {formatImageSize} from './size.ts';

// eslint-disable-next-line no-control-regex
const control = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;
const mark = /^[\p{Mn}\p{Me}]$/u;
const emoji = /^\p{Extended_Pictographic}$/u;
const ascii = /[\u0020-\u007E]{1,4096}/y;

/** Cells a code point takes in a terminal, the way string-width (Ink's measure) counts them. */
export function cellWidth(code: number): number {
	if (code < 0x7F) {
		return 1;
	}

	const char = String.fromCodePoint(code);
	// Combining marks, zero-width spaces and joiners, variation selectors, the BOM.
	if ((code >= 0x200B && code <= 0x200F) || (code >= 0x2060 && code <= 0x2064) || (code >= 0xFE00 && code <= 0xFE0F) || code === 0xFEFF || mark.test(char)) {
		return 0;
	}

	if (isWide(code) || (code >= 0x1F000 && emoji.test(char))) {
		return 2;
	}

	return 1;
}

/** East Asian Wide and Fullwidth: CJK, Hangul, kana, fullwidth forms, the emoji blocks. */
function isWide(code: number): boolean {
	return (code >= 0x1100 && code <= 0x115F)
		|| (code >= 0x231A && code <= 0x231B)
		|| (code >= 0x2E80 && code <= 0x303E)
		|| (code >= 0x3041 && code <= 0x33FF)
		|| (code >= 0x3400 && code <= 0x4DBF)
		|| (code >= 0x4E00 && code <= 0x9FFF)
		|| (code >= 0xA000 && code <= 0xA4CF)
		|| (code >= 0xA960 && code <= 0xA97F)
		|| (code >= 0xAC00 && code <= 0xD7A3)
		|| (code >= 0xF900 && code <= 0xFAFF)
		|| (code >= 0xFE30 && code <= 0xFE4F)
		|| (code >= 0xFF00 && code <= 0xFF60)
		|| (code >= 0xFFE0 && code <= 0xFFE6)
		|| (code >= 0x1F300 && code <= 0x1F64F)
		|| (code >= 0x1F900 && code <= 0x1F9FF)
		|| (code >= 0x20000 && code <= 0x3FFFD);
}

/** What a control becomes on screen (as sanitizeLine makes it). */
function inert(code: number): string {
	if (code === 0x09 || code === 0x0A || code === 0x0D) {
		return ' ';
	}

	if (code < 0x20) {
		return '^' + String.fromCodePoint(code + 0x40);
	}

	return code === 0x7F ? '^?' : `<U+${code.toString(16).toUpperCase().padStart(4, '0')}>`;
}

type Glyph = {shown: string; width: number; size: number};

/** The code point at `index` as shown: a control made inert, a lone surrogate U+FFFD. */
function glyph(text: string, index: number): Glyph {
	const code = text.codePointAt(index)!;
	const size = code > 0xFFFF ? 2 : 1;
	if (code >= 0xD800 && code <= 0xDFFF) {
		return {shown: '\uFFFD', width: 1, size};
	}

	if (code < 0x20 || (code >= 0x7F && code <= 0x9F) || (code >= 0x202A && control.test(String.fromCodePoint(code)))) {
		const shown = inert(code);
		return {shown, width: shown.length, size};
	}

	return {shown: text.slice(index, index + size), width: cellWidth(code), size};
}

type Piece = {text: string; end: number; cells: number};

/**
 * The longest start of `text` from `from` that takes at most `cells` cells, made inert.
 * Never splits a surrogate pair and keeps combining marks with the character before
 * them. `end`: where it stopped in `text`.
 */
function take(text: string, from: number, cells: number): Piece {
	let out = '';
	let used = 0;
	let index = from;
	while (index < text.length) {
		// Printable ASCII, most of any string, a run at a time.
		ascii.lastIndex = index;
		const run = used < cells ? ascii.exec(text) : null;
		if (run) {
			const room = Math.min(run[0].length, cells - used);
			out += room === run[0].length ? run[0] : run[0].slice(0, room);
			used += room;
			index += room;
			continue;
		}

		const {shown, width, size} = glyph(text, index);
		if (used + width > cells) {
			break;
		}

		out += shown;
		used += width;
		index += size;
	}

	return {text: out, end: index, cells: used};
}

/**
 * `text` in at most `width` cells, made inert: whole when it fits, else cut with "…" as
 * its last cell. Reads at most about `width` characters of `text`, however long it is.
 */
export function clip(text: string, width: number): string {
	if (width <= 0) {
		return '';
	}

	const whole = take(text, 0, width);
	if (whole.end >= text.length) {
		return whole.text;
	}

	return take(text, 0, width - 1).text + '…';
}

/** `text` in exactly `width` cells: clipped, then padded with spaces. */
export function fitCells(text: string, width: number): string {
	if (width <= 0) {
		return '';
	}

	const cut = take(text, 0, width);
	if (cut.end < text.length) {
		const short = take(text, 0, width - 1);
		return short.text + '…' + ' '.repeat(width - 1 - short.cells);
	}

	return cut.text + ' '.repeat(width - cut.cells);
}

/** The marker after a value cut short: how big the whole was. */
export const cutMarker = (length: number) => `… (${formatImageSize(length)}, cut)`;

/** At most `max` characters of `text` (never half a surrogate pair), then the marker when it was longer. */
export function capLength(text: string, max: number): string {
	if (text.length <= max) {
		return text;
	}

	const end = text.charCodeAt(max - 1) >= 0xD800 && text.charCodeAt(max - 1) <= 0xDBFF ? max - 1 : max;
	return `${text.slice(0, end)} ${cutMarker(text.length)}`;
}

/**
 * `text` as lines of at most `width` cells, for text to be read whole: at most `maxRows`
 * of them, then a last line that says how big the whole was. Reads only what it keeps.
 */
export function wrapCells(text: string, width: number, maxRows: number): string[] {
	const cells = Math.max(width, 1);
	const lines: string[] = [];
	let index = 0;
	if (text === '') {
		return [''];
	}

	do {
		if (lines.length >= maxRows) {
			lines.push(cutMarker(text.length));
			return lines;
		}

		const piece = take(text, index, cells);
		if (piece.end === index) {
			// A character wider than the whole line still moves on.
			const {shown, size} = glyph(text, index);
			lines.push(shown);
			index += size;
		} else {
			lines.push(piece.text);
			index = piece.end;
		}
	} while (index < text.length);

	return lines;
}

/** What boundJson keeps: entries of one object or array, characters of one string. */
export type JsonBounds = {entries: number; chars: number};

/**
 * A copy of parsed JSON small enough to lay out at once: each object and array keeps its
 * first `entries` entries and says how many more there were; each string its first
 * `chars` characters and how big it was (100,000 labels, a label of a megabyte).
 */
export function boundJson(value: unknown, bounds: JsonBounds): unknown {
	if (typeof value === 'string') {
		return capLength(value, bounds.chars);
	}

	if (Array.isArray(value)) {
		const kept = value.slice(0, bounds.entries).map(item => boundJson(item, bounds));
		return value.length > bounds.entries ? [...kept, `… (${value.length - bounds.entries} more entries, cut)`] : kept;
	}

	if (value !== null && typeof value === 'object') {
		const out: Record<string, unknown> = {};
		const keys = Object.keys(value);
		for (const key of keys.slice(0, bounds.entries)) {
			out[capLength(key, bounds.chars)] = boundJson((value as Record<string, unknown>)[key], bounds);
		}

		if (keys.length > bounds.entries) {
			out['…'] = `${keys.length - bounds.entries} more entries, cut`;
		}

		return out;
	}

	return value;
}
