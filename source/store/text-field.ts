// One text field's editing, as a pure function: a value, a cursor, and whether a
// prefilled value is selected (the first character typed replaces it, → or End keeps it).
export type Caret = {cursor: number; selected: boolean};

export type TextEdit =
	| {type: 'insert'; text: string}
	| {type: 'left' | 'right' | 'home' | 'end' | 'backspace' | 'deleteForward' | 'deleteWordBack' | 'killToStart' | 'killToEnd'};

/** A caret for a field just focused: a prefilled value is selected, the cursor at its end. */
export function caretFor(value: string): Caret {
	return {cursor: value.length, selected: value.length > 0};
}

// Pasted text may carry controls, escape sequences and bidi overrides (which reorder what
// the terminal shows of the field); no field has a use for them.
// eslint-disable-next-line no-control-regex
const controls = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;

// Half an emoji cannot be drawn, and would pair up with whatever half comes next to it.
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const insertable = (text: string) => text.replace(controls, '').replace(loneSurrogate, '');

const isHigh = (code: number | undefined) => code !== undefined && code >= 0xD8_00 && code <= 0xDB_FF;
const isLow = (code: number | undefined) => code !== undefined && code >= 0xDC_00 && code <= 0xDF_FF;

/** One character back from `cursor`: two code units over a surrogate pair (an emoji), never between them. */
function previous(value: string, cursor: number): number {
	return cursor >= 2 && isLow(value.charCodeAt(cursor - 1)) && isHigh(value.charCodeAt(cursor - 2)) ? cursor - 2 : Math.max(cursor - 1, 0);
}

/** One character on from `cursor`. */
function next(value: string, cursor: number): number {
	return isHigh(value.charCodeAt(cursor)) && isLow(value.charCodeAt(cursor + 1)) ? cursor + 2 : Math.min(cursor + 1, value.length);
}

/** Where Ctrl-W cuts to: back over spaces, then over the word before them (as readline does). */
function wordStart(value: string, cursor: number): number {
	let at = cursor;
	while (at > 0 && value[at - 1] === ' ') {
		at--;
	}

	while (at > 0 && value[at - 1] !== ' ') {
		at--;
	}

	return at;
}

export function editField(value: string, caret: Caret, edit: TextEdit): {value: string; caret: Caret} {
	const clamped = Math.min(Math.max(caret.cursor, 0), value.length);
	// A cursor given between the halves of a pair stands before the pair.
	const cursor = isLow(value.charCodeAt(clamped)) && isHigh(value.charCodeAt(clamped - 1)) ? clamped - 1 : clamped;
	if (caret.selected) {
		switch (edit.type) {
			case 'insert': {
				const text = insertable(edit.text);
				return {value: text, caret: {cursor: text.length, selected: false}};
			}

			case 'backspace':
			case 'deleteForward':
			case 'killToStart':
			case 'killToEnd':
			case 'deleteWordBack': {
				return {value: '', caret: {cursor: 0, selected: false}};
			}

			case 'left':
			case 'home': {
				return {value, caret: {cursor: 0, selected: false}};
			}

			case 'right':
			case 'end': {
				return {value, caret: {cursor: value.length, selected: false}};
			}
		}
	}

	const at = (next: string, position: number) => ({value: next, caret: {cursor: position, selected: false}});
	switch (edit.type) {
		case 'insert': {
			const text = insertable(edit.text);
			return at(value.slice(0, cursor) + text + value.slice(cursor), cursor + text.length);
		}

		case 'left': {
			return at(value, previous(value, cursor));
		}

		case 'right': {
			return at(value, next(value, cursor));
		}

		case 'home': {
			return at(value, 0);
		}

		case 'end': {
			return at(value, value.length);
		}

		case 'backspace': {
			const start = previous(value, cursor);
			return at(value.slice(0, start) + value.slice(cursor), start);
		}

		case 'deleteForward': {
			return at(value.slice(0, cursor) + value.slice(next(value, cursor)), cursor);
		}

		case 'deleteWordBack': {
			const start = wordStart(value, cursor);
			return at(value.slice(0, start) + value.slice(cursor), start);
		}

		case 'killToStart': {
			return at(value.slice(cursor), 0);
		}

		case 'killToEnd': {
			return at(value.slice(0, cursor), cursor);
		}
	}
}
