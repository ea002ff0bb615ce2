// Keys as data: a label for help and hints, and a matcher for the key owner.
import type {Key} from 'ink';

export type KeyBinding = {readonly label: string; matches(input: string, key: Key): boolean};

type Special = 'upArrow' | 'downArrow' | 'leftArrow' | 'rightArrow' | 'pageUp' | 'pageDown' | 'home' | 'end' | 'return' | 'escape';

export const char = (c: string): KeyBinding => ({label: c, matches: (input, key) => input === c && !key.ctrl && !key.meta});
export const ctrl = (c: string): KeyBinding => ({label: `Ctrl-${c.toUpperCase()}`, matches: (input, key) => key.ctrl && input === c});
export const special = (name: Special, label: string): KeyBinding => ({label, matches: (_input, key) => key[name] && !key.ctrl});
export const space: KeyBinding = {label: 'Space', matches: (input, key) => input === ' ' && !key.ctrl && !key.meta};
export const tab: KeyBinding = {label: 'Tab', matches: (_input, key) => key.tab && !key.shift};
export const shiftTab: KeyBinding = {label: 'Shift-Tab', matches: (_input, key) => key.tab && key.shift};
// Ink 6 reports the Backspace key (DEL) as `delete`; the Delete key arrives as `\u001B[3~`, also `delete`.
export const backspace: KeyBinding = {label: 'Backspace', matches: (_input, key) => key.backspace || key.delete};
/** Any text: a typed character or a paste. */
export const printable: KeyBinding = {
	label: 'text',
	// eslint-disable-next-line no-control-regex
	matches: (input, key) => input.length > 0 && !key.ctrl && !key.meta && !key.tab && !key.return && !key.escape && !/^[\u0000-\u001F\u007F]/.test(input),
};

export const up = special('upArrow', '↑');
export const down = special('downArrow', '↓');
export const left = special('leftArrow', '←');
export const right = special('rightArrow', '→');
export const enter = special('return', 'Enter');
export const escape = special('escape', 'Esc');
export const home = special('home', 'Home');
export const end = special('end', 'End');
export const pageUp = special('pageUp', 'PgUp');
export const pageDown = special('pageDown', 'PgDn');
