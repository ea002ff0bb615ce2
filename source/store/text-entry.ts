// Which text field has the keyboard, if any: at most one at a time (a dialog's focused
// field, the word a confirmation asks for, the filter, inspect's search, the explorer's filter).
import type {Action} from './actions.ts';
import type {State} from './state.ts';

export type ActiveText = {value: string; hidden?: boolean; write(text: string): Action; identity: string};

export function activeText(state: State): ActiveText | undefined {
	const {dialog, overlay} = state;
	if (dialog.kind === 'form') {
		const field = dialog.fields[dialog.focus];
		return field && !field.toggle ? {value: field.value, hidden: field.hidden, write: text => ({type: 'dialogInput', text}), identity: `form ${dialog.title} ${field.name}`} : undefined;
	}

	if (dialog.kind === 'confirm') {
		return dialog.requireWord ? {value: dialog.typed, write: text => ({type: 'dialogInput', text}), identity: `confirm ${dialog.title}`} : undefined;
	}

	if (dialog.kind !== 'none') {
		return undefined;
	}

	if (state.filterEditing) {
		return {value: state.filter, write: text => ({type: 'filterInput', text}), identity: 'filter'};
	}

	if (overlay.kind === 'inspect' && overlay.searching) {
		return {value: overlay.search, write: text => ({type: 'searchInput', text}), identity: `search ${overlay.title}`};
	}

	if (overlay.kind === 'registry' && state.registry?.filtering) {
		return {value: state.registry.filter, write: text => ({type: 'registryFilterInput', text}), identity: 'registry filter'};
	}

	if (overlay.kind === 'compare' && overlay.filtering) {
		return {value: overlay.filter, write: text => ({type: 'compareFilterInput', text}), identity: `compare ${overlay.title}`};
	}

	if (overlay.kind === 'explorer' && overlay.filtering) {
		return {value: overlay.filter, write: text => ({type: 'explorerFilterInput', text}), identity: `explorer ${overlay.title}`};
	}

	return undefined;
}
