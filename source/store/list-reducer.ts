// The list and its panes: moving, focus, sort, filter and marks. Pure.
import type {Action} from './actions.ts';
import {nextSort} from './select-rows.ts';
import {selectedIndex, visibleRows} from './selectors.ts';
import {panes, type State} from './state.ts';

export type ListAction = Extract<Action, {type: 'move' | 'moveTo' | 'focus' | 'sortNext' | 'toggleUntagged' | 'expandPlatforms' | 'collapsePlatforms' | 'filterStart' | 'filterInput' | 'filterCommit' | 'filterCancel' | 'toggleMark' | 'markAll' | 'clearMarks' | 'markKeys'}>;

const clamp = (value: number, low: number, high: number) => Math.max(low, Math.min(high, value));

export function selectIndex(state: State, index: number): State {
	const rows = visibleRows(state);
	if (rows.length === 0) {
		// Nothing selected: no history either, so no key acts on the last image's steps.
		return {...state, cursor: 0, selectedKey: undefined, history: state.history.imageId === undefined ? state.history : {cursor: 0}};
	}

	const cursor = clamp(index, 0, rows.length - 1);
	return {...state, cursor, selectedKey: rows[cursor]!.key};
}

function moveFocused(state: State, target: (current: number, count: number) => number): State {
	switch (state.focus) {
		case 'images': {
			const current = selectedIndex(state);
			return selectIndex(state, target(current, visibleRows(state).length));
		}

		case 'history': {
			const count = state.history.entries?.length ?? 0;
			return {...state, history: {...state.history, cursor: clamp(target(state.history.cursor, count), 0, Math.max(count - 1, 0))}};
		}

		case 'jobs': {
			const count = state.jobs.length;
			return {...state, jobCursor: clamp(target(state.jobCursor, count), 0, Math.max(count - 1, 0))};
		}

		case 'usage': {
			return state;
		}
	}
}

export function listReducer(state: State, action: ListAction): State {
	switch (action.type) {
		case 'move': {
			return moveFocused(state, current => current + action.delta);
		}

		case 'moveTo': {
			return moveFocused(state, (_current, count) => (action.where === 'start' ? 0 : count - 1));
		}

		case 'focus': {
			const index = panes.indexOf(state.focus);
			return {...state, focus: panes[(index + action.step + panes.length) % panes.length]!};
		}

		case 'sortNext': {
			return selectIndex({...state, sort: nextSort(state.sort)}, 0);
		}

		case 'toggleUntagged': {
			const next = {...state, showUntagged: !state.showUntagged};
			return selectIndex(next, selectedIndex(next));
		}

		case 'expandPlatforms': {
			const row = visibleRows(state)[selectedIndex(state)];
			if (!row || row.platform || !row.platforms?.length || state.expanded.has(row.key)) {
				return state;
			}

			return {...state, expanded: new Set([...state.expanded, row.key])};
		}

		case 'collapsePlatforms': {
			const row = visibleRows(state)[selectedIndex(state)];
			const key = row?.platform?.parentKey ?? row?.key;
			if (key === undefined || !state.expanded.has(key)) {
				return state;
			}

			const expanded = new Set(state.expanded);
			expanded.delete(key);
			// From a platform row, the selection goes back to its image.
			const next = {...state, expanded, selectedKey: key};
			return selectIndex(next, selectedIndex(next));
		}

		case 'filterStart': {
			return {...state, filterEditing: true, focus: 'images'};
		}

		case 'filterInput': {
			const next = {...state, filter: action.text};
			return selectIndex(next, selectedIndex(next));
		}

		case 'filterCommit': {
			return {...state, filterEditing: false};
		}

		case 'filterCancel': {
			const next = {...state, filter: '', filterEditing: false};
			return selectIndex(next, selectedIndex(next));
		}

		case 'toggleMark': {
			const row = visibleRows(state)[selectedIndex(state)];
			if (!row) {
				return state;
			}

			if (row.platform) {
				// A platform row is part of its image: marks are of images.
				return selectIndex(state, selectedIndex(state) + 1);
			}

			const marked = new Set(state.marked);
			if (!marked.delete(row.key)) {
				marked.add(row.key);
			}

			// Space marks and moves on, as in file managers.
			return selectIndex({...state, marked}, selectedIndex(state) + 1);
		}

		case 'markAll': {
			return {...state, marked: new Set([...state.marked, ...visibleRows(state).filter(row => !row.platform).map(row => row.key)])};
		}

		case 'clearMarks': {
			return state.marked.size === 0 ? state : {...state, marked: new Set()};
		}

		case 'markKeys': {
			return {...state, marked: action.keys};
		}
	}
}
