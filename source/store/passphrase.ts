// The engine asks for a key's passphrase in the middle of an SSH handshake: a
// hidden form answers it, and Esc (or any other way the form goes) skips the key.
import {sanitizeLine} from '../format/sanitize.ts';
import type {Store} from './store.ts';

export function createPassphrasePrompt(store: Store) {
	let pending: ((value: string | undefined) => void) | undefined;
	const isOurs = () => {
		const {dialog} = store.getState();
		return dialog.kind === 'form' && dialog.purpose === 'passphrase';
	};

	return {
		/** Resolves with what was typed, or undefined when the form is dismissed. */
		askPassphrase(keyPath: string): Promise<string | undefined> {
			pending?.(undefined);
			return new Promise(resolve => {
				const unsubscribe = store.subscribe(() => {
					if (!isOurs()) {
						finish(undefined);
					}
				});
				const finish = (value: string | undefined) => {
					unsubscribe();
					if (pending === finish) {
						pending = undefined;
					}

					resolve(value);
				};

				pending = finish;
				store.dispatch({
					type: 'openDialog',
					dialog: {kind: 'form', purpose: 'passphrase', title: `Passphrase for the SSH key ${sanitizeLine(keyPath)}`, fields: [{name: 'passphrase', label: 'Passphrase', value: '', hidden: true}], focus: 0, note: 'Esc skips this key.'},
				});
			});
		},
		/** Enter in the passphrase form. */
		submitPassphrase() {
			const {dialog} = store.getState();
			const value = dialog.kind === 'form' ? dialog.fields[0]?.value ?? '' : '';
			// Answered before the form closes: closing it is what "skip" listens for.
			pending?.(value);
			store.dispatch({type: 'closeDialog'});
		},
	};
}
