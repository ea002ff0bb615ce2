// A command is data plus a handler: its keys, where it applies, the words for help and
// hints, and what it does. Every key of the UI is one of these (registry.ts).
import type {Key} from 'ink';
import type {Controller} from '../../store/controller.ts';
import type {Pane, State} from '../../store/state.ts';
import type {Store} from '../../store/store.ts';
import type {RunningJob} from '../../store/quit.ts';
import type {UserActions} from '../../store/user-actions.ts';
import type {KeyBinding} from './key-binding.ts';

/**
 * Where a key is read. The key owner walks a stack of these, top first: a dialog, then the text
 * field it holds, then an overlay, then the focused pane, then what works anywhere.
 */
export const modes = [
	'always', 'form', 'confirm', 'choose', 'switcher', 'filter', 'search', 'explorerFilter', 'compareFilter', 'text',
	'help', 'inspect', 'advisor', 'explorer', 'file', 'compare', 'registry', 'registryFilter', 'overlay', 'list', 'global',
] as const;
export type Mode = (typeof modes)[number];

export type Scope = {mode: Mode; pane?: Pane};

/** The hosts around the session: the `c` switcher and the other open hosts. */
export type HostControls = {
	openSwitcher(): void;
	step(delta: 1 | -1): void;
	/** While the switcher is open: read at each key, so a burst of keys sees the last one's effect. */
	switcher(): {cursor: number; mark(): void; highlight(index: number): void; open(): void; close(): void} | undefined;
	/** The jobs running on every open host (quitting asks about them). */
	runningJobs(): RunningJob[];
};

export type CommandContext = {
	state: State;
	store: Store;
	controller: Controller;
	actions: UserActions;
	hosts?: HostControls;
	/** The key as pressed (a text insert reads it). */
	input: string;
	key: Key;
	/** Rows a page moves in the list and in the history pane. */
	page: {list: number; history: number};
	exit(): void;
	/** Raw output to the terminal (OSC 52 for the clipboard). */
	write(text: string): void;
};

export type Command = {
	readonly keys: readonly KeyBinding[];
	readonly scope: Scope;
	readonly description: string;
	/** The few words after the key in the status bar or a dialog's footer; none keeps it out of them. */
	readonly hint?: string | ((state: State) => string | undefined);
	/** Whether the command applies now; false lets the key fall through to the next command. */
	enabled?(state: State): boolean;
	/** Does it; `false` means the key was not taken after all. */
	run(context: CommandContext): void | false;
};

export const commandTable = <T extends Record<string, Command>>(table: T): T => table;
