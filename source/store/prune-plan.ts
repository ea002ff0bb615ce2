// What `docker system prune -a` will take, counted the way its result is counted:
// every image `docker images -a` lists (untagged and intermediate ones too) that
// no container left after the container prune needs.
import type {ContainerSummary} from '../engine/operations.ts';
import type {DiskUsage, ImageSummary} from '../engine/types.ts';
import {formatHumanSize} from '../format/size.ts';

export type PruneAllPlan = {
	/** Image IDs the image prune removes. */
	images: string[];
	/** Of those, how many only stopped containers used (they go first, so their images follow). */
	freedByContainers: number;
	/** `docker system df`'s reclaimable bytes, plus what the images stopped containers held add. */
	imageBytes: number;
};

/**
 * Containers go first (all but the running ones), then every image no remaining
 * container uses. An image a running container uses stays, and so do its parents
 * (the engine refuses to delete an image with children).
 */
export function planPruneAll(images: readonly ImageSummary[], containers: readonly ContainerSummary[], usage: DiskUsage): PruneAllPlan {
	const parents = new Map(images.map(image => [image.id, image.parentId]));
	const kept = new Set<string>();
	for (const container of containers.filter(container => container.running)) {
		for (let id: string | undefined = container.imageId; id && !kept.has(id); id = parents.get(id)) {
			kept.add(id);
		}
	}

	const removed = images.filter(image => !kept.has(image.id)).map(image => image.id);
	const usedByStopped = new Set(containers.filter(container => !container.running).map(container => container.imageId));
	let freedByContainers = 0;
	let imageBytes = usage.images.reclaimable;
	for (const id of removed.filter(id => usedByStopped.has(id))) {
		freedByContainers++;
		// What `docker system df` held back as in use: the image's own bytes, no longer used.
		const own = usage.perImage.get(id);
		if (own && own.size >= 0 && own.sharedSize >= 0) {
			imageBytes += own.size - own.sharedSize;
		}
	}

	return {images: removed, freedByContainers, imageBytes};
}

/** The prune-everything preview, category by category. */
export function pruneAllLines(usage: DiskUsage, plan: PruneAllPlan, volumes: boolean): string[] {
	const line = (title: string, count: number, bytes: number) => `${title.padEnd(20)}${String(count).padStart(6)}   ${formatHumanSize(bytes)}`;
	const held = plan.freedByContainers;
	return [
		`${'WHAT'.padEnd(20)}${'COUNT'.padStart(6)}   RECLAIMABLE`,
		line('Stopped containers', usage.containers.total - usage.containers.active, usage.containers.reclaimable),
		usage.images.unreported ? `${'Unused images'.padEnd(20)}${String(plan.images.length).padStart(6)}   size unknown: ${usage.images.unreported}` : line('Unused images', plan.images.length, plan.imageBytes),
		line('Build cache', usage.buildCache.total - usage.buildCache.active, usage.buildCache.reclaimable),
		volumes ? line('Local volumes', usage.volumes.total - usage.volumes.active, usage.volumes.reclaimable) : 'Local volumes         not included (press v to include them)',
		'Unused networks are removed too.',
		'Images are counted as `docker images -a` lists them, untagged and intermediate ones too;',
		held > 0 ? `${held} of them ${held === 1 ? 'is' : 'are'} used only by stopped containers and ${held === 1 ? 'goes' : 'go'} with them.` : 'no stopped container holds any of them.',
	];
}
