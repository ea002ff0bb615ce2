// The one keypress owner: turns keys into commands for the store and the controller.
import {useApp, useInput, useStdout, type Key} from 'ink';
import type {Action} from '../store/actions.ts';
import type {Controller} from '../store/controller.ts';
import type {UserActions} from '../store/user-actions.ts';
import {selectedRow} from '../store/selectors.ts';
import type {Store} from '../store/store.ts';
import {editText, splitKeys} from './key-input.ts';
import {handleDialogKey} from './dialog-keys.ts';
import {handleOverlayCommand, handleOverlayTyping} from './overlay-keys.ts';
import {matchCommand, type Command} from './keymap.ts';

// Keys in the list that are one store action each.
const listDispatches: Partial<Record<Command, Action>> = {
	filter: {type: 'filterStart'},
	sort: {type: 'sortNext'},
	toggleUntagged: {type: 'toggleUntagged'},
	help: {type: 'openHelp'},
	mark: {type: 'toggleMark'},
	markAll: {type: 'markAll'},
	clearMarks: {type: 'clearMarks'},
};

export type HostCommand = 'switchHost' | 'nextHost' | 'prevHost';

export function useKeys(store: Store, controller: Controller, actions: UserActions, pageSize: {list: number; history: number; overlay: number}, onHost?: (command: HostCommand) => void, isActive = true) {
	const {exit} = useApp();
	const {stdout} = useStdout();
	const {dispatch} = store;

	// Keys that only open a dialog or start an action (it reports its own outcome).
	const userActions: Partial<Record<Command, () => unknown>> = {
		pull: () => actions.openPull(),
		push: () => actions.openPush(),
		tag: () => actions.openTag(),
		delete: () => actions.openDelete(),
		pruneDangling: async () => actions.openPruneDangling(),
		pruneAll: async () => actions.openPruneAll(),
		build: () => actions.openBuild(),
		save: () => actions.openSave(),
		load: () => actions.openLoad(),
		login: () => actions.openLogin(),
		run: () => actions.requestRun(),
		copyToHost: () => actions.openCopy(),
		advise: () => actions.openAdvisor(),
		explore: () => actions.exploreStep(),
	};

	useInput((input, key) => {
		for (const [one, oneKey] of splitKeys(input, key)) {
			handle(one, oneKey);
		}
	}, {isActive});

	function handle(input: string, key: Key) {
		const state = store.getState();
		if (key.ctrl && input === 'c') {
			exit();
			return;
		}

		if (state.dialog.kind !== 'none') {
			handleDialogKey(store, actions, input, key);
			return;
		}

		if (state.filterEditing) {
			if (key.return) {
				dispatch({type: 'filterCommit'});
			} else if (key.escape) {
				dispatch({type: 'filterCancel'});
			} else if (key.upArrow || key.downArrow) {
				dispatch({type: 'move', delta: key.upArrow ? -1 : 1});
			} else {
				const text = editText(state.filter, input, key);
				if (text !== undefined) {
					dispatch({type: 'filterInput', text});
				}
			}

			return;
		}

		if (handleOverlayTyping(store, input, key)) {
			return;
		}

		const inOverlay = state.overlay.kind !== 'none';
		const command = matchCommand(input, key, inOverlay ? 'overlay' : 'list');
		if (state.flash && command !== undefined) {
			dispatch({type: 'clearFlash'});
		}

		if (inOverlay) {
			handleOverlayCommand(store, controller, actions, command, pageSize.overlay, exit);
			return;
		}

		if (command !== undefined && command in listDispatches) {
			dispatch(listDispatches[command]!);
			return;
		}

		if (command !== undefined && command in userActions) {
			void userActions[command]!();
			return;
		}

		const page = state.focus === 'history' ? pageSize.history : pageSize.list;
		switch (command) {
			case 'up':
			case 'down': {
				dispatch({type: 'move', delta: command === 'up' ? -1 : 1});
				break;
			}

			case 'pageUp':
			case 'pageDown': {
				dispatch({type: 'move', delta: (command === 'pageUp' ? -1 : 1) * Math.max(page, 1)});
				break;
			}

			case 'home':
			case 'end': {
				dispatch({type: 'moveTo', where: command === 'home' ? 'start' : 'end'});
				break;
			}

			case 'focusNext':
			case 'focusPrev': {
				dispatch({type: 'focus', step: command === 'focusNext' ? 1 : -1});
				break;
			}

			case 'inspect': {
				if (state.focus === 'history') {
					controller.inspectStep();
				} else if (state.focus === 'jobs') {
					controller.inspectJob();
				} else {
					controller.inspectSelected();
				}

				break;
			}

			case 'close': {
				if (state.filter) {
					dispatch({type: 'filterCancel'});
				}

				break;
			}

			case 'reload': {
				controller.reload();
				dispatch({type: 'flash', text: 'Reloading…', tone: 'info'});
				break;
			}

			case 'copyId': {
				const row = selectedRow(state);
				if (row) {
					// OSC 52: the terminal puts it on the clipboard, even over SSH.
					stdout.write(`\u001B]52;c;${Buffer.from(row.id).toString('base64')}\u0007`);
					dispatch({type: 'flash', text: `Copied ${row.id} to the clipboard`, tone: 'info'});
				}

				break;
			}

			case 'quit': {
				exit();
				break;
			}

			case 'switchHost':
			case 'nextHost':
			case 'prevHost': {
				if (onHost) {
					onHost(command);
				}

				break;
			}

			case 'cancelJob': {
				if (state.focus === 'jobs') {
					actions.cancelJob();
				} else {
					dispatch({type: 'flash', text: 'K cancels the focused job: Tab to the jobs pane first.', tone: 'info'});
				}

				break;
			}

			default:
		}
	}
}
