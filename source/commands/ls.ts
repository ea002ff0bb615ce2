// `stowage ls`: the image list without the UI, formatted as `docker images` does.
import type {Engine} from '../engine/engine.ts';
import {createdAgo} from '../format/duration.ts';
import {formatImageSize} from '../format/size.ts';
import {formatTable} from '../format/table.ts';
import {toRows} from '../store/image-rows.ts';
import {sortRows} from '../store/select-rows.ts';
import {UsageError} from '../engine/endpoint.ts';

export type LsOptions = {quiet: boolean; all: boolean; json: boolean; filters: string[]};

/** "dangling=true" → {dangling: ["true"]}, as `docker images --filter` builds it. */
export function parseFilters(filters: readonly string[]): Record<string, string[]> | undefined {
	if (filters.length === 0) {
		return undefined;
	}

	const result: Record<string, string[]> = {};
	for (const filter of filters) {
		const equals = filter.indexOf('=');
		if (equals <= 0) {
			throw new UsageError(`bad format of filter "${filter}" (expected name=value)`);
		}

		const name = filter.slice(0, equals).trim().toLowerCase();
		(result[name] ??= []).push(filter.slice(equals + 1));
	}

	return result;
}

export async function listCommand(engine: Engine, options: LsOptions, write: (text: string) => void): Promise<void> {
	await engine.connect();
	const images = await engine.listImages({all: options.all, filters: parseFilters(options.filters)});
	const rows = sortRows(toRows(images), 'created');
	const now = Date.now();
	if (options.quiet) {
		write(rows.map(row => row.shortId + '\n').join(''));
		return;
	}

	if (options.json) {
		write(rows.map(row => JSON.stringify({
			ID: row.id,
			Repository: row.repository,
			Tag: row.tag,
			CreatedAt: new Date(row.created * 1000).toISOString(),
			CreatedSince: createdAgo(row.created, now),
			Size: row.size,
			SizeHuman: formatImageSize(row.size),
		}) + '\n').join(''));
		return;
	}

	const table = [['REPOSITORY', 'TAG', 'IMAGE ID', 'CREATED', 'SIZE'], ...rows.map(row => [row.repository, row.tag, row.shortId, createdAgo(row.created, now), formatImageSize(row.size)])];
	write(formatTable(table) + '\n');
}
