// The one keypress owner: every key of the UI arrives here and goes to the command
// registry (commands/), through the layers that hold the keyboard now.
import {useApp, useInput, useStdout} from 'ink';
import type {Controller} from '../store/controller.ts';
import type {Store} from '../store/store.ts';
import type {UserActions} from '../store/user-actions.ts';
import type {CommandContext, HostControls} from './commands/command.ts';
import {dispatchKey} from './commands/dispatch.ts';
import {isRun, keyOfCharacter, keyPresses, type KeyPress} from './commands/key-press.ts';
import {keyLayers} from './commands/layers.ts';
import {duringInput} from './frame-pacer.ts';

type Options = {store: Store; controller: Controller; actions: UserActions; page: {list: number; history: number}; hosts?: HostControls};

export function useKeyOwner({store, controller, actions, page, hosts}: Options) {
	const {exit} = useApp();
	const {stdout} = useStdout();

	function run(press: KeyPress) {
		const state = store.getState();
		const context: CommandContext = {state, store, controller, actions, hosts, input: press.input, key: press.key, page, exit, write: text => stdout.write(text)};
		const flash = state.flash;
		if (dispatchKey(context, Boolean(hosts?.switcher())) && flash && store.getState().flash === flash) {
			// A key that did something replaces the last message.
			store.dispatch({type: 'clearFlash'});
		}
	}

	function press(one: KeyPress) {
		// A run of characters (fast typing, a paste): one insert while a text field has the keyboard,
		// else one key at a time, since a key of the run may open a field ("/stowage").
		if (!isRun(one)) {
			run(one);
			return;
		}

		const text = one.input;
		for (let at = 0; at < text.length;) {
			const char = String.fromCodePoint(text.codePointAt(at)!);
			const typing = keyLayers(store.getState(), Boolean(hosts?.switcher())).scopes.some(scope => scope.mode === 'text');
			if (typing && at + char.length < text.length) {
				run({input: text.slice(at), key: one.key});
				return;
			}

			run(keyOfCharacter(char));
			at += char.length;
		}
	}

	useInput((input, key) => {
		duringInput(() => {
			for (const one of keyPresses(input, key)) {
				press(one);
			}
		});
	});
}
