// Deleting and pruning: the destructive actions. Each shows exactly what goes
// and what it frees before anything happens, and nothing goes on one keystroke.
import type {Engine} from '../engine/engine.ts';
import {describeError} from '../engine/describe-error.ts';
import {formatHumanSize, formatImageSize} from '../format/size.ts';
import {createdAgo} from '../format/duration.ts';
import {createImageDeleter} from './delete-images.ts';
import {deleteDialog, holdersByImage, planDelete} from './delete-plan.ts';
import type {ConfirmPayload} from './dialog.ts';
import type {JobRunner} from './job-runner.ts';
import {rowReference, targetRows} from './operations.ts';
import {planPruneAll, pruneAllLines} from './prune-plan.ts';
import {sortedRows} from './selectors.ts';
import type {Store} from './store.ts';

export function createCleanup(engine: Engine, store: Store, jobs: JobRunner) {
	const {dispatch} = store;

	const deleteReferences = createImageDeleter(engine, store, jobs);

	return {
		/** Asks first, naming each image's fate and the containers that keep one from going. */
		async openDelete() {
			const rows = targetRows(store);
			if (rows.length === 0) {
				return;
			}

			try {
				const holders = holdersByImage(await engine.listContainers(true));
				const {connection} = store.getState();
				const product = connection.status === 'connected' ? connection.info.product : 'docker';
				dispatch({type: 'openDialog', dialog: deleteDialog(planDelete(rows, sortedRows(store.getState()), holders, rowReference), product)});
			} catch (error) {
				dispatch({type: 'flash', text: `cannot preview the delete: ${describeError(error, engine.endpoint)}`, tone: 'error'});
			}
		},
		async openPruneDangling() {
			try {
				const [dangling, usage] = await Promise.all([engine.listImages({filters: {dangling: ['true']}}), engine.diskUsage()]);
				// Like `docker image prune`: a dangling image a container still uses stays.
				const pruned = dangling.filter(image => (usage.perImage.get(image.id)?.containers ?? 0) <= 0);
				if (pruned.length === 0) {
					dispatch({type: 'flash', text: 'No dangling images to prune.', tone: 'info'});
					return;
				}

				const bytes = pruned.reduce((sum, image) => {
					const shared = usage.perImage.get(image.id)?.sharedSize ?? -1;
					return sum + (shared >= 0 ? image.size - shared : image.size);
				}, 0);
				const now = Date.now();
				dispatch({type: 'openDialog', dialog: {
					kind: 'confirm',
					title: `Prune ${pruned.length} dangling image${pruned.length === 1 ? '' : 's'}?`,
					lines: [...pruned.map(image => `${image.id.replace('sha256:', '').slice(0, 12)}  ${createdAgo(image.created, now).padEnd(22)}  ${formatImageSize(image.size)}`), '', `Reclaims about ${formatHumanSize(bytes)}.`],
					typed: '',
					payload: {kind: 'pruneDangling'},
				}});
			} catch (error) {
				dispatch({type: 'flash', text: `cannot preview the prune: ${describeError(error, engine.endpoint)}`, tone: 'error'});
			}
		},
		async openPruneAll(volumes = false) {
			try {
				const [usage, images, containers] = await Promise.all([engine.diskUsage(), engine.listImages({all: true}), engine.listContainers(true)]);
				dispatch({type: 'openDialog', dialog: {
					kind: 'confirm',
					title: 'Prune everything unused (docker system prune -a)?',
					lines: pruneAllLines(usage, planPruneAll(images, containers, usage), volumes),
					requireWord: 'yes',
					typed: '',
					payload: {kind: 'pruneAll', volumes},
					extraKey: {key: 'v', label: volumes ? 'leave volumes' : 'include volumes'},
				}});
			} catch (error) {
				dispatch({type: 'flash', text: `cannot preview the prune: ${describeError(error, engine.endpoint)}`, tone: 'error'});
			}
		},
		/** y on a delete: what the question named goes (f forces, where it was offered). */
		confirmDelete(payload: Extract<ConfirmPayload, {kind: 'delete'}>, extra: boolean) {
			dispatch({type: 'closeDialog'});
			if (payload.references.length === 0) {
				// Nothing can go while the containers run: the question said so.
				return;
			}

			dispatch({type: 'clearMarks'});
			deleteReferences(payload.references, payload.force || extra);
		},
		confirmPruneDangling() {
			dispatch({type: 'closeDialog'});
			void jobs.start('prune', 'dangling images', async () => {
				// The answer lists untagged names and layers too: count images by listing instead.
				const dangling = {filters: {dangling: ['true']}};
				const before = (await engine.listImages(dangling)).length;
				const result = await engine.pruneImages(false);
				const deleted = before - (await engine.listImages(dangling)).length;
				return `deleted ${deleted} image${deleted === 1 ? '' : 's'}, reclaimed ${formatHumanSize(result.spaceReclaimed)}`;
			});
		},
		/** The typed word starts it; v (extra) asks again with volumes in or out. */
		confirmPruneAll(payload: Extract<ConfirmPayload, {kind: 'pruneAll'}>, extra: boolean) {
			if (extra) {
				void this.openPruneAll(!payload.volumes);
				return;
			}

			dispatch({type: 'closeDialog'});
			void jobs.start('prune', `everything unused${payload.volumes ? ', volumes too' : ''}`, async () => {
				// docker system prune's order: containers first, so their images become unused.
				// Images are counted as the preview counts them: the IDs `docker images -a` lists.
				const ids = async () => (await engine.listImages({all: true})).map(image => image.id);
				const before = await ids();
				const containers = await engine.pruneContainers();
				const networks = await engine.pruneNetworks();
				const images = await engine.pruneImages(true);
				const after = new Set(await ids());
				const imagesDeleted = before.filter(id => !after.has(id)).length;
				const cache = await engine.pruneBuildCache();
				const volumeResult = payload.volumes ? await engine.pruneVolumes() : undefined;
				const total = containers.spaceReclaimed + images.spaceReclaimed + cache.spaceReclaimed + (volumeResult?.spaceReclaimed ?? 0);
				return `reclaimed ${formatHumanSize(total)}: ${containers.deleted.length} containers, ${networks.length} networks, ${imagesDeleted} images, build cache ${formatHumanSize(cache.spaceReclaimed)}${volumeResult ? `, ${volumeResult.deleted.length} volumes` : ''}`;
			});
		},
	};
}
