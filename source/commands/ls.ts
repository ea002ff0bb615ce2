// `stowage ls`: the image list without the UI, formatted as `docker images` does.
import type {Engine} from '../engine/engine.ts';
import {createdAgo} from '../format/duration.ts';
import {formatImageSize} from '../format/size.ts';
import {formatTable} from '../format/table.ts';
import {inertJson, sanitizeLine} from '../format/sanitize.ts';
import {toRows} from '../store/image-rows.ts';
import {sortRows} from '../store/select-rows.ts';
import {UsageError} from '../engine/endpoint.ts';
import {engineMessage} from '../engine/engine-error.ts';
import {isValidPattern} from '../engine/reference-pattern.ts';
import {platformApi, supportsPlatform} from '../engine/platform.ts';
import {formatTree, treeView} from './ls-tree.ts';

/** `reference` is the REPOSITORY[:TAG] argument; `tree`: platforms as `docker image ls --tree`. */
export type LsOptions = {quiet: boolean; all: boolean; json: boolean; filters: string[]; reference?: string; tree?: boolean; columns?: number};

/** The engine lists no platforms (API before 1.47): said as the docker CLI refuses the flag. */
export class TreeUnsupportedError extends Error {
	override name = 'TreeUnsupportedError';
	constructor(apiVersion: string) {
		super(`"--tree" requires API version ${platformApi.list}, but the Docker daemon API version is ${apiVersion}`);
	}
}

/**
 * "dangling=true" → {dangling: ["true"]}, as `docker images --filter` builds it;
 * the REPOSITORY[:TAG] argument is one more reference filter, as docker adds it.
 */
export function parseFilters(filters: readonly string[], reference?: string): Record<string, string[]> | undefined {
	const result: Record<string, string[]> = {};
	for (const filter of filters) {
		const equals = filter.indexOf('=');
		if (equals <= 0) {
			throw new UsageError(`bad format of filter "${filter}" (expected name=value)`);
		}

		const name = filter.slice(0, equals).trim().toLowerCase();
		const value = filter.slice(equals + 1);
		if (name === 'reference' && !isValidPattern(value)) {
			throw new UsageError(`invalid filter "${filter}": syntax error in pattern`);
		}

		(result[name] ??= []).push(value);
	}

	// docker ignores an empty argument.
	if (reference) {
		if (!isValidPattern(reference)) {
			throw new UsageError(`invalid reference "${reference}": syntax error in pattern`);
		}

		(result.reference ??= []).push(reference);
	}

	return Object.keys(result).length > 0 ? result : undefined;
}

export async function listCommand(engine: Engine, options: LsOptions, write: (text: string) => void): Promise<void> {
	const filters = parseFilters(options.filters, options.reference);
	if (options.tree && (options.quiet || options.json)) {
		// docker's words for the same combinations (--format stands for our --json).
		throw new UsageError(options.quiet ? '--quiet is not yet supported with --tree' : '--format is not yet supported with --tree');
	}

	const info = await engine.connect();
	if (options.tree && !supportsPlatform(info.pinnedApiVersion, 'list')) {
		throw new TreeUnsupportedError(info.pinnedApiVersion);
	}

	// The plain list may have been asked for at start-up (early-list.ts); if that failed, ask again for the engine's own error.
	const early = options.all || filters || options.tree ? undefined : await engine.takeEarlyImages?.()?.catch(() => undefined);
	const images = early ?? await engine.listImages({all: options.all, filters}).catch((error: unknown) => {
		// The engine judges filter names and values ("Invalid filter 'bogus'"): a 400 then is the user's input.
		throw filters && (error as {statusCode?: unknown}).statusCode === 400 ? new UsageError(engineMessage(error)) : error;
	});
	if (options.tree) {
		write(formatTree(treeView(images, options.all), options.columns));
		return;
	}

	const rows = sortRows(toRows(images), 'created');
	const now = Date.now();
	if (options.quiet) {
		write(rows.map(row => row.shortId + '\n').join(''));
		return;
	}

	if (options.json) {
		write(rows.map(row => inertJson({
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

	const table = [['REPOSITORY', 'TAG', 'IMAGE ID', 'CREATED', 'SIZE'], ...rows.map(row => [sanitizeLine(row.repository), sanitizeLine(row.tag), row.shortId, createdAgo(row.created, now), formatImageSize(row.size)])];
	write(formatTable(table) + '\n');
}
