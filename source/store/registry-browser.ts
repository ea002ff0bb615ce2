// The registry browser's state (R): which registry, its repositories or one
// repository's tags, the cursor, the filter and the sort. A pure reducer; the
// requests are in registry-effects.ts.
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
};

/** A tag marked for a comparison (Space), kept when the browser closes. */
export type RegistryMark = {registry: string; repository: string; tag: string};

export const markName = (mark: RegistryMark) => `${mark.registry}/${mark.repository}:${mark.tag}`;

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
	| {type: 'registryMark'};

const collator = new Intl.Collator('en', {numeric: true});

/** What the list shows now: the filter applied (case-insensitive, on the sanitized name), then the sort. */
export function registryRows(browser: RegistryBrowser): string[] {
	const items = browser.level === 'repositories' ? browser.repositories : browser.tags;
	const needle = browser.filter.toLowerCase();
	const kept = needle === '' ? [...items] : items.filter(item => sanitizeLine(item).toLowerCase().includes(needle));
	kept.sort(collator.compare);
	return browser.sort === 'name-desc' ? kept.reverse() : kept;
}

export function selectedRegistryRow(browser: RegistryBrowser | undefined): string | undefined {
	return browser ? registryRows(browser)[browser.cursor] : undefined;
}

const clampCursor = (browser: RegistryBrowser): RegistryBrowser => ({...browser, cursor: Math.max(0, Math.min(browser.cursor, registryRows(browser).length - 1))});

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
			return change(state, browser => ({...browser, level: 'repositories', repositories: action.append ? [...browser.repositories, ...action.items] : [...action.items], error: undefined}));
		}

		case 'registryTags': {
			return change(state, browser => {
				const fresh = browser.repository !== action.repository || browser.level !== 'tags';
				return {...browser, level: 'tags', repository: action.repository, tags: action.append && !fresh ? [...browser.tags, ...action.items] : [...action.items], cursor: fresh ? 0 : browser.cursor, filter: fresh ? '' : browser.filter, error: undefined};
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
				const back = {...state.registry, level: 'repositories' as const, filter: '', loading: undefined, error: undefined, tags: []};
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

		case 'registryRemoveTags': {
			return change(state, browser => ({...browser, tags: browser.tags.filter(tag => !action.tags.includes(tag))}));
		}
	}
}
