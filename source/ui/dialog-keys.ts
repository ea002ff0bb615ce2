// Keys while a dialog is open: forms take text, confirmations y/n or a typed word, choices arrows.
import type {Key} from 'ink';
import type {Store} from '../store/store.ts';
import type {UserActions} from '../store/user-actions.ts';
import {editText} from './key-input.ts';

export function handleDialogKey(store: Store, actions: UserActions, input: string, key: Key) {
	const {dispatch} = store;
	const {dialog} = store.getState();
	if (key.escape) {
		dispatch({type: 'closeDialog'});
		return;
	}

	switch (dialog.kind) {
		case 'form': {
			const field = dialog.fields[dialog.focus];
			if (key.return) {
				void actions.submitForm();
			} else if (key.tab) {
				dispatch({type: 'dialogFocus', step: key.shift ? -1 : 1});
			} else if (key.upArrow || key.downArrow) {
				dispatch({type: 'dialogFocus', step: key.upArrow ? -1 : 1});
			} else if (field?.toggle) {
				if (input === ' ') {
					dispatch({type: 'dialogToggle'});
				}
			} else if (field) {
				const text = editText(field.value, input, key);
				if (text !== undefined) {
					dispatch({type: 'dialogInput', text});
				}
			}

			return;
		}

		case 'confirm': {
			const extra = dialog.extraKey && input === dialog.extraKey.key && dialog.typed === '';
			if (extra) {
				actions.confirm(true);
			} else if (dialog.requireWord) {
				if (key.return) {
					if (dialog.typed === dialog.requireWord) {
						actions.confirm(false);
					} else {
						dispatch({type: 'dialogError', error: `type ${dialog.requireWord} to go ahead, or Esc to cancel`});
					}
				} else {
					const text = editText(dialog.typed, input, key);
					if (text !== undefined) {
						dispatch({type: 'dialogInput', text});
					}
				}
			} else if (input === 'y' || input === 'Y') {
				actions.confirm(false);
			} else if (input === 'n' || input === 'N') {
				dispatch({type: 'closeDialog'});
			}

			return;
		}

		case 'choose': {
			if (key.upArrow || key.downArrow || input === 'k' || input === 'j') {
				dispatch({type: 'dialogChoose', delta: key.upArrow || input === 'k' ? -1 : 1});
			} else if (key.return) {
				if (dialog.purpose === 'copyTo') {
					actions.chooseCopyTarget();
				} else {
					actions.chooseTag();
				}
			}

			return;
		}

		case 'none': {
			return;
		}
	}
}
