// The registry browser's state (R): which registry, its repositories or one
// repository's tags, the cursor, the filter and the sort. A pure reducer; the
// requests are in registry-effects.ts.
import type {HistoryEntry} from '../engine/types.ts';
import {sanitizeLine} from '../format/sanitize.ts';
import type {State} from './state.ts';

export type RegistryLevel = 'repositories' | 'tags';
export type RegistrySort = 'name' | 'name-desc';

export type RegistryBrowser = {
	registry: string;
	level: RegistryLevel;
	repositories: string[];
	repository?: string;
	tags: string[];
	cursor: number;
	filter: string;
	filtering: boolean;
	sort: RegistrySort;
	/** What is being asked of the registry now ("listing tags…"), shown with a way to cancel. */
	loading?: string;
	error?: string;
	/** The history of the tag under the cursor, for the layer-history pane (registry-history.ts fetches it). */
	history?: RegistryHistory;
};

/** A tag marked for a comparison (Space), kept when the browser closes. */
export type RegistryMark = {registry: string; repository: string; tag: string};

export const markName = (mark: RegistryMark) => `${mark.registry}/${mark.repository}:${mark.tag}`;

/** `tag`'s history (newest first, sizes compressed) and the advisor's lines from it; neither while it loads. */
export type RegistryHistory = {tag: string; entries?: readonly HistoryEntry[]; advice?: readonly string[]; error?: string};

export type RegistryAction =
	| {type: 'registryOpen'; registry: string}
	| {type: 'registryRepositories'; items: readonly string[]; append: boolean}
	| {type: 'registryTags'; repository: string; items: readonly string[]; append: boolean}
	| {type: 'registryLoading'; text?: string}
	| {type: 'registryFailed'; error: string}
	| {type: 'registryMove'; delta: number}
	| {type: 'registryMoveTo'; where: 'start' | 'end'}
	| {type: 'registryBack'}
	| {type: 'registrySort'}
	| {type: 'registryFilterStart'}
	| {type: 'registryFilterInput'; text: string}
	| {type: 'registryFilterEnd'; keep: boolean}
	| {type: 'registryShow'}
	| {type: 'registryRemoveTags'; tags: readonly string[]}
	| {type: 'registryMark'}
	| {type: 'registryHistory'; history: RegistryHistory};

/** `compute` of a name, kept per name (at most 200,000 of them: then they are computed afresh). */
function perName(compute: (name: string) => string): (name: string) => string {
	const kept = new Map<string, string>();
	return name => {
		let found = kept.get(name);
		if (found === undefined) {
			if (kept.size >= 200_000) {
				kept.clear();
			}

			found = compute(name);
			kept.set(name, found);
		}

		return found;
	};
}

// Natural order (a2 before a10, case folded) by a key that plain `<` compares: each run of
// digits becomes "0", a character for its length and the digits without leading zeros, and
// the name itself breaks ties. distribution 2.8 sends all of a repository's tags in one
// answer, in its directory order; 20,000 of them sorted with Intl.Collator's numeric compare
// took 38–45 ms here on a quiet machine, by these keys 20–28 ms (10 ms once the keys are kept),
// and the merges of the parts that follow compare keys that are already made.
const sortKey = perName(name => {
	const folded = name.toLowerCase();
	let built = '';
	let from = 0;
	for (let at = 0; at < folded.length; at++) {
		const code = folded.charCodeAt(at);
		if (code < 0x30 || code > 0x39) {
			continue;
		}

		let end = at + 1;
		while (end < folded.length && folded.charCodeAt(end) >= 0x30 && folded.charCodeAt(end) <= 0x39) {
			end++;
		}

		// Leading zeros go (the name breaks the tie); a run of zeros keeps its last.
		let first = at;
		while (first < end - 1 && folded.charCodeAt(first) === 0x30) {
			first++;
		}

		built += `${folded.slice(from, at)}0${String.fromCharCode(0x30 + end - first)}${folded.slice(first, end)}`;
		from = end;
		at = end - 1;
	}

	return `${built}${folded.slice(from)}\u0000${name}`;
});

