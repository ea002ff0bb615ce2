import assert from 'node:assert/strict';
import {test} from 'node:test';
import {createPassphrasePrompt} from '../../source/store/passphrase.ts';
import {initialState} from '../../source/store/state.ts';
import {createStore} from '../../source/store/store.ts';

test('the passphrase form answers with what was typed; the field is hidden', async () => {
	const store = createStore(initialState('ssh://box'));
	const prompt = createPassphrasePrompt(store);
	const answer = prompt.askPassphrase('/home/me/.ssh/id_ed25519');
	const {dialog} = store.getState();
	assert.equal(dialog.kind === 'form' && dialog.fields[0]?.hidden, true);
	store.dispatch({type: 'dialogInput', text: 'open sesame'});
	prompt.submitPassphrase();
	assert.equal(await answer, 'open sesame');
	assert.equal(store.getState().dialog.kind, 'none');
});

test('Esc (the form closing any other way) skips the key', async () => {
	const store = createStore(initialState('ssh://box'));
	const prompt = createPassphrasePrompt(store);
	const answer = prompt.askPassphrase('/k');
	store.dispatch({type: 'closeDialog'});
	assert.equal(await answer, undefined);
});

test('a second question replaces the first, which is skipped', async () => {
	const store = createStore(initialState('ssh://box'));
	const prompt = createPassphrasePrompt(store);
	const first = prompt.askPassphrase('/a');
	const second = prompt.askPassphrase('/b');
	assert.equal(await first, undefined);
	store.dispatch({type: 'dialogInput', text: 'b-pass'});
	prompt.submitPassphrase();
	assert.equal(await second, 'b-pass');
});
