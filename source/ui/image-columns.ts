// Column layout of the images pane: docker's columns first, ours after. As the
// terminal narrows, UNIQUE, CTRS, PLATFORMS and CREATED drop out before names are cut.
// A platform row (an expanded image's) fills the same columns with `docker image ls
// --tree`'s: the platform, its ID, disk usage, and content size under PLATFORMS.
import {createdAgo} from '../format/duration.ts';
import {formatImageSize} from '../format/size.ts';
import type {ImageRow} from '../store/image-rows.ts';
import {platformsCell} from '../store/platform-rows.ts';
import {formatPlatform} from '../engine/platform.ts';
import {fit} from './text.ts';

/** `open`: the row's image shows its platform rows. */
export type Column = {title: string; width: number; cell(row: ImageRow, now: number, open: boolean): string};

const gap = 2;
const platformsWidth = 14;

/** `platforms`: some image has platform data (API 1.47+ on the containerd store): the PLATFORMS column is shown. */
export type Measure = {repository: number; tag: number; created: number; platforms?: boolean};

/** A platform row's cells, by column title; the image's own cells for the rest. */
function platformRowCell(row: ImageRow, title: string): string | undefined {
	const child = row.platform;
	if (!child) {
		return undefined;
	}

	const {manifest} = child;
	switch (title) {
		case 'REPOSITORY': {
			return `${child.last ? '└─' : '├─'} ${child.name}`;
		}

		case 'TAG': {
			return manifest.available ? '' : 'not present';
		}

		case 'IMAGE ID': {
			return shortManifestId(manifest.id);
		}

		case 'SIZE': {
			return formatImageSize(manifest.diskUsage);
		}

		case 'CTRS': {
			return manifest.containers > 0 ? String(manifest.containers) : '';
		}

		case 'PLATFORMS': {
			return `content ${formatImageSize(manifest.contentSize)}`;
		}

		default: {
			return '';
		}
	}
}

const shortManifestId = (id: string) => id.replace(/^sha256:/, '').slice(0, 12);

export function measure(rows: readonly ImageRow[], now: number): Measure {
	let repository = 'REPOSITORY'.length;
	let tag = 'TAG'.length;
	let created = 'CREATED'.length;
	let lastCreated = Number.NaN;
	let platforms = false;
	// Unix seconds two years (and a day, clear of humanDuration's rounding) before now.
	const yearsBefore = (now / 1000) - ((2 * 365) + 1) * 86_400;
	let oldest = Number.POSITIVE_INFINITY;
	for (const row of rows) {
		platforms ||= row.platforms !== undefined;
		repository = Math.max(repository, row.repository.length);
		// Room for the platform rows' "├─ linux/arm64" under the names.
		for (const manifest of row.platforms && row.platforms.length > 0 ? row.platforms : []) {
			repository = Math.max(repository, 3 + formatPlatform(manifest.platform ?? {os: '', architecture: ''}).length);
		}

		tag = Math.max(tag, row.tag.length);
		// Past two years the text is "N years ago", widest for the oldest: only that one is formatted
		// (every row formatted took ~50 ms at 50,000 images, at each 15 s tick of the clock).
		if (row.created < yearsBefore) {
			oldest = Math.min(oldest, row.created);
		} else if (row.created !== lastCreated) {
			// Rows sorted by age repeat the same CREATED text: skip the formatting then.
			lastCreated = row.created;
			created = Math.max(created, createdAgo(row.created, now).length);
		}
	}

	if (oldest !== Number.POSITIVE_INFINITY) {
		created = Math.max(created, createdAgo(oldest, now).length);
	}

	return {repository, tag, created, platforms};
}

// Room for the widest words ("About a minute ago") even while the list shows none yet.
const createdWidth = (measured: Measure) => Math.min(Math.max(measured.created, 14), 22);
/** Past these, a name is cut rather than the side panes squeezed. */
const reasonable = {repository: 48, tag: 24};

/** Columns the whole table needs: every column, names whole up to a reasonable length, and the mark column. */
export function tableWidth(measured: Measure): number {
	const optional = [12, createdWidth(measured), 7, ...(measured.platforms ? [platformsWidth] : []), 4, 7].reduce((sum, width) => sum + gap + width, 0);
	// layoutColumns keeps a gap after the names before it lets an optional column stay.
	return 1 + Math.min(measured.repository, reasonable.repository) + gap + Math.min(measured.tag, reasonable.tag) + gap + optional;
}

export function layoutColumns(width: number, measured: Measure): Column[] {
	const optional: Column[] = [
		{title: 'IMAGE ID', width: 12, cell: row => row.shortId},
		{title: 'CREATED', width: createdWidth(measured), cell: (row, now) => createdAgo(row.created, now)},
		{title: 'SIZE', width: 7, cell: row => formatImageSize(row.size)},
		// Only where the engine lists platforms; elsewhere → says why there are none.
		...(measured.platforms ? [{title: 'PLATFORMS', width: platformsWidth, cell: (row: ImageRow, _now: number, open: boolean) => platformsCell(row, open)}] : []),
		{title: 'CTRS', width: 4, cell: row => (row.containers < 0 ? '-' : String(row.containers))},
		{title: 'UNIQUE', width: 7, cell: row => (row.uniqueSize < 0 ? '-' : formatImageSize(row.uniqueSize))},
	];
	const available = width - 1;
	const fixedWidth = () => optional.reduce((sum, column) => sum + column.width + gap, 0);
	const fits = (names: number) => available - fixedWidth() >= names;
	// Whole names matter more than our extra columns; docker's CREATED goes only when names get cramped.
	const wholeNames = measured.repository + gap + measured.tag + gap;
	for (const title of ['UNIQUE', 'CTRS', 'PLATFORMS']) {
		if (!fits(wholeNames) && optional.some(column => column.title === title)) {
			optional.splice(optional.findIndex(column => column.title === title), 1);
		}
	}

	if (!fits(12 + gap + 6 + gap)) {
		optional.splice(optional.findIndex(column => column.title === 'CREATED'), 1);
	}

	const room = Math.max(available - fixedWidth() - gap, 8);
	let tag = Math.min(measured.tag, Math.max(6, room - measured.repository));
	const repository = Math.max(Math.min(measured.repository, room - tag), 4);
	tag = Math.max(Math.min(measured.tag, room - repository), 3);
	const columns: Column[] = [
		{title: 'REPOSITORY', width: repository, cell: row => row.repository},
		{title: 'TAG', width: tag, cell: row => row.tag},
		...optional,
	];
	return columns.map(column => ({...column, cell: (row, now, open) => platformRowCell(row, column.title) ?? column.cell(row, now, open)}));
}

export function formatRow(columns: readonly Column[], cells: (column: Column) => string): string {
	return columns.map(column => fit(cells(column), column.width)).join(' '.repeat(gap));
}

/** The table's header line, under the pane's title. */
export function headerLine(columns: readonly Column[]): string {
	return ' ' + formatRow(columns, column => column.title);
}

/** A row as the images pane draws it: its mark (* marked, ↑ newer in the registry), then its cells. */
export function rowLine(row: ImageRow, columns: readonly Column[], now: number, open: boolean, marked: boolean, newer: boolean): string {
	const line = (marked ? '*' : newer ? '↑' : ' ') + formatRow(columns, column => column.cell(row, now, open));
	return newer ? `${line.trimEnd()}  ↑ newer in registry` : line;
}
