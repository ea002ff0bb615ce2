// One row per repo:tag, as `docker images` lists them.
import {platformManifests} from '../engine/parse-manifests.ts';
import type {DiskUsage, ImageManifest, ImageSummary} from '../engine/types.ts';

export type ImageRow = {
	/** Stable across reloads: image ID plus reference. */
	key: string;
	id: string;
	shortId: string;
	repository: string;
	tag: string;
	created: number;
	size: number;
	/** Containers using the image; -1 until disk usage is known. */
	containers: number;
	/** Size not shared with other images; -1 until known. */
	uniqueSize: number;
	untagged: boolean;
	/**
	 * Lower-cased "repo:tag", built once, not per keystroke; the filter matches the ID on its own.
	 * The same string as the key's "repo:tag" when it has no capitals (most): one less per row.
	 */
	search: string;
	/** The image's platform manifests (attestations left out); undefined when the engine doesn't say. */
	platforms?: readonly ImageManifest[];
	/**
	 * A child row: one platform of an expanded image (platform-rows.ts). The fields above stay
	 * the image's, so what acts on the selection acts on the image.
	 */
	platform?: PlatformChild;
	/** What the history pane shows: the image ID, with the platform for a child row. */
	historyKey: string;
};

/** `parentKey`: the image row it belongs to. */
export type PlatformChild = {manifest: ImageManifest; name: string; last: boolean; parentKey: string};

export const none = '<none>';

export function shortId(id: string): string {
	return id.replace(/^sha256:/, '').slice(0, 12);
}

/** distribution/reference FamiliarName: drop docker.io/ and docker.io/library/. */
export function familiarName(name: string): string {
	if (name.startsWith('docker.io/library/')) {
		return name.slice('docker.io/library/'.length);
	}

	if (name.startsWith('docker.io/')) {
		return name.slice('docker.io/'.length);
	}

	return name;
}

/** "host:5000/repo:tag" → ["host:5000/repo", "tag"]: the tag follows the last colon after the last slash. */
export function splitReference(reference: string): [string, string] {
	const slash = reference.lastIndexOf('/');
	const colon = reference.lastIndexOf(':');
	if (colon > slash) {
		return [reference.slice(0, colon), reference.slice(colon + 1)];
	}

	return [reference, none];
}

function row(image: ImageSummary, containers: number, uniqueSize: number, repository: string, tag: string, untagged: boolean, keySuffix: string, platforms: readonly ImageManifest[] | undefined): ImageRow {
	const reference = untagged ? `${repository}:${tag}` : keySuffix;
	const lower = reference.toLowerCase();
	// A plain literal: spreading a shared object per row costs ~50 ms at 10,000 images.
	return {
		key: `${image.id} ${keySuffix}`,
		id: image.id,
		shortId: shortId(image.id),
		repository,
		tag,
		created: image.created,
		size: image.size,
		containers,
		uniqueSize,
		untagged,
		search: lower === reference ? reference : lower,
		platforms,
		platform: undefined,
		historyKey: image.id,
	};
}

export function toRows(images: readonly ImageSummary[], usage?: DiskUsage): ImageRow[] {
	const rows: ImageRow[] = [];
	// One string for each repository and tag, however many rows share it ("latest" in most).
	const strings = new Map<string, string>();
	const intern = (value: string) => {
		const known = strings.get(value);
		if (known !== undefined) {
			return known;
		}

		strings.set(value, value);
		return value;
	};

	for (const image of images) {
		const known = usage?.perImage.get(image.id);
		const containers = known?.containers ?? image.containers;
		const sharedSize = known?.sharedSize ?? image.sharedSize;
		const uniqueSize = sharedSize >= 0 ? image.size - sharedSize : -1;
		const platforms = image.manifests && platformManifests(image.manifests);
		const tagged = new Set<string>();
		for (const reference of image.repoTags) {
			const [repository, tag] = splitReference(reference);
			const familiar = intern(familiarName(repository));
			tagged.add(familiar);
			rows.push(row(image, containers, uniqueSize, familiar, intern(tag), false, `${familiar}:${tag}`, platforms));
		}

		// Digest-only references (pulled by digest, tag since removed) show as repo <none>.
		for (const reference of image.repoDigests) {
			const familiar = familiarName(reference.split('@')[0] ?? reference);
			if (!tagged.has(familiar)) {
				tagged.add(familiar);
				rows.push(row(image, containers, uniqueSize, familiar, none, true, `${familiar}@`, platforms));
			}
		}

		if (tagged.size === 0) {
			rows.push(row(image, containers, uniqueSize, none, none, true, none, platforms));
		}
	}

	return rows;
}
