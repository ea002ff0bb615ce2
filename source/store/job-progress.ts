// Folds the engine's progress messages into what a job shows: one line per
// layer (redrawn in place, as the docker CLI does), build steps, bytes, a log.
import type {ProgressMessage} from '../engine/progress-stream.ts';
import {applyTrace, stepsFraction, type BuildStep} from './build-steps.ts';

/** `size`: the largest total the engine gave for the layer in any of its lines, kept when a later line ("Pushed") has none. */
export type LayerProgress = {id: string; status: string; current?: number; total?: number; size?: number};

export type JobProgress = {
	layers: readonly LayerProgress[];
	/** Everything said that is not a layer line, oldest first (capped). */
	log: readonly string[];
	step?: {index: number; count: number};
	/** A BuildKit build's step tree (see build-steps.ts). */
	steps?: readonly BuildStep[];
	bytes?: {done: number; total?: number};
	digest?: string;
};

export const emptyProgress: JobProgress = {layers: [], log: []};

const maxLogLines = 2000;
// dockerd's classic builder writes "Step 1/4 : FROM x", Podman's (buildah) "STEP 1/4: FROM x".
const stepPattern = /^Step (\d+)\/(\d+) :|^STEP (\d+)\/(\d+):/;
const digestPattern = /\b(sha256:[a-f0-9]{64})\b/;
/** Lines that carry an id but are about the image (the tag, the repository), not a layer. */
const notLayer = /^(Pulling from |The push refers to)/;

/**
 * Folds a batch of messages (what arrived since the last flush) into the job's
 * progress: one copy of the layers and of the log per batch, not per message,
 * since a push or pull sends hundreds of lines.
 */
export function applyMessages(progress: JobProgress, messages: readonly ProgressMessage[]): JobProgress {
	if (messages.length === 0) {
		return progress;
	}

	let layers: LayerProgress[] | undefined;
	let positions: Map<string, number> | undefined;
	const added: string[] = [];
	let {step, digest, steps} = progress;
	for (const message of messages) {
		if (message.trace) {
			steps = applyTrace(steps ?? [], message.trace, added);
		}

		if (message.id !== undefined && message.status !== undefined && !notLayer.test(message.status)) {
			if (!layers || !positions) {
				layers = [...progress.layers];
				positions = new Map(layers.map((layer, at) => [layer.id, at]));
			}

			const at = positions.get(message.id);
			const size = Math.max(message.total ?? 0, at === undefined ? 0 : layers[at]!.size ?? 0);
			const layer: LayerProgress = {id: message.id, status: message.status, current: message.current, total: message.total, ...(size > 0 ? {size} : {})};
			if (at === undefined) {
				positions.set(message.id, layers.length);
				layers.push(layer);
			} else {
				layers[at] = layer;
			}
		} else if (message.status !== undefined) {
			added.push(message.id ? `${message.id}: ${message.status}` : message.status);
		}

		if (message.stream !== undefined && message.stream.trim() !== '') {
			added.push(...message.stream.replace(/\n$/, '').split('\n'));
			const found = stepPattern.exec(message.stream.trimStart());
			if (found) {
				step = {index: Number(found[1] ?? found[3]), count: Number(found[2] ?? found[4])};
			}
		}

		const auxDigest = typeof message.aux?.Digest === 'string' ? message.aux.Digest : undefined;
		const statusDigest = message.status?.startsWith('Digest:') || message.status?.includes(' digest: ') ? digestPattern.exec(message.status)?.[1] : undefined;
		digest = auxDigest ?? statusDigest ?? digest;
	}

	let {log} = progress;
	if (added.length > 0) {
		const next = [...log, ...added];
		log = next.length > maxLogLines ? next.slice(next.length - maxLogLines) : next;
	}

	const next: JobProgress = {...progress, layers: layers ?? progress.layers, log};
	if (step !== undefined) {
		next.step = step;
	}

	if (steps !== undefined) {
		next.steps = steps;
	}

	if (digest !== undefined) {
		next.digest = digest;
	}

	return next;
}

