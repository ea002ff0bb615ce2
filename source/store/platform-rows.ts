// Expanded multi-platform images: one child row per platform under the image's row, as
// `docker image ls --tree` nests them. Pure.
import {formatPlatform, platformApi, supportsPlatform} from '../engine/platform.ts';
import type {ImageRow} from './image-rows.ts';

export function platformChildren(parent: ImageRow): ImageRow[] {
	const platforms = parent.platforms ?? [];
	return platforms.map((manifest, index) => {
		const name = formatPlatform(manifest.platform ?? {os: '', architecture: ''});
		return {
			...parent,
			key: `${parent.key} ${manifest.id}`,
			platform: {manifest, name, last: index === platforms.length - 1, parentKey: parent.key},
			historyKey: `${parent.id} ${name}`,
		};
	});
}

/** The rows with each expanded image's platforms after it; `expanded` holds image rows' keys. */
export function withPlatformRows(rows: readonly ImageRow[], expanded: ReadonlySet<string>): readonly ImageRow[] {
	if (expanded.size === 0) {
		return rows;
	}

	return rows.flatMap(row => (expanded.has(row.key) ? [row, ...platformChildren(row)] : [row]));
}

/** What the PLATFORMS column says of an image row. */
export function platformsCell(row: ImageRow, expanded: boolean): string {
	if (!row.platforms) {
		return 'unknown';
	}

	const mark = row.platforms.length === 0 ? '' : expanded ? '▾ ' : '▸ ';
	return row.platforms.length === 1 ? mark + formatPlatform(row.platforms[0]!.platform ?? {os: '', architecture: ''}) : `${mark}${row.platforms.length} platforms`;
}

/** Why → has nothing to open on the selected row, in the user's terms; undefined when it can open. */
export function platformsUnavailable(row: ImageRow | undefined, apiVersion: string | undefined): string | undefined {
	if (!row || row.platform) {
		return undefined;
	}

	if (!row.platforms) {
		return apiVersion !== undefined && !supportsPlatform(apiVersion, 'list')
			? `Platforms unknown: the engine's API ${apiVersion} lists none (it needs ${platformApi.list}).`
			: 'Platforms unknown: the engine lists none for this image (the classic image store keeps one platform an image).';
	}

	return row.platforms.length === 0 ? 'This image has no platform images (only attestations or other manifests).' : undefined;
}
