// Two images' histories side by side: the steps they share (the same layer, or the
// same metadata step, at the same place) and where they part. Pure.
import type {HistoryStep} from './types.ts';

export type HistorySide = {steps: readonly HistoryStep[]; diffIds: readonly string[]};

export type HistoryRow = {
	a?: HistoryStep;
	b?: HistoryStep;
	/** The layer digest of each side's step, when it made a layer. */
	digestA?: string;
	digestB?: string;
	/** Part of the common start: the same layer (or the same step making none) in both, and all before it too. */
	shared: boolean;
	/** After the images parted: the other image also holds this step's layer (e.g. the same COPY rebased). */
	layerInOther?: boolean;
};

export type HistoryDiff = {
	rows: HistoryRow[];
	/** The first step (1-based) where they differ; undefined when the histories are the same. */
	divergeAt?: number;
	sharedLayers: number;
};

const digestOf = (side: HistorySide, step: HistoryStep | undefined) => (step?.layer === undefined ? undefined : side.diffIds[step.layer]);

function sameStep(a: HistoryStep, digestA: string | undefined, b: HistoryStep, digestB: string | undefined): boolean {
	if (a.layer !== undefined || b.layer !== undefined) {
		return digestA !== undefined && digestA === digestB;
	}

	return a.createdBy === b.createdBy;
}

export function diffHistory(a: HistorySide, b: HistorySide): HistoryDiff {
	const rows: HistoryRow[] = [];
	const layersA = new Set(a.diffIds);
	const layersB = new Set(b.diffIds);
	let shared = true;
	let divergeAt: number | undefined;
	let sharedLayers = 0;
	for (let index = 0; index < Math.max(a.steps.length, b.steps.length); index++) {
		const stepA = a.steps[index];
		const stepB = b.steps[index];
		const digestA = digestOf(a, stepA);
		const digestB = digestOf(b, stepB);
		shared &&= stepA !== undefined && stepB !== undefined && sameStep(stepA, digestA, stepB, digestB);
		if (!shared && divergeAt === undefined) {
			divergeAt = index + 1;
		}

		const row: HistoryRow = {a: stepA, b: stepB, digestA, digestB, shared};
		if (shared && digestA !== undefined) {
			sharedLayers++;
		}

		if (!shared) {
			row.layerInOther = (digestA !== undefined && layersB.has(digestA)) || (digestB !== undefined && layersA.has(digestB));
		}

		rows.push(row);
	}

	return {rows, divergeAt, sharedLayers};
}
