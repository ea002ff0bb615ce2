// The answers of delete, prune and container list → our types, sanitized.
import {sanitizeLine} from '../format/sanitize.ts';
import type {ContainerSummary, PruneResult, RemoveResult} from './operations.ts';
import {familiarReference, imageId} from './engine-dialect.ts';
import {asArray, asNumber, asRecord, asString, asStrings} from './raw.ts';

/** DELETE /images/{name} → [{Untagged}|{Deleted}]. */
export function parseRemoveResult(value: unknown): RemoveResult {
	const result: RemoveResult = {untagged: [], deleted: []};
	for (const item of asArray(value).map(entry => asRecord(entry))) {
		if (typeof item.Untagged === 'string') {
			result.untagged.push(familiarReference(sanitizeLine(item.Untagged)));
		}

		if (typeof item.Deleted === 'string') {
			result.deleted.push(imageId(sanitizeLine(item.Deleted)));
		}
	}

	return result;
}

/** POST /images/prune → every Untagged and Deleted entry, in the engine's order (what `docker image prune` prints). */
export function parseImagePrune(value: unknown): PruneResult {
	const raw = asRecord(value);
	const deleted = asArray(raw.ImagesDeleted).flatMap(entry => {
		const item = asRecord(entry);
		const untagged = typeof item.Untagged === 'string' ? [familiarReference(sanitizeLine(item.Untagged))] : [];
		return typeof item.Deleted === 'string' ? [...untagged, imageId(sanitizeLine(item.Deleted))] : untagged;
	});
	return {deleted, spaceReclaimed: asNumber(raw.SpaceReclaimed)};
}

/** Containers, volumes and build cache prune answers: `key` lists what went (null when nothing did). */
export function parsePrune(value: unknown, key: 'ContainersDeleted' | 'VolumesDeleted' | 'CachesDeleted'): PruneResult {
	const raw = asRecord(value);
	return {deleted: asStrings(raw[key]), spaceReclaimed: asNumber(raw.SpaceReclaimed)};
}

export function parseNetworkPrune(value: unknown): string[] {
	return asStrings(asRecord(value).NetworksDeleted);
}

const runningStates = new Set(['running', 'paused', 'restarting']);

/** GET /containers/json. Names lose the leading "/" as in `docker ps`. */
export function parseContainers(value: unknown): ContainerSummary[] {
	return asArray(value).map(entry => {
		const raw = asRecord(entry);
		const state = asString(raw.State);
		return {
			id: asString(raw.Id),
			names: asStrings(raw.Names).map(name => name.replace(/^\//, '')),
			// Podman keeps the name the container was made from fully qualified.
			image: familiarReference(asString(raw.Image)),
			imageId: imageId(asString(raw.ImageID)),
			state,
			running: runningStates.has(state),
			status: asString(raw.Status),
			sizeRw: asNumber(raw.SizeRw),
		};
	});
}

export type InUse = {containerId: string; running?: boolean};

/**
 * Who holds an image, from the engine's 409 (daemon/images/image_delete.go):
 * - by ID: "… (must be forced) - image is being used by stopped container <id>",
 *   "… (cannot be forced) - image is being used by running container <id>";
 * - by its only tag: "… (must force) - container <id> is using its referenced image <id>",
 *   which does not say whether the container runs.
 * Podman (libimage): "image X is in use: image used by <id>: image is in use by a
 * container: consider listing external containers and force-removing image", running or not.
 * Undefined for the other conflicts (child images, several repositories).
 */
export function parseInUse(message: string): InUse | undefined {
	const byId = /image is being used by (running|stopped) container ([0-9a-f]+)/.exec(message);
	if (byId) {
		return {containerId: byId[2]!, running: byId[1] === 'running'};
	}

	const byTag = /container ([0-9a-f]+) is using its referenced image/.exec(message) ?? /image used by ([0-9a-f]{12,64}): image is in use by a container/.exec(message);
	return byTag ? {containerId: byTag[1]!} : undefined;
}
