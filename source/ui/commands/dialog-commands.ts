// Forms, confirmations and pick-one lists, and the contexts-and-hosts switcher.
import type {Dialog} from '../../store/dialog.ts';
import type {State} from '../../store/state.ts';
import {commandTable} from './command.ts';
import {char, down, enter, escape, shiftTab, space, tab, up} from './key-binding.ts';

type Confirm = Extract<Dialog, {kind: 'confirm'}>;
const confirming = (state: State): Confirm | undefined => (state.dialog.kind === 'confirm' ? state.dialog : undefined);
/** A question that can only be closed: every image it names is held by a running container. */
const nothingToDo = (state: State) => confirming(state)?.payload.kind === 'delete' && (confirming(state)!.payload as {references: string[]}).references.length === 0;
const focusedToggle = (state: State) => state.dialog.kind === 'form' && Boolean(state.dialog.fields[state.dialog.focus]?.toggle);
/** The dialog's own extra key (f force, v volumes), before any word is typed. */
const extra = (key: string) => (state: State) => confirming(state)?.extraKey?.key === key && confirming(state)?.typed === '';
const extraHint = (state: State) => confirming(state)?.extraKey?.label;
const form = {mode: 'form'} as const;
const confirm = {mode: 'confirm'} as const;
const choose = {mode: 'choose'} as const;
const switcher = {mode: 'switcher'} as const;

export const dialogCommands = commandTable({
	formSubmit: {keys: [enter], scope: form, description: 'Go (check the answers, then run)', hint: state => (state.dialog.kind === 'form' && state.dialog.busy ? undefined : state.dialog.kind === 'form' && state.dialog.purpose === 'login' ? 'log in' : 'go'), run: ({actions}) => void actions.submitForm()},
	formNext: {keys: [tab, down], scope: form, description: 'Next field', hint: 'next field', run: ({store}) => store.dispatch({type: 'dialogFocus', step: 1})},
	formPrevious: {keys: [shiftTab, up], scope: form, description: 'Previous field', run: ({store}) => store.dispatch({type: 'dialogFocus', step: -1})},
	formToggle: {keys: [space], scope: form, description: 'Turn a [ ] option on or off, or pick the next of its choices', enabled: focusedToggle, hint: state => (focusedToggle(state) ? (state.dialog.kind === 'form' && state.dialog.fields[state.dialog.focus]?.choices ? 'next choice' : 'toggle') : undefined), run: ({store}) => store.dispatch({type: 'dialogToggle'})},
	formCancel: {keys: [escape], scope: form, description: 'Cancel', hint: 'cancel', run: ({store}) => store.dispatch({type: 'closeDialog'})},
	// A form's keys go no further: a letter typed on a [ ] option must not reach the list behind.
	formIgnore: {keys: [{label: 'other keys', matches: () => true}], scope: form, description: 'Other keys do nothing on a [ ] option', enabled: focusedToggle, run() {}},
	confirmYes: {keys: [char('y'), char('Y')], scope: confirm, description: 'Yes, go ahead', enabled: state => !confirming(state)?.requireWord && !nothingToDo(state), hint: 'yes', run: ({actions}) => actions.confirm(false)},
	confirmNo: {keys: [char('n'), char('N')], scope: confirm, description: 'No', enabled: state => !confirming(state)?.requireWord && !nothingToDo(state), hint: 'no', run: ({store}) => store.dispatch({type: 'closeDialog'})},
	confirmCancel: {keys: [escape], scope: confirm, description: 'Cancel (or close a question that can only be closed)', hint: state => (nothingToDo(state) ? 'close' : 'cancel'), run: ({store}) => store.dispatch({type: 'closeDialog'})},
	confirmWord: {keys: [enter], scope: confirm, description: 'Go ahead, when the word asked for is typed', enabled: state => Boolean(confirming(state)?.requireWord), hint: state => (confirming(state)?.requireWord ? `after typing ${confirming(state)!.requireWord!}` : undefined), run({state, store, actions}) {
		const dialog = confirming(state)!;
		if (dialog.typed === dialog.requireWord) {
			actions.confirm(false);
		} else {
			store.dispatch({type: 'dialogError', error: `type ${dialog.requireWord!} to go ahead, or Esc to cancel`});
		}
	}},
	confirmForce: {keys: [char('f')], scope: confirm, description: 'Force (docker rmi -f), where the confirmation offers it', enabled: extra('f'), hint: state => (extra('f')(state) ? extraHint(state) : undefined), run: ({actions}) => actions.confirm(true)},
	confirmVolumes: {keys: [char('v')], scope: confirm, description: 'Include or leave out volumes, where the confirmation offers it', enabled: extra('v'), hint: state => (extra('v')(state) ? extraHint(state) : undefined), run: ({actions}) => actions.confirm(true)},
	chooseUp: {keys: [up, char('k')], scope: choose, description: 'The choice above', hint: 'choose', run: ({state, store}) => store.dispatch({type: 'dialogChoose', index: state.dialog.kind === 'choose' ? state.dialog.cursor - 1 : 0})},
	chooseDown: {keys: [down, char('j')], scope: choose, description: 'The choice below', run: ({state, store}) => store.dispatch({type: 'dialogChoose', index: state.dialog.kind === 'choose' ? state.dialog.cursor + 1 : 0})},
	choosePick: {keys: [enter], scope: choose, description: 'Take the highlighted choice', hint: 'go', run: ({actions}) => actions.choose()},
	chooseCancel: {keys: [escape], scope: choose, description: 'Cancel', hint: 'cancel', run: ({store}) => store.dispatch({type: 'closeDialog'})},
	switcherUp: {keys: [up, char('k')], scope: switcher, description: 'The context or host above', run: ({hosts}) => hosts?.switcher()?.highlight(hosts.switcher()!.cursor - 1)},
	switcherDown: {keys: [down, char('j')], scope: switcher, description: 'The context or host below', run: ({hosts}) => hosts?.switcher()?.highlight(hosts.switcher()!.cursor + 1)},
	switcherOpen: {keys: [enter], scope: switcher, description: 'Show the highlighted one (and the marked ones beside it), connecting if needed', hint: 'show', run: ({hosts}) => hosts?.switcher()?.open()},
	switcherMark: {keys: [space], scope: switcher, description: 'Mark several to open side by side', hint: 'mark several', run: ({hosts}) => hosts?.switcher()?.mark()},
	switcherClose: {keys: [escape, char('c'), char('q')], scope: switcher, description: 'Back to the images', hint: 'back', run: ({hosts}) => hosts?.switcher()?.close()},
});
