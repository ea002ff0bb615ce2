// Copying images between two engines (`docker -H a save … | docker -H b load`):
// the save stream of one feeds the load of the other, with nothing on disk and
// nothing buffered beyond the streams' own windows.
import {pipeline} from 'node:stream/promises';
import {tarVerifier} from './image-archive.ts';
import type {ImageOperations, OnBytes, OnProgress} from './operations.ts';

type Side = Pick<ImageOperations, 'exportImages' | 'loadStream'>;

/** Resolves with the names the target loaded. The tar is checked on its way: one cut short fails the load. */
export async function copyImages(from: Side, to: Side, images: string[], onProgress: OnProgress, onBytes: OnBytes, signal: AbortSignal): Promise<string[]> {
	const source = await from.exportImages(images, signal);
	const checked = tarVerifier(onBytes);
	// A failure on the saving side destroys `checked` with it, and that aborts the load.
	pipeline(source, checked).catch(() => undefined);
	return to.loadStream(checked, onProgress, signal);
}