function sortNames(names: readonly string[]): string[] {
	const keyed = names.map(name => [sortKey(name), name] as const);
	keyed.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
	return keyed.map(pair => pair[1]);
}

/** The first index from `from` whose key is above `key` (galloping, then binary): O(log of the distance). */
function after(items: readonly string[], key: string, from: number): number {
	let step = 1;
	let low = from;
	let high = from;
	while (high < items.length && sortKey(items[high]!) <= key) {
		low = high + 1;
		high += step;
		step *= 2;
	}

	high = Math.min(high, items.length);
	while (low < high) {
		const middle = (low + high) >> 1;
		if (sortKey(items[middle]!) <= key) {
			low = middle + 1;
		} else {
			high = middle;
		}
	}

	return low;
}

/**
 * `items` (sorted) and a page merged, in natural order: a page is sorted on its own and
 * merged in, each of its names placed by a search, so a listing of many pages never sorts
 * the whole list again and a page of a few names costs a copy, not a compare per name.
 */
export function mergeSorted(items: readonly string[], page: readonly string[]): string[] {
	const added = sortNames(page);
	if (items.length === 0) {
		return added;
	}

	const merged: string[] = [];
	let i = 0;
	for (const name of added) {
		const to = after(items, sortKey(name), i);
		while (i < to) {
			merged.push(items[i++]!);
		}

		merged.push(name);
	}

	while (i < items.length) {
		merged.push(items[i++]!);
	}

	return merged;
}

// What the filter compares, per name: sanitized and lower-cased once, not on every key.
const lower = perName(name => sanitizeLine(name).toLowerCase());

// The rows of the last few (items, filter, sort): a key that moves the cursor, a frame
// and a command's check all ask for the same rows, and get them without a pass over the list.
const shownRows = new WeakMap<readonly string[], {filter: string; sort: RegistrySort; rows: string[]}>();

/** What the list shows now: the filter applied (case-insensitive, on the sanitized name), in the sort's order. */
export function registryRows(browser: RegistryBrowser): string[] {
	const items = browser.level === 'repositories' ? browser.repositories : browser.tags;
	const cached = shownRows.get(items);
	if (cached && cached.filter === browser.filter && cached.sort === browser.sort) {
		return cached.rows;
	}

	const needle = browser.filter.toLowerCase();
	// Narrowing a filter (typing on) looks only at what the shorter one kept.
	const from = cached && cached.sort === browser.sort && cached.filter !== '' && needle.startsWith(cached.filter.toLowerCase()) ? cached.rows : undefined;
	let rows: string[];
	if (from) {
		rows = from.filter(item => lower(item).includes(needle));
	} else {
		rows = needle === '' ? [...items] : items.filter(item => lower(item).includes(needle));
		if (browser.sort === 'name-desc') {
			rows.reverse();
		}
	}

	shownRows.set(items, {filter: browser.filter, sort: browser.sort, rows});
	return rows;
}

export function selectedRegistryRow(browser: RegistryBrowser | undefined): string | undefined {
	return browser ? registryRows(browser)[browser.cursor] : undefined;
}

const clampCursor = (browser: RegistryBrowser): RegistryBrowser => {
	const cursor = Math.max(0, Math.min(browser.cursor, registryRows(browser).length - 1));
	return cursor === browser.cursor ? browser : {...browser, cursor};
};

/**
 * After a page came in: the cursor on the row it was on, the top row too (pages land above
 * it as well as below, in the registry's order): a key typed as a page lands moves from the
 * row the person saw, never onto the one it was already on.
 */
function keepRow(before: RegistryBrowser, after: RegistryBrowser): RegistryBrowser {
	const row = selectedRegistryRow(before);
	if (row === undefined) {
		return after;
	}

	const index = registryRows(after).indexOf(row);
	return index === -1 ? after : {...after, cursor: index};
}

