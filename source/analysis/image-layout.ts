// Which layers, in which order, and which config: from manifest.json (the
// legacy layout, also written beside the OCI layout by Docker 25+) or from
// index.json → manifest → config blobs (a pure OCI layout). Pure.
import {familiarReference} from '../engine/engine-dialect.ts';
import type {ArchiveContents} from './archive-reader.ts';
import type {HistoryStep} from './types.ts';
import {formatPlatform, samePlatform, type Platform} from '../engine/platform.ts';
import {choosePlatform, isPlatformIndex} from './index-platforms.ts';

export type ImageConfig = {
	os?: string;
	architecture?: string;
	env: string[];
	labels: Record<string, string>;
	user?: string;
	history: Array<{createdBy: string; created?: string; comment?: string; emptyLayer: boolean}>;
	diffIds: string[];
};

export type ImageLayout = {
	/** Archive keys of the layers, base first. */
	layerKeys: string[];
	repoTags: string[];
	config: ImageConfig;
	/** The platform scanned, when the archive held an index of several. */
	platform?: string;
};

/** Which platform to scan; `explicit` (asked by the user) also refuses a single-platform image of another. */
export type PlatformPick = {platform: Platform; explicit: boolean};

export class ArchiveLayoutError extends Error {
	override name = 'ArchiveLayoutError';
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((each): each is string => typeof each === 'string') : []);
const blobPath = (digest: unknown) => (typeof digest === 'string' ? `blobs/${digest.replace(':', '/')}` : '');

export function parseConfig(raw: unknown): ImageConfig {
	const config = isObject(raw) ? raw : {};
	const inner = isObject(config.config) ? config.config : {};
	const labels = isObject(inner.Labels) ? Object.fromEntries(Object.entries(inner.Labels).filter(([, value]) => typeof value === 'string')) as Record<string, string> : {};
	const history = Array.isArray(config.history) ? config.history.filter(isObject).map(step => ({
		createdBy: typeof step.created_by === 'string' ? step.created_by : '',
		created: typeof step.created === 'string' ? step.created : undefined,
		comment: typeof step.comment === 'string' ? step.comment : undefined,
		emptyLayer: step.empty_layer === true,
	})) : [];
	const rootfs = isObject(config.rootfs) ? config.rootfs : {};
	return {
		os: typeof config.os === 'string' ? config.os : undefined,
		architecture: typeof config.architecture === 'string' ? config.architecture : undefined,
		env: strings(inner.Env),
		labels,
		user: typeof inner.User === 'string' ? inner.User : undefined,
		history,
		diffIds: strings(rootfs.diff_ids),
	};
}

function resolve(contents: ArchiveContents, key: string): string {
	let current = key;
	for (let hops = 0; hops < 8 && contents.aliases.has(current); hops++) {
		current = contents.aliases.get(current)!;
	}

	return current;
}

function fromManifestJson(contents: ArchiveContents, wanted?: string): ImageLayout | undefined {
	const manifest = contents.json.get('manifest.json');
	if (!Array.isArray(manifest)) {
		return undefined;
	}

	const entries = manifest.filter(isObject);
	// Podman's archives name images fully qualified (docker.io/library/app:1): compare and
	// report them as `docker images` shows them.
	const tagsOf = (each: Json) => strings(each.RepoTags).map(tag => familiarReference(tag));
	const familiarWanted = wanted === undefined ? undefined : familiarReference(wanted);
	const entry = entries.find(each => familiarWanted !== undefined && tagsOf(each).includes(familiarWanted)) ?? entries[0];
	if (!entry || typeof entry.Config !== 'string') {
		return undefined;
	}

	return {
		layerKeys: strings(entry.Layers).map(key => resolve(contents, key)),
		repoTags: tagsOf(entry),
		config: parseConfig(contents.json.get(resolve(contents, entry.Config))),
	};
}

const refNames = ['io.containerd.image.name', 'org.opencontainers.image.ref.name'];

