// Deleting and pruning: the destructive actions. Each shows exactly what goes
// and what it frees before anything happens, and nothing goes on one keystroke.
import type {Engine} from '../engine/engine.ts';
import {ImageInUseError} from '../engine/operations.ts';
import {describeError} from '../engine/describe-error.ts';
import {formatHumanSize, formatImageSize} from '../format/size.ts';
import {createdAgo} from '../format/duration.ts';
import type {ConfirmPayload} from './dialog.ts';
import type {JobRunner} from './job-runner.ts';
import {rowReference, targetRows} from './operations.ts';
import {planPruneAll, pruneAllLines} from './prune-plan.ts';
import {sortedRows} from './selectors.ts';
import type {Store} from './store.ts';

export function createCleanup(engine: Engine, store: Store, jobs: JobRunner) {
	const {dispatch} = store;

	function deleteReferences(references: string[], force: boolean) {
		const title = references.length === 1 ? references[0]! : `${references.length} images`;
		void jobs.start('delete', `${force ? 'force-delete' : 'delete'} ${title}`, async () => {
			let untagged = 0;
			let deleted = 0;
			const stoppedHolders: string[] = [];
			const failures: string[] = [];
			for (const reference of references) {
				try {
					const result = await engine.removeImage(reference, force);
					untagged += result.untagged.length;
					deleted += result.deleted.length;
				} catch (error) {
					if (error instanceof ImageInUseError && !error.running) {
						stoppedHolders.push(reference);
					}

					failures.push(`${reference}: ${error instanceof ImageInUseError ? error.message : describeError(error, engine.endpoint)}`);
				}
			}

			if (stoppedHolders.length > 0) {
				dispatch({type: 'openDialog', dialog: {
					kind: 'confirm',
					title: 'Used by stopped containers',
					lines: [...failures, '', 'Force removes the images anyway (the containers stay, without a name for their image).'],
					typed: '',
					payload: {kind: 'delete', references: stoppedHolders, force: true},
					extraKey: {key: 'f', label: 'force'},
				}});
			}

			if (failures.length > 0) {
				throw new Error(failures.join('; '));
			}

			return `untagged ${untagged}, deleted ${deleted} layer${deleted === 1 ? '' : 's'}`;
		});
	}

	return {
		openDelete() {
			const rows = targetRows(store);
			if (rows.length === 0) {
				return;
			}

			const all = sortedRows(store.getState());
			const targeted = new Set(rows.map(row => row.key));
			let freed = 0;
			const lines: string[] = [];
			const counted = new Set<string>();
			for (const row of rows) {
				// The image goes only when every name it has goes; otherwise this only untags.
				const whole = all.filter(other => other.id === row.id).every(other => targeted.has(other.key));
				lines.push(`${rowReference(row).padEnd(40)} ${row.shortId}  ${formatImageSize(row.size).padStart(7)}  ${whole ? 'deleted' : 'untagged (other tags remain)'}`);
				if (whole && !counted.has(row.id)) {
					counted.add(row.id);
					freed += row.uniqueSize >= 0 ? row.uniqueSize : row.size;
				}
			}

			const many = rows.length > 1;
			dispatch({type: 'openDialog', dialog: {
				kind: 'confirm',
				title: many ? `Delete ${rows.length} images?` : `Delete ${rowReference(rows[0]!)}?`,
				lines: [...lines, '', `Frees about ${formatImageSize(freed)} (layers shared with other images stay).`],
				requireWord: many ? 'yes' : undefined,
				typed: '',
				payload: {kind: 'delete', references: rows.map(row => rowReference(row)), force: false},
			}});
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
		/** The confirmation was answered yes (or its extra key pressed). */
		confirmed(payload: ConfirmPayload, extra: boolean) {
			switch (payload.kind) {
				case 'delete': {
					dispatch({type: 'closeDialog'});
					dispatch({type: 'clearMarks'});
					deleteReferences(payload.references, payload.force || extra);
					return;
				}

				case 'pruneDangling': {
					dispatch({type: 'closeDialog'});
					void jobs.start('prune', 'dangling images', async () => {
						// The answer lists untagged names and layers too: count images by listing instead.
						const dangling = {filters: {dangling: ['true']}};
						const before = (await engine.listImages(dangling)).length;
						const result = await engine.pruneImages(false);
						const deleted = before - (await engine.listImages(dangling)).length;
						return `deleted ${deleted} image${deleted === 1 ? '' : 's'}, reclaimed ${formatHumanSize(result.spaceReclaimed)}`;
					});
					return;
				}

				case 'pruneAll': {
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
					return;
				}

				case 'overwrite': {
					return;
				}
			}
		},
	};
}
