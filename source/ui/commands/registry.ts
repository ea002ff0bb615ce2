// Every command of the UI in one table: the key owner matches against it, and help,
// the status bar's hints and the dialogs' footers are drawn from it.
import type {Command, Mode} from './command.ts';
import {dialogCommands} from './dialog-commands.ts';
import {globalCommands} from './global-commands.ts';
import {listCommands} from './list-commands.ts';
import {overlayCommands} from './overlay-commands.ts';
import {textCommands} from './text-commands.ts';
import {registryCommands} from './registry-commands.ts';

export const commands = {...dialogCommands, ...textCommands, ...registryCommands, ...overlayCommands, ...listCommands, ...globalCommands} as const;
export type CommandId = keyof typeof commands;
export type RegisteredCommand = Command & {id: CommandId};

/** The tables, as written: a test checks no id is in two of them (a spread would hide one). */
export const tables: ReadonlyArray<Record<string, Command>> = [dialogCommands, textCommands, registryCommands, overlayCommands, listCommands, globalCommands];

export const registered: readonly RegisteredCommand[] = (Object.keys(commands) as CommandId[]).map(id => ({...commands[id], id}));

const byMode = new Map<Mode, RegisteredCommand[]>();
for (const command of registered) {
	byMode.set(command.scope.mode, [...byMode.get(command.scope.mode) ?? [], command]);
}

export function commandsOf(mode: Mode): readonly RegisteredCommand[] {
	return byMode.get(mode) ?? [];
}
