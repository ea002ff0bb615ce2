import {createdAgo} from '../format/duration.ts';
import {formatImageSize} from '../format/size.ts';
import type {HistoryEntry} from '../engine/types.ts';

/** The detail view of one history step, as lines. */
export function stepLines(entry: HistoryEntry, now = Date.now()): string[] {
	const created = entry.created > 0 ? `${new Date(entry.created * 1000).toISOString()} (${createdAgo(entry.created, now)})` : 'unknown';
	return [
		`IMAGE    ${entry.id}`,
		`CREATED  ${created}`,
		`SIZE     ${formatImageSize(entry.size)} (${entry.size} bytes)`,
		...(entry.tags.length > 0 ? [`TAGS     ${entry.tags.join(', ')}`] : []),
		...(entry.comment ? [`COMMENT  ${entry.comment}`] : []),
		'',
		'CREATED BY',
		entry.createdBy || '(empty)',
	];
}
