import type {Action} from './actions.ts';
import {selectedIndex, visibleRows} from './selectors.ts';
import type {State} from './state.ts';
import {listReducer, selectIndex} from './list-reducer.ts';
import {jobsReducer} from './jobs.ts';
import {followJobLog, openJobLog} from './job-log.ts';
import {dialogReducer} from './dialog.ts';
import {analysisReducer} from './analysis-state.ts';
import {compareReducer} from './compare-state.ts';
import {overlayReducer} from './overlay-reducer.ts';
import {registryReducer} from './registry-browser.ts';
import {activeText} from './text-entry.ts';
import {caretFor, editField} from './text-field.ts';

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

		case 'engineLost': {
			const attempt = state.connection.status === 'failed' ? state.connection.attempt + 1 : 1;
			return {...state, connection: {status: 'failed', attempt, error: action.error, retryAt: action.retryAt}, staleSince: state.imagesLoaded ? state.staleSince ?? action.at : undefined};
		}

		case 'link': {
			return {...state, link: {state: action.state, detail: action.detail}};
		}

		case 'events': {
			return state.connection.status === 'connected' ? {...state, connection: {...state.connection, eventsLive: action.live, eventsError: action.error}} : state;
		}

		case 'imagesLoaded': {
			let next = {...state, images: action.images, imagesLoaded: true, listError: undefined, staleSince: undefined};
			if (state.marked.size > 0) {
				// Marks on rows that are gone (deleted, untagged) go with them.
				const keys = new Set(visibleRows(next).map(row => row.key));
				next = {...next, marked: new Set([...state.marked].filter(key => keys.has(key)))};
			}

			// Keep following the selected row; if it vanished, stay at the same position.
			return selectIndex(next, selectedIndex(next));
		}

		case 'imagesFailed': {
			return {...state, listError: action.error, staleSince: state.imagesLoaded ? state.staleSince ?? action.at : undefined};
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

			const cursor = Math.max(0, Math.min(state.history.cursor, action.entries.length - 1));
			return {...state, history: {imageId: action.imageId, entries: action.entries, cursor}};
		}

		case 'historyFailed': {
			return state.history.imageId === action.imageId ? {...state, history: {...state.history, error: action.error}} : state;
		}

		case 'move':
		case 'moveTo':
		case 'focus':
		case 'sortNext':
		case 'toggleUntagged':
		case 'expandPlatforms':
		case 'collapsePlatforms':
		case 'filterStart':
		case 'filterInput':
		case 'filterCommit':
		case 'filterCancel':
		case 'toggleMark':
		case 'markAll':
		case 'clearMarks':
		case 'markKeys': {
			return listReducer(state, action);
		}

		case 'clearAllMarks': {
			const cleared = listReducer(state, {type: 'clearMarks'});
			return cleared.registryMark === undefined ? cleared : {...cleared, registryMark: undefined};
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

		case 'registryOpen':
		case 'registryRepositories':
		case 'registryTags':
		case 'registryLoading':
		case 'registryFailed':
		case 'registryMove':
		case 'registryMoveTo':
		case 'registryBack':
		case 'registrySort':
		case 'registryFilterStart':
		case 'registryFilterInput':
		case 'registryFilterEnd':
		case 'registryShow':
		case 'registryRemoveTags':
		case 'registryMark':
		case 'registryHistory': {
			const next = registryReducer(state, action);
			return action.type === 'registryOpen' ? {...next, recentRegistries: [action.registry, ...(state.recentRegistries ?? []).filter(name => name !== action.registry)].slice(0, 5)} : next;
		}

		case 'openJobLog': {
			return openJobLog(state, action.id);
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
			// A new job appears on top. A cursor on the newest stays on the newest (as `docker ps`
			// and k9s show new rows); one further down stays on the job it was on.
			const follows = action.type === 'jobStarted' && state.jobCursor > 0;
			const jobCursor = follows ? Math.min(state.jobCursor + 1, jobs.length - 1) : Math.min(state.jobCursor, Math.max(jobs.length - 1, 0));
			return action.type === 'jobStarted' ? {...state, jobs, jobCursor} : followJobLog({...state, jobs, jobCursor}, action.id);
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

		case 'quitRequest': {
			return {...state, quitRequest: {interrupt: action.interrupt}};
		}

		case 'newerInRegistry': {
			return {...state, newerInRegistry: action.references};
		}

		case 'clearFlash': {
			return state.flash ? {...state, flash: undefined} : state;
		}

		case 'openCompare':
		case 'compareDone':
		case 'compareFailed':
		case 'compareCursor':
		case 'compareFilterStart':
		case 'compareFilterInput':
		case 'compareFilterEnd': {
			return compareReducer(state, action);
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
