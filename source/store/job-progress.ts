// Folds the engine's progress messages into what a job shows: one line per
// layer (redrawn in place, as the docker CLI does), build steps, bytes, a log.
import type {ProgressMessage} from '../engine/progress-stream.ts';

export type LayerProgress = {id: string; status: string; current?: number; total?: number};

export type JobProgress = {
	layers: readonly LayerProgress[];
	/** Everything said that is not a layer line, oldest first (capped). */
	log: readonly string[];
	step?: {index: number; count: number};
	bytes?: {done: number; total?: number};
	digest?: string;
};

export const emptyProgress: JobProgress = {layers: [], log: []};

const maxLogLines = 2000;
const stepPattern = /^Step (\d+)\/(\d+) :/;
const digestPattern = /\b(sha256:[a-f0-9]{64})\b/;

function appendLog(log: readonly string[], text: string): readonly string[] {
	const lines = text.replace(/\n$/, '').split('\n');
	const next = [...log, ...lines];
	return next.length > maxLogLines ? next.slice(next.length - maxLogLines) : next;
}

export function applyMessage(progress: JobProgress, message: ProgressMessage): JobProgress {
	let next = progress;
	if (message.id !== undefined && message.status !== undefined && !message.status.startsWith('The push refers to')) {
		const layer: LayerProgress = {id: message.id, status: message.status, current: message.current, total: message.total};
		const index = next.layers.findIndex(existing => existing.id === message.id);
		const layers = index === -1 ? [...next.layers, layer] : next.layers.map((existing, at) => (at === index ? layer : existing));
		next = {...next, layers};
	} else if (message.status !== undefined) {
		next = {...next, log: appendLog(next.log, message.id ? `${message.id}: ${message.status}` : message.status)};
	}

	if (message.stream !== undefined && message.stream.trim() !== '') {
		next = {...next, log: appendLog(next.log, message.stream)};
		const step = stepPattern.exec(message.stream.trimStart());
		if (step) {
			next = {...next, step: {index: Number(step[1]), count: Number(step[2])}};
		}
	}

	const auxDigest = typeof message.aux?.Digest === 'string' ? message.aux.Digest : undefined;
	const statusDigest = message.status?.startsWith('Digest:') || message.status?.includes(' digest: ') ? digestPattern.exec(message.status)?.[1] : undefined;
	if (auxDigest ?? statusDigest) {
		next = {...next, digest: auxDigest ?? statusDigest};
	}

	return next;
}

export function applyMessages(progress: JobProgress, messages: readonly ProgressMessage[]): JobProgress {
	return messages.reduce(applyMessage, progress);
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

/** Overall fraction done, when there is anything to measure. */
export function overallFraction(progress: JobProgress): number | undefined {
	if (progress.layers.length > 0) {
		return progress.layers.reduce((sum, layer) => sum + layerFraction(layer), 0) / progress.layers.length;
	}

	if (progress.bytes?.total) {
		return Math.min(progress.bytes.done / progress.bytes.total, 1);
	}

	if (progress.step) {
		return (progress.step.index - 1) / progress.step.count;
	}

	return undefined;
}
