// Pure helpers for turning raw key input into single presses and text edits.
import type {Key} from 'ink';

export function editText(current: string, input: string, key: Key): string | undefined {
	// Ink 6 reports the Backspace key (DEL) as `delete`.
	if (key.backspace || key.delete) {
		return current.slice(0, -1);
	}

	if (key.ctrl && input === 'u') {
		return '';
	}

	if (input && !key.ctrl && !key.meta && !key.tab && !key.upArrow && !key.downArrow) {
		// Pasted text may carry controls; a filter has no use for them.
		// eslint-disable-next-line no-control-regex
		return current + input.replace(/[\u0000-\u001F\u007F-\u009F]/g, '');
	}

	return undefined;
}

const noKey: Key = {
	upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, home: false, end: false,
	return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false, meta: false,
	super: false, hyper: false, capsLock: false, numLock: false,
};

/**
 * Ink hands over a whole read as one input when it holds no escape sequence:
 * fast typing or a paste arrives as "/stowage\r". Split it back into key presses.
 */
export function splitKeys(input: string, key: Key): Array<[string, Key]> {
	if (input.length <= 1 || key.ctrl || key.meta || key.escape) {
		return [[input, key]];
	}

	return [...input].map(char => {
		switch (char) {
			case '\r':
			case '\n': {
				return ['', {...noKey, return: true}];
			}

			case '\t': {
				return ['', {...noKey, tab: true}];
			}

			case '\u007F':
			case '\b': {
				return ['', {...noKey, delete: true}];
			}

			default: {
				const code = char.codePointAt(0)!;
				return code < 0x20 ? [String.fromCodePoint(code + 0x60), {...noKey, ctrl: true}] : [char, {...noKey, shift: char !== char.toLowerCase()}];
			}
		}
	});
}