function fromIndex(contents: ArchiveContents, wanted?: string, pick?: PlatformPick): ImageLayout | undefined {
	let document = contents.json.get('index.json');
	const repoTags: string[] = [];
	let chosenPlatform: string | undefined;
	for (let depth = 0; depth < 4 && isObject(document); depth++) {
		if (Array.isArray(document.layers)) {
			return {
				layerKeys: document.layers.filter(isObject).map(layer => resolve(contents, blobPath(layer.digest))),
				repoTags,
				config: parseConfig(contents.json.get(blobPath(isObject(document.config) ? document.config.digest : undefined))),
				platform: chosenPlatform,
			};
		}

		const manifests = Array.isArray(document.manifests) ? document.manifests.filter(isObject) : [];
		const named = (each: Json) => (isObject(each.annotations) ? refNames.map(name => (each.annotations as Json)[name]).filter((value): value is string => typeof value === 'string') : []);
		// The wanted name first: a save of several images, each of one platform, lists them side by side.
		const matching = wanted === undefined ? [] : manifests.filter(each => named(each).some(name => name === wanted || name.endsWith(`/${wanted}`)));
		const candidates = matching.length > 0 ? matching : manifests;
		let chosen = candidates[0];
		if (isPlatformIndex(candidates)) {
			const present = (entry: Json) => contents.json.has(blobPath(entry.digest));
			let choice = choosePlatform(candidates, present, pick?.platform);
			if ('error' in choice && pick && !pick.explicit) {
				// The engine's platform was only a preference: the first platform present will do.
				choice = choosePlatform(candidates, present);
			}

			if ('error' in choice) {
				throw new ArchiveLayoutError(choice.error);
			}

			chosenPlatform = choice.platform;
			chosen = choice.manifest;
		}

		if (!chosen) {
			return undefined;
		}

		repoTags.push(...named(chosen).filter(name => name.includes(':')));
		document = contents.json.get(blobPath(chosen.digest));
	}

	return undefined;
}

/**
 * The image `wanted` (a repo:tag) names, or the archive's first one. With a platform, the
 * index is read (manifest.json names one platform only) and that platform is scanned.
 */
export function imageLayout(contents: ArchiveContents, wanted?: string, pick?: PlatformPick): ImageLayout {
	const platform = pick?.platform;
	const legacy = fromManifestJson(contents, wanted);
	const indexed = platform ? fromIndex(contents, wanted, pick) : undefined;
	// manifest.json describes one platform only: the index decides when it holds several (its names stay manifest.json's).
	const layout = indexed?.platform === undefined ? legacy ?? indexed ?? fromIndex(contents, wanted) : {...indexed, repoTags: legacy?.repoTags ?? indexed.repoTags};
	if (!layout) {
		throw new ArchiveLayoutError('not an image archive: no manifest.json or index.json describing an image');
	}

	const {os, architecture} = layout.config;
	if (platform && pick.explicit && layout.platform === undefined && os && architecture && !samePlatform({os, architecture}, platform)) {
		throw new ArchiveLayoutError(`the image is ${formatPlatform({os, architecture})}, not ${formatPlatform(platform)}`);
	}

	const missing = layout.layerKeys.filter(key => !contents.layers.has(key));
	if (missing.length > 0) {
		throw new ArchiveLayoutError(`the archive lacks layer ${missing[0]}`);
	}

	return layout;
}

/** History steps, oldest first, each with the layer it made (empty-layer steps make none). */
export function historySteps(config: ImageConfig, layerCount: number): HistoryStep[] {
	let layer = 0;
	const steps: HistoryStep[] = config.history.map((entry, index) => {
		const step: HistoryStep = {step: index + 1, createdBy: entry.createdBy, created: entry.created, comment: entry.comment, emptyLayer: entry.emptyLayer};
		if (!entry.emptyLayer && layer < layerCount) {
			step.layer = layer++;
		}

		return step;
	});
	return steps;
}
