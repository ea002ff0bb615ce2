// Raw input into key presses, before any command sees it.
import type {Key} from 'ink';

export type KeyPress = {input: string; key: Key};

export const noKey: Key = {
	upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, home: false, end: false,
	return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false, meta: false,
	super: false, hyper: false, capsLock: false, numLock: false,
};

function single(char: string): KeyPress {
	switch (char) {
		case '\r':
		case '\n': {
			return {input: '', key: {...noKey, return: true}};
		}

		case '\t': {
			return {input: '', key: {...noKey, tab: true}};
		}

		case '\u007F':
		case '\b': {
			return {input: '', key: {...noKey, delete: true}};
		}

		default: {
			const code = char.codePointAt(0)!;
			return code < 0x20 ? {input: String.fromCodePoint(code + 0x60), key: {...noKey, ctrl: true}} : {input: char, key: {...noKey, shift: char !== char.toLowerCase()}};
		}
	}
}

/**
 * Ink hands over a whole read as one input when it holds no escape sequence: fast typing
 * or a paste arrives as "/stowage\r". Split it back into presses, keeping each run of plain
 * characters whole (a paste into a text field is one insert). And Esc followed quickly by a
 * key reaches Ink as one Alt-key (`\u001Bj`): stowage binds no Alt-key, so that is Esc, then the key.
 */
export function keyPresses(input: string, key: Key): KeyPress[] {
	if (key.meta && !key.escape) {
		return [{input: '', key: {...noKey, escape: true, meta: true}}, ...keyPresses(input, {...key, meta: false})];
	}

	if (input.length <= 1 || key.ctrl || key.escape) {
		return [{input, key}];
	}

	const presses: KeyPress[] = [];
	let run = '';
	const flush = () => {
		if (run) {
			presses.push({input: run, key: {...noKey}});
			run = '';
		}
	};

	// By index, and plain runs sliced whole: a pasted megabyte is one slice, not a million strings.
	let start = 0;
	for (let at = 0; at < input.length; at++) {
		const code = input.charCodeAt(at);
		if (code < 0x20 || code === 0x7F) {
			run += input.slice(start, at);
			flush();
			presses.push(single(input[at]!));
			start = at + 1;
		}
	}

	run += input.slice(start);
	flush();
	return presses;
}

/** The key of one character of a run, for a layer that takes keys one at a time. */
export const keyOfCharacter = single;

/** Whether `press` is a run of several plain characters (fast typing, a paste). */
export const isRun = (press: KeyPress) => press.input.length > 1 && !press.key.ctrl && !press.key.meta;
