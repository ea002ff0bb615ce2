// Bytes at stake for a step: what the deep scan found it left under some
// paths, or (without a scan) the step's whole size as an upper bound.
import {finalUnder} from '../layer-math.ts';
import type {AdvisorInput} from './advice.ts';

export function bytesLeft(input: AdvisorInput, index: number, paths: readonly string[]): {bytes?: number; exact: boolean} {
	const layer = input.scan?.steps[index]?.layer;
	if (input.scan && layer !== undefined) {
		const bytes = paths.reduce((sum, path) => sum + (finalUnder(input.scan!.final, path, layer)?.bytes ?? 0), 0);
		return {bytes, exact: true};
	}

	return {bytes: input.steps[index]?.size, exact: false};
}
