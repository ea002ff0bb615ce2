// Which modes read a key now, top first: a dialog, the text field it holds, an overlay,
// the focused pane, then what works anywhere. Derived from the state, never stored.
import type {State} from '../../store/state.ts';
import {activeText} from '../../store/text-entry.ts';
import type {Scope} from './command.ts';

export type Layers = {scopes: Scope[]; /** No key goes past these: a dialog or a text field holds the keyboard. */ modal: boolean};

export function keyLayers(state: State, switcherOpen = false): Layers {
	const scopes: Scope[] = [{mode: 'always'}];
	if (switcherOpen) {
		return {scopes: [...scopes, {mode: 'switcher'}], modal: true};
	}

	const {dialog, overlay} = state;
	const text = activeText(state) ? [{mode: 'text'} as const] : [];
	if (dialog.kind !== 'none') {
		return {scopes: [...scopes, {mode: dialog.kind}, ...text], modal: true};
	}

	if (state.filterEditing) {
		return {scopes: [...scopes, {mode: 'filter'}, ...text], modal: true};
	}

	if (overlay.kind === 'inspect' && overlay.searching) {
		return {scopes: [...scopes, {mode: 'search'}, ...text], modal: true};
	}

	if (overlay.kind === 'compare' && overlay.filtering) {
		return {scopes: [...scopes, {mode: 'compareFilter'}, ...text], modal: true};
	}

	if (overlay.kind === 'explorer' && overlay.filtering) {
		return {scopes: [...scopes, {mode: 'explorerFilter'}, ...text], modal: true};
	}

	if (overlay.kind === 'registry' && state.registry?.filtering) {
		return {scopes: [...scopes, {mode: 'registryFilter'}, ...text], modal: true};
	}

	// The browser is a list, not a page of text: the overlays' scroll keys are not its own.
	if (overlay.kind === 'registry') {
		return {scopes: [...scopes, {mode: 'registry'}, {mode: 'global'}], modal: false};
	}

	if (overlay.kind !== 'none') {
		return {scopes: [...scopes, {mode: overlay.kind}, {mode: 'overlay'}, {mode: 'global'}], modal: false};
	}

	return {scopes: [...scopes, {mode: 'list', pane: state.focus}, {mode: 'global'}], modal: false};
}
