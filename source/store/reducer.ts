import type {Action} from './actions.ts';
import {nextSort} from './select-rows.ts';
import {selectedIndex, visibleRows} from './selectors.ts';
import {panes, type State} from './state.ts';
import {jobsReducer} from './jobs.ts';
import {dialogReducer} from './dialog.ts';
import {analysisReducer} from './analysis-state.ts';
import {overlayReducer} from './overlay-reducer.ts';
import {activeText} from './text-entry.ts';
import {caretFor, editField} from './text-field.ts';

const clamp = (value: number, low: number, high: number) => Math.max(low, Math.min(high, value));

function selectIndex(state: State, index: number): State {
	const rows = visibleRows(state);
	if (rows.length === 0) {
		return {...state, cursor: 0, selectedKey: undefined};
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

function reduce(state: State, action: Action): State {
	switch (action.type) {
		case 'connecting': {
			return {...state, connection: {status: 'connecting', attempt: action.attempt, error: action.error}};
		}

		case 'connected': {
			return {...state, connection: {status: 'connected', info: action.info, eventsLive: false}};
		}

		case 'connectFailed': {
			return {...state, connection: {status: 'failed', attempt: action.attempt, error: action.error, retryAt: action.retryAt}};
		}

		case 'link': {
			return {...state, link: {state: action.state, detail: action.detail}};
		}

		case 'events': {
			return state.connection.status === 'connected' ? {...state, connection: {...state.connection, eventsLive: action.live, eventsError: action.error}} : state;
		}

		case 'imagesLoaded': {
			let next = {...state, images: action.images, imagesLoaded: true, listError: undefined};
			if (state.marked.size > 0) {
				// Marks on rows that are gone (deleted, untagged) go with them.
				const keys = new Set(visibleRows(next).map(row => row.key));
				next = {...next, marked: new Set([...state.marked].filter(key => keys.has(key)))};
			}

			// Keep following the selected row; if it vanished, stay at the same position.
			return selectIndex(next, selectedIndex(next));
		}

		case 'imagesFailed': {
			return {...state, listError: action.error};
		}

		case 'usageLoaded': {
			return {...state, usage: action.usage, usageError: undefined};
		}

		case 'usageFailed': {
			return {...state, usageError: action.error};
		}

		case 'historyLoading': {
			const same = state.history.imageId === action.imageId;
			return {...state, history: {imageId: action.imageId, entries: same ? state.history.entries : undefined, cursor: same ? state.history.cursor : 0}};
		}

		case 'historyLoaded': {
			if (state.history.imageId !== action.imageId) {
				return state;
			}

			const cursor = clamp(state.history.cursor, 0, Math.max(action.entries.length - 1, 0));
			return {...state, history: {imageId: action.imageId, entries: action.entries, cursor}};
		}

		case 'historyFailed': {
			return state.history.imageId === action.imageId ? {...state, history: {...state.history, error: action.error}} : state;
		}

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

		case 'openHelp':
		case 'openInspect':
		case 'inspectLoaded':
		case 'inspectFailed':
		case 'closeOverlay':
		case 'overlayScroll':
		case 'overlayScrollTo':
		case 'searchStart':
		case 'searchInput':
		case 'searchNext':
		case 'searchCommit':
		case 'searchCancel': {
			return overlayReducer(state, action);
		}

		case 'textEdit': {
			const active = activeText(state);
			if (!active) {
				return state;
			}

			const {value, caret} = editField(active.value, state.caret, action.edit);
			const next = {...state, caret};
			return value === active.value ? next : reduce(next, active.write(value));
		}

		case 'viewport': {
			return state.viewport.columns === action.columns && state.viewport.rows === action.rows ? state : {...state, viewport: {columns: action.columns, rows: action.rows}};
		}

		case 'flash': {
			return {...state, flash: {text: action.text, tone: action.tone}};
		}

		case 'jobStarted':
		case 'jobProgress':
		case 'jobFinished': {
			const jobs = jobsReducer(state.jobs, action);
			// A new job appears on top: keep the cursor on the job it was on.
			const jobCursor = action.type === 'jobStarted' && state.jobs.length > 0 ? Math.min(state.jobCursor + 1, jobs.length - 1) : state.jobCursor;
			return {...state, jobs, jobCursor};
		}

		case 'openDialog':
		case 'closeDialog':
		case 'dialogInput':
		case 'dialogFocus':
		case 'dialogToggle':
		case 'dialogError':
		case 'dialogChoose': {
			return {...state, dialog: dialogReducer(state.dialog, action)};
		}

		case 'runRequest': {
			return {...state, runRequest: action.request};
		}

		case 'toggleMark': {
			const row = visibleRows(state)[selectedIndex(state)];
			if (!row) {
				return state;
			}

			const marked = new Set(state.marked);
			if (!marked.delete(row.key)) {
				marked.add(row.key);
			}

			// Space marks and moves on, as in file managers.
			return selectIndex({...state, marked}, selectedIndex(state) + 1);
		}

		case 'markAll': {
			return {...state, marked: new Set([...state.marked, ...visibleRows(state).map(row => row.key)])};
		}

		case 'clearMarks': {
			return state.marked.size === 0 ? state : {...state, marked: new Set()};
		}

		case 'markKeys': {
			return {...state, marked: action.keys};
		}

		case 'clearFlash': {
			return state.flash ? {...state, flash: undefined} : state;
		}

		default: {
			return analysisReducer(state, action);
		}
	}
}

/** A text field that takes the keyboard (another field, a new dialog) starts with its caret at the end, its prefilled value selected. */
export function reducer(state: State, action: Action): State {
	const next = reduce(state, action);
	if (next === state || action.type === 'textEdit') {
		return next;
	}

	const before = activeText(state);
	const after = activeText(next);
	return after && after.identity !== before?.identity ? {...next, caret: caretFor(after.value)} : next;
}
