// The one keypress owner: turns keys into commands for the store and the controller.
import {useApp, useInput, useStdout, type Key} from 'ink';
import type {Controller} from '../store/controller.ts';
import type {UserActions} from '../store/user-actions.ts';
import {selectedRow} from '../store/selectors.ts';
import type {Store} from '../store/store.ts';
import {editText, splitKeys} from './key-input.ts';
import {handleDialogKey} from './dialog-keys.ts';
import {handleOverlayCommand, handleOverlayTyping} from './overlay-keys.ts';
import {matchCommand} from './keymap.ts';

export type HostCommand = 'switchHost' | 'nextHost' | 'prevHost';

export function useKeys(store: Store, controller: Controller, actions: UserActions, pageSize: {list: number; history: number; overlay: number}, onHost?: (command: HostCommand) => void, isActive = true) {
	const {exit} = useApp();
	const {stdout} = useStdout();
	const {dispatch} = store;

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

			case 'filter': {
				dispatch({type: 'filterStart'});
				break;
			}

			case 'sort': {
				dispatch({type: 'sortNext'});
				break;
			}

			case 'toggleUntagged': {
				dispatch({type: 'toggleUntagged'});
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

			case 'help': {
				dispatch({type: 'openHelp'});
				break;
			}

			case 'quit': {
				exit();
				break;
			}

			case 'pull': {
				actions.openPull();
				break;
			}

			case 'push': {
				actions.openPush();
				break;
			}

			case 'tag': {
				actions.openTag();
				break;
			}

			case 'delete': {
				actions.openDelete();
				break;
			}

			case 'mark': {
				dispatch({type: 'toggleMark'});
				break;
			}

			case 'markAll': {
				dispatch({type: 'markAll'});
				break;
			}

			case 'clearMarks': {
				dispatch({type: 'clearMarks'});
				break;
			}

			case 'pruneDangling': {
				void actions.openPruneDangling();
				break;
			}

			case 'pruneAll': {
				void actions.openPruneAll();
				break;
			}

			case 'build': {
				actions.openBuild();
				break;
			}

			case 'save': {
				actions.openSave();
				break;
			}

			case 'load': {
				actions.openLoad();
				break;
			}

			case 'login': {
				actions.openLogin();
				break;
			}

			case 'run': {
				actions.requestRun();
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

			case 'copyToHost': {
				actions.openCopy();
				break;
			}

			case 'advise': {
				actions.openAdvisor();
				break;
			}

			case 'explore': {
				actions.exploreStep();
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
