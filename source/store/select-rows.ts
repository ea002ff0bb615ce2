import {none, type ImageRow} from './image-rows.ts';

export const sortModes = ['created', 'size', 'name'] as const;
export type SortMode = (typeof sortModes)[number];

export function nextSort(mode: SortMode): SortMode {
	return sortModes[(sortModes.indexOf(mode) + 1) % sortModes.length]!;
}

const byName = (a: ImageRow, b: ImageRow) => {
	if (a.repository !== b.repository) {
		// "<none>" sorts after every name.
		if (a.repository === none || b.repository === none) {
			return a.repository === none ? 1 : -1;
		}

		return a.repository < b.repository ? -1 : 1;
	}

	return a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
};

const comparators: Record<SortMode, (a: ImageRow, b: ImageRow) => number> = {
	created: (a, b) => b.created - a.created || byName(a, b),
	size: (a, b) => b.size - a.size || byName(a, b),
	name: byName,
};

export function sortRows(rows: readonly ImageRow[], mode: SortMode): ImageRow[] {
	return [...rows].sort(comparators[mode]);
}

/** Case-insensitive substring of repo:tag or of the ID (with or without "sha256:"). */
export function filterRows(rows: readonly ImageRow[], filter: string, showUntagged: boolean): readonly ImageRow[] {
	const needle = filter.trim().toLowerCase();
	if (needle === '' && showUntagged) {
		return rows;
	}

	return rows.filter(row => {
		if (!showUntagged && row.untagged) {
			return false;
		}

		if (needle === '') {
			return true;
		}

		// IDs are lower-case hex already.
		return row.search.includes(needle) || row.id.includes(needle);
	});
}
