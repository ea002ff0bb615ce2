// Raw engine JSON → our types, once, at the edge. Tolerates both old and new
// API shapes and neutralizes every string for the terminal.
import {sanitizeLine} from '../format/sanitize.ts';
import {parseManifests} from './parse-manifests.ts';
import {asArray, asNumber, asRecord, asString, asStrings, type Raw} from './raw.ts';
import type {DiskUsage, EngineEvent, HistoryEntry, ImageSummary, ImageUsage, UsageCategory} from './types.ts';
import {dockerDialect, eventAction, familiarReference, imageId, type Dialect} from './engine-dialect.ts';

function asLabels(value: unknown): Record<string, string> {
	const labels: Record<string, string> = {};
	for (const [key, item] of Object.entries(asRecord(value))) {
		labels[sanitizeLine(key)] = asString(item);
	}

	return labels;
}

// A filtered array keeps the room it grew into (~170 bytes for one tag): 8.5 MB at 50,000
// images. A copy has exactly its elements; an empty literal has none at all.
const exact = (list: string[]): string[] => (list.length === 0 ? [] : list.slice());

export function parseImage(value: unknown, dialect: Dialect = dockerDialect): ImageSummary {
	const raw = asRecord(value);
	const tags = asStrings(raw.RepoTags).filter(tag => tag !== '<none>:<none>').map(tag => familiarReference(tag));
	const digests = asStrings(raw.RepoDigests).filter(digest => digest !== '<none>@<none>').map(digest => familiarReference(digest));
	return {
		id: imageId(asString(raw.Id)),
		parentId: imageId(asString(raw.ParentId)),
		// Old engines report untagged images as "<none>:<none>" / "<none>@<none>"; Podman as null,
		// and it lists a pull by digest (name@sha256:…) among the tags: a digest, as docker images shows it.
		repoTags: exact(tags.filter(tag => !tag.includes('@'))),
		repoDigests: exact([...new Set([...digests, ...tags.filter(tag => tag.includes('@'))])]),
		created: asNumber(raw.Created),
		size: asNumber(raw.Size),
		// Podman before 5.6 sends 0 without computing it: unknown, not "nothing shared".
		sharedSize: dialect.listSharedSize ? asNumber(raw.SharedSize, -1) : -1,
		containers: asNumber(raw.Containers, -1),
		manifests: parseManifests(raw.Manifests),
	};
}

export function parseImages(value: unknown, dialect: Dialect = dockerDialect): ImageSummary[] {
	return asArray(value).map(item => parseImage(item, dialect));
}

/** Images parsed as dockerDialect reads them (a list read before the engine was known), read as `dialect` would. */
export function withDialect(images: ImageSummary[], dialect: Dialect): ImageSummary[] {
	if (!dialect.listSharedSize) {
		for (const image of images) {
			image.sharedSize = -1;
		}
	}

	return images;
}

const nopPrefix = /^\/bin\/sh -c #\(nop\)\s*/;

export function parseHistory(value: unknown): HistoryEntry[] {
	return asArray(value).map(item => {
		const raw = asRecord(item);
		return {
			id: imageId(asString(raw.Id)) || '<missing>',
			created: asNumber(raw.Created),
			createdBy: asString(raw.CreatedBy).replace(nopPrefix, ''),
			size: asNumber(raw.Size),
			comment: asString(raw.Comment),
			tags: asStrings(raw.Tags),
		};
	});
}

function category(total: number, active: number, size: number, reclaimable: number, showPercent = true): UsageCategory {
	return {total, active, size, reclaimable, showPercent};
}

const activeContainerStates = ['running', 'paused', 'restarting'];

// The numbers `docker system df` prints, from the API's lists (up to API 1.51)
// or its precomputed usage objects (1.52 and later).
export function parseDiskUsage(value: unknown): DiskUsage {
	const raw = asRecord(value);
	const images = asArray(raw.Images ?? asRecord(raw.ImageUsage).Items).map(item => asRecord(item));
	const containers = asArray(raw.Containers ?? asRecord(raw.ContainerUsage).Items).map(item => asRecord(item));
	const volumes = asArray(raw.Volumes ?? asRecord(raw.VolumeUsage).Items).map(item => asRecord(item));
	const cache = asArray(raw.BuildCache ?? asRecord(raw.BuildCacheUsage).Items).map(item => asRecord(item));

	const perImage = new Map<string, ImageUsage>();
	for (const image of images) {
		perImage.set(imageId(asString(image.Id)), {containers: asNumber(image.Containers, -1), sharedSize: asNumber(image.SharedSize, -1), size: asNumber(image.Size)});
	}

	return {
		images: precomputed(raw.ImageUsage) ?? imagesCategory(raw.LayersSize, images),
		containers: precomputed(raw.ContainerUsage) ?? containersCategory(containers),
		volumes: precomputed(raw.VolumeUsage) ?? volumesCategory(volumes),
		buildCache: precomputed(raw.BuildCacheUsage, false) ?? buildCacheCategory(cache),
		perImage,
	};
}

