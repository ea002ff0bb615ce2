// The one table of keys. The input handler matches against it and the help
// overlay is drawn from it, so the two cannot drift apart.
import type {Key} from 'ink';

export type KeyBinding = {label: string; matches(input: string, key: Key): boolean};

const char = (c: string): KeyBinding => ({label: c, matches: (input, key) => input === c && !key.ctrl && !key.meta});
const ctrl = (c: string): KeyBinding => ({label: `Ctrl-${c.toUpperCase()}`, matches: (input, key) => key.ctrl && input === c});
const special = (name: 'upArrow' | 'downArrow' | 'pageUp' | 'pageDown' | 'home' | 'end' | 'return' | 'escape', label: string): KeyBinding => ({
	label,
	matches: (_input, key) => key[name],
});
const space: KeyBinding = {label: 'Space', matches: input => input === ' '};
const tab: KeyBinding = {label: 'Tab', matches: (_input, key) => key.tab && !key.shift};
const shiftTab: KeyBinding = {label: 'Shift-Tab', matches: (_input, key) => key.tab && key.shift};

export const commandNames = [
	'up', 'down', 'pageUp', 'pageDown', 'home', 'end',
	'focusNext', 'focusPrev', 'inspect', 'filter', 'sort', 'toggleUntagged',
	'close', 'reload', 'copyId', 'help', 'searchNext', 'searchPrev', 'quit',
	'pull', 'push', 'tag', 'delete', 'mark', 'markAll', 'clearMarks', 'pruneDangling', 'pruneAll',
	'build', 'save', 'load', 'login', 'run', 'cancelJob',
	'switchHost', 'nextHost', 'prevHost', 'copyToHost',
	'advise', 'explore', 'deepScan', 'toggleFinal',
] as const;
export type Command = (typeof commandNames)[number];

export type Binding = {command: Command; keys: readonly KeyBinding[]; description: string; where: 'anywhere' | 'list' | 'overlay'};

export const keymap: readonly Binding[] = [
	{command: 'up', keys: [special('upArrow', '↑'), char('k')], description: 'Move the selection up', where: 'anywhere'},
	{command: 'down', keys: [special('downArrow', '↓'), char('j')], description: 'Move the selection down', where: 'anywhere'},
	{command: 'pageUp', keys: [special('pageUp', 'PgUp')], description: 'Page up', where: 'anywhere'},
	{command: 'pageDown', keys: [special('pageDown', 'PgDn')], description: 'Page down', where: 'anywhere'},
	{command: 'home', keys: [special('home', 'Home'), char('g')], description: 'Jump to the first row', where: 'anywhere'},
	{command: 'end', keys: [special('end', 'End'), char('G')], description: 'Jump to the last row', where: 'anywhere'},
	{command: 'focusNext', keys: [tab], description: 'Focus the next pane', where: 'list'},
	{command: 'focusPrev', keys: [shiftTab], description: 'Focus the previous pane', where: 'list'},
	{command: 'inspect', keys: [special('return', 'Enter'), char('i')], description: 'Inspect the selected image (full JSON) or layer step', where: 'list'},
	{command: 'filter', keys: [char('/')], description: 'Filter the list (in inspect: search); Enter keeps it, Esc clears it', where: 'anywhere'},
	{command: 'searchNext', keys: [char('n')], description: 'Next search match', where: 'overlay'},
	{command: 'searchPrev', keys: [char('N')], description: 'Previous search match', where: 'overlay'},
	{command: 'sort', keys: [char('s')], description: 'Cycle the sort: created, size, name', where: 'list'},
	{command: 'toggleUntagged', keys: [char('u')], description: 'Show or hide untagged (<none>) images', where: 'list'},
	{command: 'close', keys: [special('escape', 'Esc')], description: 'Close an overlay or clear the filter', where: 'anywhere'},
	{command: 'reload', keys: [ctrl('r')], description: 'Reload everything', where: 'anywhere'},
	{command: 'copyId', keys: [char('y')], description: "Copy the selected image's full ID (OSC 52)", where: 'list'},
	{command: 'help', keys: [char('?')], description: 'Show this help', where: 'anywhere'},
	{command: 'pull', keys: [char('p')], description: 'Pull an image by reference', where: 'list'},
	{command: 'push', keys: [char('P')], description: 'Push the selected tag (or the marked images)', where: 'list'},
	{command: 'tag', keys: [char('t')], description: 'Tag the selected image with a new reference', where: 'list'},
	{command: 'delete', keys: [char('d')], description: 'Delete the selected image (or the marked ones), after a confirmation', where: 'list'},
	{command: 'mark', keys: [space], description: 'Mark or unmark the selected image', where: 'list'},
	{command: 'markAll', keys: [char('a')], description: 'Mark every visible image', where: 'list'},
	{command: 'clearMarks', keys: [char('A')], description: 'Clear the marks', where: 'list'},
	{command: 'pruneDangling', keys: [char('x')], description: 'Prune dangling images (with a preview)', where: 'list'},
	{command: 'pruneAll', keys: [char('X')], description: 'Prune everything unused: containers, networks, images, build cache', where: 'list'},
	{command: 'build', keys: [char('b')], description: 'Build an image from a context directory', where: 'list'},
	{command: 'save', keys: [char('S')], description: 'Save the selected (or marked) images to a tar', where: 'list'},
	{command: 'load', keys: [char('L')], description: 'Load images from a tar', where: 'list'},
	{command: 'login', keys: [char('l')], description: 'Log in to a registry', where: 'list'},
	{command: 'run', keys: [char('r')], description: 'Run the selected image with a terminal (docker run -it --rm)', where: 'list'},
	{command: 'cancelJob', keys: [char('K')], description: 'Cancel the focused job (jobs pane), or the deep scan (advisor, layer explorer)', where: 'anywhere'},
	{command: 'switchHost', keys: [char('c')], description: 'Contexts and hosts: switch, or open several side by side', where: 'list'},
	{command: 'nextHost', keys: [char(']')], description: 'Show the next open host', where: 'list'},
	{command: 'prevHost', keys: [char('[')], description: 'Show the previous open host', where: 'list'},
	{command: 'copyToHost', keys: [char('C')], description: 'Copy the selected (or marked) images to another open host', where: 'list'},
	{command: 'advise', keys: [char('o')], description: 'Optimization advisor for the selected image: advice from its history at once', where: 'list'},
	{command: 'explore', keys: [char('e')], description: 'Layer explorer for the focused history step: its files by size (deep scan first)', where: 'list'},
	{command: 'deepScan', keys: [char('D')], description: 'Deep scan in the advisor: exact paths and bytes, as a job (K cancels)', where: 'overlay'},
	{command: 'toggleFinal', keys: [char('f')], description: "Layer explorer: switch between the step's changes and the final filesystem", where: 'overlay'},
	{command: 'quit', keys: [char('q'), ctrl('c')], description: 'Quit', where: 'anywhere'},
];

export function matchCommand(input: string, key: Key, context: 'list' | 'overlay'): Command | undefined {
	for (const binding of keymap) {
		if (binding.where !== 'anywhere' && binding.where !== context) {
			continue;
		}

		if (binding.keys.some(k => k.matches(input, key))) {
			return binding.command;
		}
	}

	return undefined;
}
