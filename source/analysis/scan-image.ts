// The deep scan of an image in the engine (its `docker save` stream) or in a
// tar file (`--archive`), with byte progress and cancel.
import {createReadStream} from 'node:fs';
import {stat} from 'node:fs/promises';
import {addAbortSignal, type Readable} from 'node:stream';
import type {ImageOperations} from '../engine/operations.ts';
import type {PlatformPick} from './image-layout.ts';
import {byteCounter} from '../engine/upload.ts';
import {scanArchive, type ScanResult} from './image-scan.ts';
import type {ReadOptions} from './archive-reader.ts';

export type ScanProgress = (done: number, total?: number) => void;

function counted(source: Readable, onBytes: ScanProgress, total: number | undefined, signal: AbortSignal): Readable {
	const counter = byteCounter(count => onBytes(count, total));
	// An abort must reach the source (the HTTP response) and the counter the scan reads.
	addAbortSignal(signal, source);
	addAbortSignal(signal, counter);
	source.on('error', error => counter.destroy(error));
	return source.pipe(counter);
}

/** `total`, when known (the image's size), lets progress show a share. */
/** `platform`: which one of a multi-platform image to scan (the save holds every platform present). */
/** `options.details`: entries keep mode, owner, link and content hash (for a comparison). */
export async function scanEngineImage(engine: Pick<ImageOperations, 'exportImage'>, image: string, onBytes: ScanProgress, signal: AbortSignal, total?: number, platform?: PlatformPick, options?: ReadOptions): Promise<ScanResult> {
	const source = await engine.exportImage(image, signal);
	return scanArchive(counted(source, onBytes, total, signal), image, platform, options);
}

export async function scanArchiveFile(file: string, image: string | undefined, onBytes: ScanProgress, signal: AbortSignal, platform?: PlatformPick, options?: ReadOptions): Promise<ScanResult> {
	const {size} = await stat(file);
	return scanArchive(counted(createReadStream(file), onBytes, size, signal), image, platform, options);
}
