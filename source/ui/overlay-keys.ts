// Commands while an overlay (help, inspect, advisor, layer explorer) is open:
// scroll, search or filter, deep scan, close.
import type {Key} from 'ink';
import type {Controller} from '../store/controller.ts';
import type {UserActions} from '../store/user-actions.ts';
import type {State} from '../store/state.ts';
import type {Store} from '../store/store.ts';
import type {Command} from './keymap.ts';
import {editText} from './key-input.ts';

/** Typing into inspect's search or the explorer's filter; true when the key was taken. */
export function handleOverlayTyping(store: Store, input: string, key: Key): boolean {
	const {dispatch} = store;
	const {overlay} = store.getState();
	if (overlay.kind === 'inspect' && overlay.searching) {
		if (key.return) {
			dispatch({type: 'searchNext', direction: 1});
		} else if (key.escape) {
			dispatch({type: 'searchCancel'});
		} else {
			const text = editText(overlay.search, input, key);
			if (text !== undefined) {
				dispatch({type: 'searchInput', text});
			}
		}

		return true;
	}

	if (overlay.kind === 'explorer' && overlay.filtering) {
		if (key.return || key.escape) {
			dispatch({type: 'explorerFilterEnd', keep: key.return});
		} else {
			const text = editText(overlay.filter, input, key);
			if (text !== undefined) {
				dispatch({type: 'explorerFilterInput', text});
			}
		}

		return true;
	}

	return false;
}

export function handleOverlayCommand(store: Store, controller: Controller, actions: UserActions, command: Command | undefined, page: number, exit: () => void) {
	const {dispatch} = store;
	const state: State = store.getState();
	switch (command) {
		case 'up':
		case 'down': {
			dispatch({type: 'overlayScroll', delta: command === 'up' ? -1 : 1});
			break;
		}

		case 'pageUp':
		case 'pageDown': {
			dispatch({type: 'overlayScroll', delta: (command === 'pageUp' ? -1 : 1) * page});
			break;
		}

		case 'home':
		case 'end': {
			dispatch({type: 'overlayScrollTo', where: command === 'home' ? 'start' : 'end'});
			break;
		}

		case 'filter': {
			if (state.overlay.kind === 'inspect') {
				dispatch({type: 'searchStart'});
			} else if (state.overlay.kind === 'explorer') {
				dispatch({type: 'explorerFilterStart'});
			}

			break;
		}

		case 'cancelJob': {
			actions.cancelScan();
			break;
		}

		case 'deepScan': {
			actions.deepScanShown();
			break;
		}

		case 'toggleFinal': {
			dispatch({type: 'explorerToggleFinal'});
			break;
		}

		case 'searchNext':
		case 'searchPrev': {
			dispatch({type: 'searchNext', direction: command === 'searchNext' ? 1 : -1});
			break;
		}

		case 'close':
		case 'help': {
			dispatch({type: 'closeOverlay'});
			break;
		}

		case 'quit': {
			exit();
			break;
		}

		case 'reload': {
			controller.reload();
			break;
		}

		default:
	}
}
