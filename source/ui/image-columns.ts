// Column layout of the images pane: docker's columns first, ours after, dropped
// from the right as the terminal narrows.
import {createdAgo} from '../format/duration.ts';
import {formatImageSize} from '../format/size.ts';
import type {ImageRow} from '../store/image-rows.ts';
import {fit} from './text.ts';

export type Column = {title: string; width: number; cell(row: ImageRow, now: number): string};

const gap = 2;

const fixedColumns: Column[] = [
	{title: 'IMAGE ID', width: 12, cell: row => row.shortId},
	{title: 'CREATED', width: 18, cell: (row, now) => createdAgo(row.created, now)},
	{title: 'SIZE', width: 8, cell: row => formatImageSize(row.size)},
	{title: 'CTRS', width: 4, cell: row => (row.containers < 0 ? '-' : String(row.containers))},
	{title: 'UNIQUE', width: 8, cell: row => (row.uniqueSize < 0 ? '-' : formatImageSize(row.uniqueSize))},
];

export type Measure = {repository: number; tag: number};

export function measure(rows: readonly ImageRow[]): Measure {
	let repository = 10;
	let tag = 3;
	for (const row of rows) {
		repository = Math.max(repository, row.repository.length);
		tag = Math.max(tag, row.tag.length);
	}

	return {repository, tag};
}

/** Columns that fit in `width`; REPOSITORY and TAG shrink last, CREATED widens for "Less than a second ago". */
export function layoutColumns(width: number, measured: Measure): Column[] {
	const available = width - 1;
	const fixed = [...fixedColumns];
	const fixedWidth = () => fixed.reduce((sum, column) => sum + column.width + gap, 0);
	const minimumNames = 24;
	// Drop from the right (UNIQUE, CTRS, then CREATED) until the names get at least their minimum.
	while (fixed.length > 2 && available - fixedWidth() < minimumNames + gap) {
		fixed.splice(fixed.length === 3 ? 1 : fixed.length - 1, 1);
	}

	let room = Math.max(available - fixedWidth() - gap, 8);
	let tag = Math.min(measured.tag, Math.max(8, Math.floor(room * 0.35)));
	let repository = Math.min(measured.repository, room - tag);
	// Give spare room to CREATED so long words fit, then to the names.
	const spare = room - tag - repository;
	const created = fixed.find(column => column.title === 'CREATED');
	if (created && spare > 4) {
		created.width = Math.min(22, created.width + spare - 4);
	}

	room = Math.max(available - fixedWidth() - gap, 8);
	tag = Math.min(measured.tag, Math.max(8, Math.floor(room * 0.35)));
	repository = Math.max(4, Math.min(measured.repository, room - tag));
	tag = Math.max(3, Math.min(measured.tag, room - repository));
	return [
		{title: 'REPOSITORY', width: repository, cell: row => row.repository},
		{title: 'TAG', width: tag, cell: row => row.tag},
		...fixed.map(column => ({...column})),
	];
}

export function formatRow(columns: readonly Column[], cells: (column: Column) => string): string {
	return columns.map(column => fit(cells(column), column.width)).join(' '.repeat(gap));
}
