// The key owner's walk: each layer's commands in turn; the first that takes the key ends it.
import type {Pane, State} from '../../store/state.ts';
import {paneNames} from '../../store/state.ts';
import type {CommandContext, Scope} from './command.ts';
import {keyLayers} from './layers.ts';
import {commandsOf, type RegisteredCommand} from './registry.ts';

function inScope(command: RegisteredCommand, scope: Scope): boolean {
	return command.scope.mode === scope.mode && (command.scope.pane === undefined || command.scope.pane === scope.pane);
}

/** The commands a key would run now, in the order they are tried. */
export function* candidates(state: State, input: string, key: CommandContext['key'], switcherOpen = false): Generator<RegisteredCommand> {
	for (const scope of keyLayers(state, switcherOpen).scopes) {
		for (const command of commandsOf(scope.mode)) {
			if (inScope(command, scope) && command.keys.some(binding => binding.matches(input, key)) && (command.enabled?.(state) ?? true)) {
				yield command;
			}
		}
	}
}

/** A key that means something on another pane: where to go for it, from the same table. */
export function elsewhere(state: State, input: string, key: CommandContext['key']): string | undefined {
	if (keyLayers(state).modal || state.overlay.kind !== 'none') {
		return undefined;
	}

	const others = commandsOf('list').filter(command => command.scope.pane !== undefined && command.scope.pane !== state.focus && command.keys.some(binding => binding.matches(input, key)));
	if (others.length === 0) {
		return undefined;
	}

	const panes = [...new Set(others.map(command => command.scope.pane as Pane))].map(pane => paneNames[pane]);
	const label = others[0]!.keys.find(binding => binding.matches(input, key))!.label;
	return `${label}: ${others.map(command => command.description.charAt(0).toLowerCase() + command.description.slice(1)).join('; ')} — on the ${panes.join(' or ')} pane: Tab to it.`;
}

/** Runs the key: true when a command took it. */
export function dispatchKey(context: CommandContext, switcherOpen = false): boolean {
	const {state, input, key} = context;
	let consumed = false;
	for (const command of candidates(state, input, key, switcherOpen)) {
		if (command.run(context) !== false) {
			consumed = true;
			break;
		}
	}

	if (!consumed && !switcherOpen) {
		const hint = elsewhere(state, input, key);
		if (hint) {
			context.store.dispatch({type: 'flash', text: hint, tone: 'info'});
			return true;
		}
	}

	return consumed;
}
