// The overlays' actions: open, scroll, search, close. Scrolling clamps with what the
// overlay shows (overlay-page.ts), so G ends on the last full page and k moves at once.
import type {Action} from './actions.ts';
import {findLine, overlayPage} from './overlay-page.ts';
import type {Overlay, State} from './state.ts';

export type OverlayAction = Extract<Action, {type: 'openHelp' | 'openInspect' | 'inspectLoaded' | 'inspectFailed' | 'closeOverlay' | 'overlayScroll' | 'overlayScrollTo' | 'searchStart' | 'searchInput' | 'searchNext' | 'searchCommit' | 'searchCancel'}>;

const clamp = (value: number, low: number, high: number) => Math.max(low, Math.min(high, value));

function withInspect(state: State, change: (overlay: Extract<Overlay, {kind: 'inspect'}>) => Overlay): State {
	return state.overlay.kind === 'inspect' ? {...state, overlay: change(state.overlay)} : state;
}

/** Moves the search to `match`: the page stays where it is when the match is on it. */
function showMatch(state: State, search: string, from: (top: number, match: number) => number, direction: 1 | -1, searching: boolean): State {
	const view = overlayPage(state);
	return withInspect(state, overlay => {
		if (!view) {
			return overlay;
		}

		const match = findLine(view.lines, search, from(view.top, overlay.match), direction);
		const onScreen = match >= view.top && match < view.top + view.page;
		const scroll = match === -1 || onScreen ? view.top : Math.min(match, view.max);
		return {...overlay, search, searching, match, scroll};
	});
}

export function overlayReducer(state: State, action: OverlayAction): State {
	switch (action.type) {
		case 'openHelp': {
			return {...state, overlay: {kind: 'help', scroll: 0, lines: action.lines}};
		}

		case 'openInspect': {
			return {...state, overlay: {kind: 'inspect', title: action.title, wrap: action.wrap, scroll: 0, search: '', searching: false, match: -1, ...(action.backToRegistry ? {backToRegistry: true} : {})}};
		}

		case 'inspectLoaded': {
			return withInspect(state, overlay => ({...overlay, lines: action.lines}));
		}

		case 'inspectFailed': {
			return withInspect(state, overlay => ({...overlay, error: action.error}));
		}

		case 'closeOverlay': {
			const back = state.overlay.kind === 'inspect' && state.overlay.backToRegistry && state.registry;
			return back ? {...state, overlay: {kind: 'registry'}} : {...state, overlay: {kind: 'none'}, registry: state.overlay.kind === 'registry' ? undefined : state.registry};
		}

		case 'overlayScroll':
		case 'overlayScrollTo': {
			const view = overlayPage(state);
			if (state.overlay.kind === 'none' || state.overlay.kind === 'registry' || !view) {
				return state;
			}

			const target = action.type === 'overlayScroll' ? view.top + action.delta : action.where === 'start' ? 0 : view.max;
			return {...state, overlay: {...state.overlay, scroll: clamp(target, 0, view.max)}};
		}

		case 'searchStart': {
			return withInspect(state, overlay => ({...overlay, searching: true, search: '', match: -1}));
		}

		case 'searchInput': {
			// As the user types: the first match from the top of the page, so one already on screen is kept.
			return showMatch(state, action.text, top => top, 1, true);
		}

		case 'searchNext': {
			if (state.overlay.kind !== 'inspect') {
				return state;
			}

			return showMatch(state, state.overlay.search, (top, match) => (match >= 0 ? match : top - (action.direction === 1 ? 1 : 0)) + action.direction, action.direction, false);
		}

		case 'searchCommit': {
			return withInspect(state, overlay => ({...overlay, searching: false}));
		}

		case 'searchCancel': {
			return withInspect(state, overlay => ({...overlay, searching: false, search: '', match: -1}));
		}
	}
}