function change(state: State, update: (browser: RegistryBrowser) => RegistryBrowser): State {
	return state.registry ? {...state, registry: clampCursor(update(state.registry))} : state;
}

export function registryReducer(state: State, action: RegistryAction): State {
	switch (action.type) {
		case 'registryOpen': {
			const browser: RegistryBrowser = {registry: action.registry, level: 'repositories', repositories: [], tags: [], cursor: 0, filter: '', filtering: false, sort: 'name', loading: 'listing repositories…'};
			return {...state, registry: browser, overlay: {kind: 'registry'}};
		}

		case 'registryRepositories': {
			return change(state, browser => keepRow(browser, {...browser, level: 'repositories', repositories: mergeSorted(action.append ? browser.repositories : [], action.items), error: undefined}));
		}

		case 'registryTags': {
			return change(state, browser => {
				const fresh = browser.repository !== action.repository || browser.level !== 'tags';
				const next = {...browser, level: 'tags' as const, repository: action.repository, history: fresh ? undefined : browser.history, tags: mergeSorted(action.append && !fresh ? browser.tags : [], action.items), cursor: fresh ? 0 : browser.cursor, filter: fresh ? '' : browser.filter, error: undefined};
				return fresh ? next : keepRow(browser, next);
			});
		}

		case 'registryLoading': {
			return change(state, browser => ({...browser, loading: action.text, ...(action.text ? {error: undefined} : {})}));
		}

		case 'registryFailed': {
			return change(state, browser => ({...browser, loading: undefined, error: action.error}));
		}

		case 'registryMove': {
			return change(state, browser => ({...browser, cursor: Math.max(0, browser.cursor + action.delta)}));
		}

		case 'registryMoveTo': {
			return change(state, browser => ({...browser, cursor: action.where === 'start' ? 0 : Number.MAX_SAFE_INTEGER}));
		}

		case 'registryBack': {
			if (!state.registry) {
				return state;
			}

			if (state.registry.level === 'tags' && state.registry.repositories.length > 0) {
				const repository = state.registry.repository;
				const back = {...state.registry, level: 'repositories' as const, filter: '', loading: undefined, error: undefined, tags: [], history: undefined};
				const cursor = Math.max(registryRows(back).indexOf(repository ?? ''), 0);
				return {...state, registry: {...back, cursor}};
			}

			return {...state, registry: undefined, overlay: {kind: 'none'}};
		}

		case 'registrySort': {
			return change(state, browser => ({...browser, sort: browser.sort === 'name' ? 'name-desc' : 'name', cursor: 0}));
		}

		case 'registryFilterStart': {
			return change(state, browser => ({...browser, filtering: true}));
		}

		case 'registryFilterInput': {
			return change(state, browser => ({...browser, filter: action.text, cursor: 0}));
		}

		case 'registryFilterEnd': {
			return change(state, browser => ({...browser, filtering: false, filter: action.keep ? browser.filter : ''}));
		}

		case 'registryShow': {
			return state.registry ? {...state, overlay: {kind: 'registry'}} : state;
		}

		case 'registryMark': {
			// One tag at a time: a comparison has one registry side.
			const {registry} = state;
			const tag = selectedRegistryRow(registry);
			if (registry?.level !== 'tags' || !registry.repository || tag === undefined) {
				return state;
			}

			const mark = {registry: registry.registry, repository: registry.repository, tag};
			const same = state.registryMark !== undefined && markName(state.registryMark) === markName(mark);
			return {...state, registryMark: same ? undefined : mark, registry: clampCursor({...registry, cursor: registry.cursor + 1})};
		}

		case 'registryHistory': {
			return change(state, browser => (browser.level === 'tags' ? {...browser, history: action.history} : browser));
		}

		case 'registryRemoveTags': {
			return change(state, browser => ({...browser, tags: browser.tags.filter(tag => !action.tags.includes(tag))}));
		}
	}
}
