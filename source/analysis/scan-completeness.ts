// A scan that could not read some layers (an unknown media type, a corrupt or doubly compressed blob)
// still has numbers, but they leave those layers' files out: 0 wasted bytes from an
// unreadable image is a wrong answer, so every place that shows the numbers says so.
import type {CiResult} from './dive-ci.ts';

type Scanned = {errors: readonly string[]; layers: readonly unknown[]};

/** Undefined when every layer was read. */
export function incompleteNote(scan: Scanned): string | undefined {
	if (scan.errors.length === 0) {
		return undefined;
	}

	return `numbers incomplete: ${scan.errors.length} of ${scan.layers.length} layers could not be read, their files are not counted`;
}

/** The CI verdict cannot pass on numbers that leave layers out. */
export function completenessCi(scan: Scanned): CiResult[] {
	const note = incompleteNote(scan);
	return note ? [{rule: 'readableLayers', status: 'fail', threshold: 'all', value: scan.errors.length, message: note}] : [];
}
