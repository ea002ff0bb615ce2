// The part of a text field's value that is drawn: a pasted megabyte handed to Ink whole
// took minutes to lay out (100 kB: 9.5 s), so a field shows at most its width in cells,
// around the cursor, with "…" where the value goes on. Reads only about `width` characters
// on each side of the cursor, however long the value is.
import {cellWidth} from './clip.ts';

export type FieldWindow = {
	/** The shown characters before the cursor, after the "…" when cutStart. */
	before: string;
	/** The character under the cursor (a space at the end). */
	under: string;
	/** The shown characters after it, before the "…" when cutEnd. */
	after: string;
	cutStart: boolean;
	cutEnd: boolean;
};

const isHigh = (unit: number) => unit >= 0xD800 && unit <= 0xDBFF;
const isLow = (unit: number) => unit >= 0xDC00 && unit <= 0xDFFF;

/** The code point that ends just before `index`: [start, cells]. */
function before(text: string, index: number): [number, number] {
	const start = index >= 2 && isLow(text.charCodeAt(index - 1)) && isHigh(text.charCodeAt(index - 2)) ? index - 2 : index - 1;
	return [start, cellWidth(text.codePointAt(start)!)];
}

/** Walks back from `end` while the cells fit in `room`: the start index and the cells used. */
function backFrom(text: string, end: number, room: number): [number, number] {
	let start = end;
	let used = 0;
	while (start > 0) {
		const [previous, cells] = before(text, start);
		if (used + cells > room) {
			break;
		}

		start = previous;
		used += cells;
	}

	return [start, used];
}

/** Walks on from `start` while the cells fit in `room`: the end index and the cells used. */
function onFrom(text: string, start: number, room: number): [number, number] {
	let end = start;
	let used = 0;
	while (end < text.length) {
		const code = text.codePointAt(end)!;
		const cells = cellWidth(code);
		if (used + cells > room) {
			break;
		}

		end += code > 0xFFFF ? 2 : 1;
		used += cells;
	}

	return [end, used];
}

/** `text` with the cursor at `cursor`, in at most `width` cells (the cursor's cell included; 5 at least). */
export function fieldWindow(text: string, cursor: number, width: number): FieldWindow {
	const at = Math.max(0, Math.min(cursor, text.length));
	const under = at < text.length ? String.fromCodePoint(text.codePointAt(at)!) : ' ';
	const next = at + (at < text.length ? under.length : 0);
	// At least 5 cells: a "…" on each side of a wide character.
	const budget = Math.max(width, 5) - cellWidth(under.codePointAt(0)!);
	// Whole, when it fits: both sides walked with the full budget (bounded by it).
	const [start, left] = backFrom(text, at, budget);
	const [end, right] = onFrom(text, next, budget);
	if (start === 0 && end === text.length && left + right <= budget) {
		return {before: text.slice(0, at), under, after: text.slice(next), cutStart: false, cutEnd: false};
	}

	// Cut: the text after the cursor keeps up to a third of the room (typing at the end shows
	// what was typed), the text before it the rest, each "…" taking a cell.
	const afterCells = end === text.length ? right : onFrom(text, next, Math.floor(budget / 3))[1];
	const cutEndLikely = end < text.length;
	const beforeRoom = Math.max(0, budget - afterCells - (cutEndLikely ? 1 : 0));
	let [shownStart, shownLeft] = backFrom(text, at, beforeRoom);
	const cutStart = shownStart > 0;
	if (cutStart) {
		[shownStart, shownLeft] = backFrom(text, at, Math.max(0, beforeRoom - 1));
	}

	const afterRoom = budget - shownLeft - (cutStart ? 1 : 0);
	let [shownEnd] = onFrom(text, next, afterRoom);
	const cutEnd = shownEnd < text.length;
	if (cutEnd) {
		[shownEnd] = onFrom(text, next, Math.max(0, afterRoom - 1));
	}

	return {before: text.slice(shownStart, at), under, after: text.slice(next, shownEnd), cutStart, cutEnd};
}
