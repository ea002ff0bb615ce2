// `stowage diff IMAGE1 IMAGE2`: both images' deep scans (with modes, links and
// content hashes), then what differs between their final filesystems and where
// their histories part. No UI.
import {diffHistory} from '../analysis/history-diff.ts';
import {diffImages} from '../analysis/image-diff.ts';
import type {ScanResult} from '../analysis/image-scan.ts';
import {scanEngineImage} from '../analysis/scan-image.ts';
import {SharedLayers} from '../analysis/shared-layers.ts';
import type {Engine} from '../engine/engine.ts';
import {UsageError} from '../engine/endpoint.ts';
import {formatDiff, jsonDiff, type DiffReport} from './diff-report.ts';
import {checkImageArgument} from './image-argument.ts';

export type DiffOptions = {images: string[]; json: boolean};

/** Which image a scan failure belongs to. */
export class DiffScanError extends Error {
	override name = 'DiffScanError';
	constructor(readonly image: string, override readonly cause: unknown) {
		super(cause instanceof Error ? cause.message : String(cause));
	}
}

/** Both scans, side by side: the engine streams one save while the other is read. One failing stops the other. */
export async function scanPair(engine: Pick<Engine, 'exportImage'>, images: readonly [string, string], signal: AbortSignal): Promise<[ScanResult, ScanResult]> {
	const controller = new AbortController();
	const stop = () => controller.abort();
	signal.addEventListener('abort', stop, {once: true});
	let first: DiffScanError | undefined;
	const shared = new SharedLayers();
	const one = (image: string) => scanEngineImage(engine, image, () => {}, controller.signal, undefined, undefined, {details: true, shared}).catch((error: unknown) => {
		first ??= new DiffScanError(image, error);
		controller.abort();
		throw first;
	});
	try {
		const [a, b] = await Promise.allSettled([one(images[0]), one(images[1])]);
		if (a.status === 'rejected' || b.status === 'rejected') {
			throw first!;
		}

		shared.settle();
		return [a.value, b.value];
	} finally {
		signal.removeEventListener('abort', stop);
	}
}

export function diffReport(images: readonly [string, string], [a, b]: readonly [ScanResult, ScanResult]): DiffReport {
	const side = (image: string, scan: ScanResult) => ({image, steps: scan.steps.length, layers: scan.layers.length});
	return {
		from: side(images[0], a),
		to: side(images[1], b),
		files: diffImages({final: a.final, diffIds: a.config.diffIds}, {final: b.final, diffIds: b.config.diffIds}),
		history: diffHistory({steps: a.steps, diffIds: a.config.diffIds}, {steps: b.steps, diffIds: b.config.diffIds}),
		errors: [...a.errors.map(error => `${images[0]}: ${error}`), ...b.errors.map(error => `${images[1]}: ${error}`)],
	};
}

/** Resolves with the exit status: 0 whatever the differences (as `docker diff`). */
export async function diffCommand(engine: () => Engine, options: DiffOptions, write: (text: string) => void): Promise<number> {
	if (options.images.length !== 2) {
		throw new UsageError(`diff needs two images (got ${options.images.length})`);
	}

	const images = [options.images[0]!, options.images[1]!] as const;
	for (const image of images) {
		checkImageArgument(image, 'compare');
	}

	const client = engine();
	await client.connect();
	const scans = await scanPair(client, images, new AbortController().signal);
	const report = diffReport(images, scans);
	write(options.json ? jsonDiff(report) : formatDiff(report));
	return 0;
}