function precomputed(value: unknown, showPercent = true): UsageCategory | undefined {
	if (value === undefined || value === null) {
		return undefined;
	}

	const raw = asRecord(value);
	return category(asNumber(raw.TotalCount), asNumber(raw.ActiveCount), asNumber(raw.TotalSize), asNumber(raw.Reclaimable), showPercent);
}

// Podman's compat df sends LayersSize 0 whatever its images hold (`docker system df`
// through it prints 0B and a negative reclaimable): no size rather than a wrong one.
const layersSizeUnreported = 'not reported by the engine (Podman)';

function imagesCategory(layersSizeValue: unknown, images: Raw[]): UsageCategory {
	const layersSize = asNumber(layersSizeValue);
	if (layersSize === 0 && images.some(image => asNumber(image.Size) > 0)) {
		const active = images.filter(image => asNumber(image.Containers, -1) > 0).length;
		return {...category(images.length, active, 0, 0), unreported: layersSizeUnreported};
	}

	let used = 0;
	let active = 0;
	for (const image of images) {
		const containers = asNumber(image.Containers, -1);
		if (containers > 0) {
			active++;
		}

		if (containers !== 0) {
			const size = asNumber(image.Size, -1);
			const shared = asNumber(image.SharedSize, -1);
			if (size !== -1 && shared !== -1) {
				used += size - shared;
			}
		}
	}

	return category(images.length, active, layersSize, layersSize - used);
}

function containersCategory(containers: Raw[]): UsageCategory {
	let size = 0;
	let reclaimable = 0;
	let active = 0;
	for (const container of containers) {
		const state = asString(container.State);
		const sizeRw = asNumber(container.SizeRw);
		size += sizeRw;
		if (activeContainerStates.some(name => state.includes(name))) {
			active++;
		} else {
			reclaimable += sizeRw;
		}
	}

	return category(containers.length, active, size, reclaimable);
}

function volumesCategory(volumes: Raw[]): UsageCategory {
	let size = 0;
	let reclaimable = 0;
	let active = 0;
	for (const volume of volumes) {
		const usage = asRecord(volume.UsageData);
		const refCount = asNumber(usage.RefCount);
		const volumeSize = asNumber(usage.Size, -1);
		if (refCount > 0) {
			active++;
		}

		if (volumeSize !== -1) {
			size += volumeSize;
			if (refCount === 0) {
				reclaimable += volumeSize;
			}
		}
	}

	return category(volumes.length, active, size, reclaimable);
}

function buildCacheCategory(records: Raw[]): UsageCategory {
	let size = 0;
	let inUse = 0;
	let active = 0;
	for (const record of records) {
		const recordSize = asNumber(record.Size);
		if (record.InUse === true) {
			active++;
		}

		if (record.Shared !== true) {
			size += recordSize;
			if (record.InUse === true) {
				inUse += recordSize;
			}
		}
	}

	return category(records.length, active, size, size - inUse, false);
}

export function parseEvent(line: string): EngineEvent | undefined {
	let value: unknown;
	try {
		value = JSON.parse(line);
	} catch {
		return undefined;
	}

	const raw = asRecord(value);
	const actor = asRecord(raw.Actor);
	const timeNano = asNumber(raw.timeNano, asNumber(raw.time) * 1e9);
	const type = asString(raw.Type ?? raw.type);
	const attributes = asLabels(actor.Attributes);
	const id = asString(actor.ID ?? raw.id);
	if (type === 'image' && typeof attributes.name === 'string') {
		attributes.name = familiarReference(attributes.name);
	}

	return {
		type,
		action: eventAction(asString(raw.Action ?? raw.status)),
		// Image events carry the image ID (Podman's bare); a container's ID has no algorithm on any engine.
		id: type === 'image' ? imageId(id) : id,
		attributes,
		timeNano,
	};
}
