// The delete job: `docker rmi` of each reference in turn, logging what docker
// prints for each (Untagged/Deleted lines, or its error line), then a summary.
import type {Engine} from '../engine/engine.ts';
import {describeError} from '../engine/describe-error.ts';
import {EngineError} from '../engine/engine-error.ts';
import {ImageInUseError, type RemoveResult} from '../engine/operations.ts';
import {sanitizeLine} from '../format/sanitize.ts';
import type {Dialog} from './dialog.ts';
import type {JobRunner} from './job-runner.ts';
import type {Store} from './store.ts';

type Outcome = {reference: string; result: RemoveResult} | {reference: string; error: unknown};

/** The line the docker CLI prints for a failed `docker rmi` of one image. */
export function rmiErrorLine(error: unknown, describe: (error: unknown) => string): string {
	if (error instanceof ImageInUseError || error instanceof EngineError) {
		// The CLI says "Error: No such image" itself; everything else is the daemon's answer.
		const notFound = error instanceof EngineError && error.statusCode === 404;
		return `${notFound ? 'Error' : 'Error response from daemon'}: ${sanitizeLine(error.message)}`;
	}

	return `Error: ${describe(error)}`;
}

/** Docker's own lines for a removal, in its order: untagged names, then deleted IDs. */
export function rmiLines(result: RemoveResult): string[] {
	return [...result.untagged.map(name => `Untagged: ${name}`), ...result.deleted.map(id => `Deleted: ${id}`)];
}

/** "deleted 4, untagged 1": what became of the references that went. */
function doneSummary(outcomes: readonly Outcome[]): string {
	let deleted = 0;
	let untagged = 0;
	for (const outcome of outcomes) {
		if ('result' in outcome) {
			if (outcome.result.deleted.length > 0) {
				deleted++;
			} else {
				untagged++;
			}
		}
	}

	return [deleted > 0 && `deleted ${deleted}`, untagged > 0 && `untagged ${untagged}`].filter(Boolean).join(', ') || 'nothing removed';
}

export function createImageDeleter(engine: Engine, store: Store, jobs: JobRunner) {
	const describe = (error: unknown) => describeError(error, engine.endpoint);
	const product = () => {
		const {connection} = store.getState();
		return connection.status === 'connected' ? connection.info.product : 'docker';
	};

	/** Names for the container IDs the engine's refusals gave (short IDs), best effort. */
	async function containerNames(): Promise<(id: string) => string> {
		try {
			const containers = await engine.listContainers(true);
			return id => containers.find(container => container.id.startsWith(id))?.names[0] ?? id.slice(0, 12);
		} catch {
			return id => id.slice(0, 12);
		}
	}

	/** Only the images stopped containers hold: force can take those, so ask about them alone. */
	function forceDialog(held: ReadonlyArray<{reference: string; container: string}>): Dialog {
		const width = Math.min(Math.max(...held.map(item => item.reference.length)), 40);
		return {
			kind: 'confirm',
			title: `Force-remove ${held.length === 1 ? held[0]!.reference : `${held.length} images`}? (docker rmi -f)`,
			lines: [
				...held.map(item => `${item.reference.padEnd(width)}  used by ${item.container} (stopped)`),
				'',
				...(product() === 'podman'
					? ['Podman refused: a stopped container uses each. Forced, the images go,', 'and Podman removes those stopped containers too.']
					: ['Docker refused: a stopped container uses each. Forced, the images go;', 'the containers stay, without a name for their image.']),
			],
			typed: '',
			// The question is "force?": y answers it, so no second key means the same.
			payload: {kind: 'delete', references: held.map(item => item.reference), force: true},
		};
	}

	return function deleteReferences(references: readonly string[], force: boolean): void {
		const title = references.length === 1 ? references[0]! : `${references.length} images`;
		void jobs.start('delete', force ? `-f ${title}` : title, async (_signal, report) => {
			const outcomes: Outcome[] = [];
			for (const reference of references) {
				try {
					const result = await engine.removeImage(reference, force);
					outcomes.push({reference, result});
					for (const line of rmiLines(result)) {
						report.progress({status: line});
					}
				} catch (error) {
					outcomes.push({reference, error});
					report.progress({status: rmiErrorLine(error, describe)});
				}
			}

			const failures = outcomes.flatMap(outcome => ('error' in outcome ? [outcome] : []));
			if (failures.length === 0) {
				return doneSummary(outcomes);
			}

			const name = failures.some(failure => failure.error instanceof ImageInUseError) ? await containerNames() : (id: string) => id;
			const why = (error: unknown) => (error instanceof ImageInUseError ? `used by ${error.running ? 'running' : 'stopped'} container ${name(error.containerId)}` : describe(error));
			const held = failures.flatMap(({reference, error}) => (error instanceof ImageInUseError && !error.running ? [{reference, container: name(error.containerId)}] : []));
			if (held.length > 0) {
				store.dispatch({type: 'openDialog', dialog: forceDialog(held)});
			}

			const first = `${failures[0]!.reference} not removed: ${why(failures[0]!.error)}`;
			if (references.length === 1) {
				throw new Error(first);
			}

			const rest = failures.length > 1 ? ` (and ${failures.length - 1} more, see the log)` : '';
			throw new Error(`${failures.length} of ${references.length} failed: ${first}${rest}; ${doneSummary(outcomes)}`);
		});
	};
}
