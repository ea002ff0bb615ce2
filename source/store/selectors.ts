import type {ImageRow} from './image-rows.ts';
import {toRows} from './image-rows.ts';
import {filterRows, sortRows} from './select-rows.ts';
import {withPlatformRows} from './platform-rows.ts';
import type {HistoryEntry} from '../engine/types.ts';
import type {State} from './state.ts';

// Recomputed only when its inputs change: at 10,000 images a keystroke that
// only moves the cursor must not re-sort. Keyed by the images array (then by the
// sorted rows), so each host's store keeps its own slot: a background reload of
// one host never evicts the rows of the host on screen.
const sortedCache = new WeakMap<State['images'], {usage: State['usage']; sort: State['sort']; rows: ImageRow[]}>();
const visibleCache = new WeakMap<ImageRow[], {filter: string; showUntagged: boolean; expanded: State['expanded']; rows: readonly ImageRow[]; filtered: readonly ImageRow[]}>();

export function sortedRows(state: State): ImageRow[] {
	let cached = sortedCache.get(state.images);
	if (!cached || cached.usage !== state.usage || cached.sort !== state.sort) {
		cached = {usage: state.usage, sort: state.sort, rows: sortRows(toRows(state.images, state.usage), state.sort)};
		sortedCache.set(state.images, cached);
	}

	return cached.rows;
}

/** Whether every row `next` keeps is one `previous` kept (a substring match of a longer needle). */
function narrows(previous: string, next: string): boolean {
	const before = previous.trim().toLowerCase();
	return before !== '' && next.trim().toLowerCase().includes(before);
}

export function visibleRows(state: State): readonly ImageRow[] {
	const sorted = sortedRows(state);
	let cached = visibleCache.get(sorted);
	if (!cached || cached.filter !== state.filter || cached.showUntagged !== state.showUntagged || cached.expanded !== state.expanded) {
		// Typing on at the end of the filter only narrows it: match among the rows the shorter one kept.
		const from = cached && cached.showUntagged === state.showUntagged && narrows(cached.filter, state.filter) ? cached.filtered : sorted;
		const filtered = cached && cached.filter === state.filter && cached.showUntagged === state.showUntagged ? cached.filtered : filterRows(from, state.filter, state.showUntagged);
		// Platform rows follow their image: filtered with it, never on their own.
		cached = {filter: state.filter, showUntagged: state.showUntagged, expanded: state.expanded, filtered, rows: withPlatformRows(filtered, state.expanded)};
		visibleCache.set(sorted, cached);
	}

	return cached.rows;
}

/** Index of the selected row among the visible ones, following it by key when the list changes. */
export function selectedIndex(state: State): number {
	const rows = visibleRows(state);
	if (rows.length === 0) {
		return -1;
	}

	if (state.selectedKey !== undefined) {
		// Fast path: the cursor usually still points at the selected row.
		if (rows[state.cursor]?.key === state.selectedKey) {
			return state.cursor;
		}

		const index = rows.findIndex(row => row.key === state.selectedKey);
		if (index !== -1) {
			return index;
		}
	}

	return Math.min(Math.max(state.cursor, 0), rows.length - 1);
}

export function selectedRow(state: State): ImageRow | undefined {
	const index = selectedIndex(state);
	return index === -1 ? undefined : visibleRows(state)[index];
}

/** What the history pane shows: the selected row's steps, or why there are none. */
export type HistoryView = {entries: readonly HistoryEntry[]; cursor: number; message?: string; error?: boolean};

export function historyView(state: State): HistoryView {
	const none = {entries: [], cursor: 0};
	if (!state.imagesLoaded) {
		return none;
	}

	const row = selectedRow(state);
	if (!row) {
		return {...none, message: 'No image selected.'};
	}

	const {history} = state;
	// Until the selection's history is asked for (the first frame, a held arrow key) it is loading, not absent.
	if (history.imageId !== row.historyKey || (!history.entries && !history.error)) {
		return {...none, message: 'Loading history…'};
	}

	if (history.error) {
		return {...none, message: history.error, error: true};
	}

	return {entries: history.entries ?? [], cursor: history.cursor};
}
