// What a delete will do to each targeted row, decided before asking: the engine
// refuses an image a container uses, so the question names those containers.
import type {EngineProduct} from '../engine/engine-dialect.ts';
import type {ContainerSummary} from '../engine/operations.ts';
import {formatImageSize} from '../format/size.ts';
import type {Dialog} from './dialog.ts';
import type {ImageRow} from './image-rows.ts';

export type Holder = {name: string; running: boolean};

/** What `d` does to one row. */
export type Fate = 'deleted' | 'untagged' | 'heldRunning' | 'heldStopped';

export type PlannedRow = {row: ImageRow; reference: string; fate: Fate; holders: Holder[]};

/** Containers per image ID, running ones first (they decide whether force can help). */
export function holdersByImage(containers: readonly ContainerSummary[]): Map<string, Holder[]> {
	const holders = new Map<string, Holder[]>();
	for (const container of containers) {
		const list = holders.get(container.imageId) ?? [];
		list.push({name: container.names[0] ?? container.id.slice(0, 12), running: container.running});
		holders.set(container.imageId, list);
	}

	for (const list of holders.values()) {
		list.sort((a, b) => Number(b.running) - Number(a.running));
	}

	return holders;
}

/**
 * Each target's fate. An image goes only when every name it has goes; a container
 * matters only then, since untagging one name of several never conflicts.
 */
export function planDelete(targets: readonly ImageRow[], all: readonly ImageRow[], holders: ReadonlyMap<string, Holder[]>, reference: (row: ImageRow) => string): PlannedRow[] {
	const targeted = new Set(targets.map(row => row.key));
	return targets.map(row => {
		const whole = all.filter(other => other.id === row.id).every(other => targeted.has(other.key));
		const using = whole ? holders.get(row.id) ?? [] : [];
		let fate: Fate = whole ? 'deleted' : 'untagged';
		if (using.some(holder => holder.running)) {
			fate = 'heldRunning';
		} else if (using.length > 0) {
			fate = 'heldStopped';
		}

		return {row, reference: reference(row), fate, holders: using};
	});
}

/** "web (running)", "a (exited), b (exited)", at most two named. */
export function holderNames(holders: readonly Holder[]): string {
	const named = holders.slice(0, 2).map(holder => `${holder.name} (${holder.running ? 'running' : 'stopped'})`);
	return holders.length > 2 ? `${named.join(', ')} +${holders.length - 2} more` : named.join(', ');
}

const fateText: Record<Fate, string> = {
	deleted: 'deleted',
	untagged: 'untagged (other tags remain)',
	heldRunning: 'stays: a running container uses it',
	heldStopped: 'in use: deleted only forced (f)',
};

/** Unique bytes of the distinct images among `planned`. */
function uniqueBytes(planned: readonly PlannedRow[]): number {
	const counted = new Map<string, number>();
	for (const {row} of planned) {
		counted.set(row.id, row.uniqueSize >= 0 ? row.uniqueSize : row.size);
	}

	return [...counted.values()].reduce((sum, bytes) => sum + bytes, 0);
}

/** The confirmation: each row's fate, the containers in the way, and what goes for what it frees. */
export function deleteDialog(planned: readonly PlannedRow[], product: EngineProduct = 'docker'): Extract<Dialog, {kind: 'confirm'}> {
	const attempted = planned.filter(item => item.fate !== 'heldRunning');
	const running = planned.filter(item => item.fate === 'heldRunning');
	const stopped = planned.filter(item => item.fate === 'heldStopped');
	const width = Math.min(Math.max(...planned.map(item => item.reference.length)), 40);
	const lines = planned.flatMap(({row, reference, fate, holders}) => [
		`${reference.padEnd(width)}  ${row.shortId}  ${formatImageSize(row.size).padStart(7)}  ${fateText[fate]}`,
		...(holders.length > 0 ? [`  used by ${holderNames(holders)}`] : []),
	]);
	lines.push('');
	if (running.length > 0) {
		lines.push(
			'An image a running container uses cannot be removed while it runs, not even forced',
			'(docker: "image is being used by running container"): stop the container first.',
		);
	}

	if (stopped.length > 0) {
		lines.push(...forcedStoppedLines(product));
	}

	const freed = uniqueBytes(attempted.filter(item => item.fate === 'deleted'));
	const forced = uniqueBytes(attempted.filter(item => item.fate === 'deleted' || item.fate === 'heldStopped'));
	if (attempted.some(item => item.fate === 'deleted')) {
		lines.push(`Frees about ${formatImageSize(freed)}${stopped.length > 0 ? `, forced (f) about ${formatImageSize(forced)}` : ''} (layers shared with other images stay).`);
	} else if (stopped.length > 0) {
		lines.push(`Forced (f), frees about ${formatImageSize(forced)} (layers shared with other images stay).`);
	}

	const name = (items: readonly PlannedRow[]) => (items.length === 1 ? items[0]!.reference : `${items.length} images`);
	let title = `Delete ${name(attempted)}?`;
	if (attempted.length === 0) {
		title = `Cannot delete ${name(planned)} while ${running.length === 1 ? 'its container runs' : 'their containers run'}`;
	} else if (running.length > 0) {
		title = `Delete ${attempted.length} of ${planned.length} images?`;
	}

	return {
		kind: 'confirm',
		title,
		lines,
		requireWord: attempted.length > 1 ? 'yes' : undefined,
		typed: '',
		payload: {kind: 'delete', references: attempted.map(item => item.reference), force: false},
		extraKey: stopped.length > 0 ? {key: 'f', label: 'force (docker rmi -f)'} : undefined,
	};
}

/** What forcing does to the stopped containers: dockerd leaves them, Podman removes them with the image. */
export function forcedStoppedLines(product: EngineProduct): string[] {
	return product === 'podman'
		? ['Podman refuses to delete an image a stopped container uses: f forces (docker rmi -f),', 'and Podman then removes those stopped containers too.']
		: ['Docker refuses to delete an image a stopped container uses: f forces (docker rmi -f);', 'the containers stay, without a name for their image.'];
}
