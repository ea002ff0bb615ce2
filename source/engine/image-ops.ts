// Local image operations: tag, delete, prune, list containers, save and load.
import type Docker from 'dockerode';
import {sanitizeLine} from '../format/sanitize.ts';
import {engineCall, engineMessage, toEngineError} from './engine-error.ts';
import {exportImages, loadImages, loadStream, saveImages} from './image-archive.ts';
import {dockerDialect, type Dialect} from './engine-dialect.ts';
import {ImageInUseError, type ImageOperations, type RemoveResult} from './operations.ts';
import {platformParameter} from './platform.ts';
import {parseContainers, parseImagePrune, parseInUse, parseNetworkPrune, parsePrune, parseRemoveResult} from './parse-operations.ts';

type LocalOperations = Pick<ImageOperations, 'tag' | 'removeImage' | 'listContainers' | 'pruneImages' | 'pruneContainers' | 'pruneNetworks' | 'pruneVolumes' | 'pruneBuildCache' | 'save' | 'load' | 'exportImage' | 'exportImages' | 'loadStream'>;

async function isRunning(docker: Docker, containerId: string): Promise<boolean> {
	try {
		const info = await docker.getContainer(containerId).inspect();
		return info.State?.Running === true;
	} catch {
		// Gone meanwhile: nothing runs it.
		return false;
	}
}

/** A 409 naming a container becomes ImageInUseError; `running` says force cannot help. */
async function removeFailure(docker: Docker, error: unknown): Promise<unknown> {
	if (error instanceof ImageInUseError) {
		return error;
	}

	if ((error as {statusCode?: unknown} | undefined)?.statusCode !== 409) {
		return toEngineError(error);
	}

	const message = sanitizeLine(engineMessage(error));
	const inUse = parseInUse(message);
	if (!inUse) {
		return toEngineError(error);
	}

	// Refused by tag, the engine doesn't say whether the container runs: ask it.
	const running = inUse.running ?? await isRunning(docker, inUse.containerId);
	return new ImageInUseError(message, inUse.containerId, running);
}

/**
 * Podman's forced delete also removes the containers that use the image, running
 * ones included (dockerd refuses those, "cannot be forced"). A running container
 * is never taken down by a delete here: refuse as dockerd does, before asking.
 */
async function refuseRunningHolder(docker: Docker, image: string): Promise<void> {
	const id = sanitizeLine((await docker.getImage(image).inspect()).Id);
	const holders = parseContainers(await docker.listContainers({all: true})).filter(container => container.imageId === id && container.running);
	if (holders.length > 0) {
		const holder = holders[0]!;
		throw new ImageInUseError(`unable to delete ${image} (cannot be forced) - image is being used by running container ${holder.id.slice(0, 12)} (Podman would remove the container)`, holder.id, true);
	}
}

export function imageOperations(docker: () => Docker, apiVersion: () => string = () => '', dialect: () => Dialect = () => dockerDialect): LocalOperations {
	return {
		async tag(image, repository, tag) {
			await engineCall(() => docker().getImage(image).tag({repo: repository, tag}));
		},
		async removeImage(image, force): Promise<RemoveResult> {
			const client = docker();
			try {
				if (force && dialect().product === 'podman') {
					await refuseRunningHolder(client, image);
				}

				return parseRemoveResult(await client.getImage(image).remove({force}));
			} catch (error) {
				throw await removeFailure(client, error);
			}
		},
		async listContainers(all) {
			return parseContainers(await engineCall(() => docker().listContainers({all, size: true})));
		},
		async pruneImages(all) {
			// `docker image prune -a` sends dangling=false: every image no container uses.
			const options = all ? {filters: {dangling: ['false']}} : {};
			return parseImagePrune(await engineCall(() => docker().pruneImages(options)));
		},
		async pruneContainers() {
			return parsePrune(await engineCall(() => docker().pruneContainers()), 'ContainersDeleted');
		},
		async pruneNetworks() {
			return parseNetworkPrune(await engineCall(() => docker().pruneNetworks()));
		},
		async pruneVolumes() {
			return parsePrune(await engineCall(() => docker().pruneVolumes()), 'VolumesDeleted');
		},
		async pruneBuildCache() {
			return parsePrune(await engineCall(() => docker().pruneBuilder()), 'CachesDeleted');
		},
		async save(images, target, onBytes, signal, platform) {
			await saveImages(docker(), images, target, onBytes, signal, platformParameter(apiVersion(), 'save', platform));
		},
		async exportImage(image, signal) {
			return exportImages(docker(), [image], signal);
		},
		async load(source, onProgress, onBytes, signal, platform) {
			return loadImages(docker(), source, onProgress, onBytes, signal, platformParameter(apiVersion(), 'load', platform));
		},
		async exportImages(images, signal) {
			return exportImages(docker(), images, signal);
		},
		async loadStream(body, onProgress, signal) {
			return loadStream(docker(), body, onProgress, signal);
		},
	};
}