const doneStatuses = /^(Pull complete|Already exists|Download complete|Pushed|Layer already exists|Mounted from|Verifying Checksum|Loading layer)/;

/** How far one layer is, 0 to 1: download and extract each count half for a pull. */
export function layerFraction(layer: LayerProgress): number {
	const part = layer.total && layer.total > 0 && layer.current !== undefined ? Math.min(layer.current / layer.total, 1) : 0;
	if (/^(Pull complete|Already exists|Pushed|Layer already exists|Mounted from)/.test(layer.status)) {
		return 1;
	}

	if (layer.status.startsWith('Extracting')) {
		return 0.5 + part / 2;
	}

	if (/^(Download complete|Verifying Checksum)/.test(layer.status)) {
		return 0.5;
	}

	if (layer.status.startsWith('Downloading')) {
		return part / 2;
	}

	if (layer.status.startsWith('Pushing') || layer.status.startsWith('Loading layer')) {
		return part;
	}

	return doneStatuses.test(layer.status) ? 1 : 0;
}

/**
 * How far a set of layers is, weighted by bytes: a 315 MB layer at 6 MB beside one that
 * "already exists" is 2% done, not 50%. A layer whose size the engine never said weighs
 * nothing once done (already there, mounted: nothing to move) and the mean known size
 * while it waits; with no size known at all, each layer counts the same.
 */
function layersFraction(layers: readonly LayerProgress[]): number {
	const sizes = layers.flatMap(layer => (layer.size ? [layer.size] : []));
	if (sizes.length === 0) {
		return layers.reduce((sum, layer) => sum + layerFraction(layer), 0) / layers.length;
	}

	const meanSize = sizes.reduce((sum, size) => sum + size, 0) / sizes.length;
	let done = 0;
	let total = 0;
	for (const layer of layers) {
		const fraction = layerFraction(layer);
		if (layer.size === undefined && fraction >= 1) {
			continue;
		}

		const weight = layer.size ?? meanSize;
		done += fraction * weight;
		total += weight;
	}

	return total > 0 ? done / total : 1;
}

/** Overall fraction done, when there is anything to measure. */
export function overallFraction(progress: JobProgress): number | undefined {
	if (progress.layers.length > 0) {
		return layersFraction(progress.layers);
	}

	if (progress.bytes?.total) {
		return Math.min(progress.bytes.done / progress.bytes.total, 1);
	}

	if (progress.steps && progress.steps.length > 0) {
		return stepsFraction(progress.steps);
	}

	if (progress.step) {
		return (progress.step.index - 1) / progress.step.count;
	}

	return undefined;
}

export type VisibleLayers = {
	shown: readonly LayerProgress[];
	/** What did not fit, by state: for the one summary line under the shown ones. */
	hidden?: {active: number; waiting: number; done: number};
};

/**
 * The layers to draw in `rows` lines. When all fit, all of them in order, as the docker CLI
 * prints them; otherwise the moving ones first, then those waiting, then those done (each
 * kept in order), with one line left for what is hidden: a 31-layer push in a 5-line pane
 * shows the layers being sent, not the first four, long done.
 */
export function visibleLayers(layers: readonly LayerProgress[], rows: number): VisibleLayers {
	if (layers.length <= rows) {
		return {shown: layers};
	}

	const slots = Math.max(rows - 1, 0);
	const rank = (fraction: number) => (fraction >= 1 ? 2 : (fraction > 0 ? 0 : 1));
	const ranked = layers.map((layer, index) => ({index, rank: rank(layerFraction(layer))}));
	const picked = new Set([...ranked].sort((a, b) => a.rank - b.rank || a.index - b.index).slice(0, slots).map(entry => entry.index));
	const hidden = {active: 0, waiting: 0, done: 0};
	for (const entry of ranked) {
		if (!picked.has(entry.index)) {
			hidden[(['active', 'waiting', 'done'] as const)[entry.rank]!]++;
		}
	}

	return {shown: layers.filter((_, index) => picked.has(index)), hidden};
}
