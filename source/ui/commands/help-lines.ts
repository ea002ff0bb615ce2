// Help, the status bar's hints and the dialogs' footers, all drawn from the registry.
import type {Pane, State} from '../../store/state.ts';
import {fit} from '../text.ts';
import type {Mode} from './command.ts';
import {keyLayers} from './layers.ts';
import {commandsOf, registered, type RegisteredCommand} from './registry.ts';

/** The help's sections, in the order a person meets them. */
export const helpSections: ReadonlyArray<{title: string; modes: readonly Mode[]}> = [
	{title: 'Images and the panes beside them', modes: ['list']},
	{title: 'Anywhere', modes: ['global', 'always']},
	{title: 'Help, inspect, advisor, layer explorer', modes: ['overlay', 'help', 'inspect', 'advisor', 'explorer', 'file', 'compare']},
	{title: 'Registry browser (R)', modes: ['registry', 'registryFilter']},
	{title: 'Filter and search', modes: ['filter', 'search', 'explorerFilter', 'compareFilter']},
	{title: 'Every text field (filter, search, forms)', modes: ['text']},
	{title: 'Forms', modes: ['form']},
	{title: 'Confirmations', modes: ['confirm']},
	{title: 'Choices', modes: ['choose']},
	{title: 'Contexts and hosts (c)', modes: ['switcher']},
];

const where: Partial<Record<Mode, string>> = {help: 'help', inspect: 'inspect', advisor: 'advisor', explorer: 'explorer', file: 'file pager', compare: 'comparison', compareFilter: 'comparison filter', filter: 'filter', search: 'search', explorerFilter: 'explorer filter', registryFilter: 'registry filter'};

export function keyLabels(command: RegisteredCommand): string {
	return command.keys.map(binding => binding.label).join(' ');
}

function scopeNote(command: RegisteredCommand): string {
	const place = command.scope.pane ? `${command.scope.pane} pane` : where[command.scope.mode];
	return place ? ` (${place})` : '';
}

/** `text` in lines of at most `width` characters, broken at spaces (a word longer than that stands alone). */
function wrapWords(text: string, width: number): string[] {
	const lines: string[] = [];
	let line = '';
	for (const word of text.split(' ')) {
		if (line && line.length + 1 + word.length > width) {
			lines.push(line);
			line = word;
		} else {
			line = line ? `${line} ${word}` : word;
		}
	}

	return [...lines, line];
}

/** Every command by section; a description longer than the screen goes on under itself, never cut. */
export function helpLines(columns = Number.POSITIVE_INFINITY): string[] {
	const keyWidth = Math.max(...registered.map(command => keyLabels(command).length));
	const indent = ' '.repeat(2 + keyWidth + 3);
	// One column spare: a line exactly the screen's width wraps in some terminals.
	const room = Math.max(columns - 1 - indent.length, 20);
	return helpSections.flatMap(({title, modes}, index) => [
		...(index > 0 ? [''] : []),
		title,
		...modes.flatMap(mode => commandsOf(mode)).flatMap(command => wrapWords(`${command.description}${scopeNote(command)}`, room)
			.map((part, line) => (line === 0 ? `  ${fit(keyLabels(command), keyWidth)}   ${part}` : `${indent}${part}`))),
	]);
}

/** "key words" for a command that has a hint now. */
function hintOf(state: State, command: RegisteredCommand): string[] {
	const words = typeof command.hint === 'function' ? command.hint(state) : command.hint;
	// A move up names its pair: ↑↓ (and ← its →).
	const first = command.keys[0]!.label;
	const label = first === '↑' ? '↑↓' : first === '←' ? '←→' : first;
	return words && (command.enabled?.(state) ?? true) ? [`${label} ${words}`] : [];
}

/** The hints of these modes' commands, those of one pane or of every pane. */
function hintsOf(state: State, modes: readonly Mode[], pane?: string): string[] {
	// A key an upper mode already takes never reaches a lower one: its hint there would be wrong.
	const taken = new Set<string>();
	return modes.flatMap(mode => {
		const commands = commandsOf(mode)
			.filter(command => command.scope.pane === undefined || command.scope.pane === pane)
			.filter(command => command.keys.some(binding => !taken.has(binding.label)));
		for (const command of commands) {
			if (command.enabled?.(state) ?? true) {
				for (const binding of command.keys) {
					taken.add(binding.label);
				}
			}
		}

		return commands.flatMap(command => hintOf(state, command));
	});
}

/** The status bar's hints: what the keys do here, the focused pane's first. */
export function statusHints(state: State): string[] {
	// A dialog's keys are in its footer.
	const modes = state.dialog.kind === 'none' ? keyLayers(state).scopes.map(scope => scope.mode).filter(mode => mode !== 'always' && mode !== 'global') : [];
	return hintsOf(state, modes, state.focus);
}

/** A dialog's footer: its own keys, then the text field's. */
export function dialogHints(state: State): string[] {
	return state.dialog.kind === 'none' ? [] : hintsOf(state, [state.dialog.kind, ...(keyLayers(state).scopes.some(scope => scope.mode === 'text') ? ['text' as const] : [])]);
}

/** A pane's own keys (its title shows them while focused). */
export function paneHints(state: State, pane: Pane): string[] {
	return commandsOf('list').filter(command => command.scope.pane === pane).flatMap(command => hintOf(state, command));
}

export function switcherHints(state: State): string[] {
	return hintsOf(state, ['switcher']);
}

/** Always on screen, however narrow: the two keys that get a person out of anything. */
export const essentialHints = '? help · q quit';
