// Commands while the help or inspect overlay is open: scroll, search, close.
import type {Controller} from '../store/controller.ts';
import type {State} from '../store/state.ts';
import type {Store} from '../store/store.ts';
import type {Command} from './keymap.ts';

export function handleOverlayCommand(store: Store, controller: Controller, command: Command | undefined, page: number, exit: () => void) {
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
			}

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
