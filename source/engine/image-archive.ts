// `docker save` and `docker load`: tars streamed between a file and the
// engine, never held in memory, with byte counts for progress.
import {createReadStream} from 'node:fs';
import {stat} from 'node:fs/promises';
import {addAbortSignal, Transform, type Readable} from 'node:stream';
import type Docker from 'dockerode';
import {writeStreamAtomically} from './atomic-file.ts';
import {familiarReference} from './engine-dialect.ts';
import {describeError} from './describe-error.ts';
import {isAbort, toEngineError} from './engine-error.ts';
import {fileError} from './file-error.ts';
import type {OnBytes, OnProgress} from './operations.ts';
import {followProgress} from './progress-stream.ts';
import {TarChecker} from './tar-check.ts';
import {upload, type Upload} from './upload.ts';

/** The archive `docker save` streamed was cut short (or carried an error after its tar). */
export class IncompleteArchiveError extends Error {
	override name = 'IncompleteArchiveError';
}

/**
 * A pass-through that counts the bytes and fails at the end unless they form one
 * complete tar. One stage rather than two: a 1 GB save is ~50,000 chunks.
 */
export function tarVerifier(onBytes: OnBytes): Transform {
	const checker = new TarChecker();
	let count = 0;
	return new Transform({
		transform(chunk: Buffer, _encoding, done) {
			checker.update(chunk);
			count += chunk.length;
			onBytes(count);
			done(null, chunk);
		},
		flush(done) {
			const problem = checker.finish();
			done(problem === undefined ? null : new IncompleteArchiveError(problem));
		},
	});
}

/** Reading the tar being loaded failed (for a copy: the saving engine failed). */
export class SourceError extends Error {
	override name = 'SourceError';
}

/** GET /images/get?names=…: in dockerode, missing from @types/dockerode. */
type WithGetImages = {getImages(options: {names: string[]; abortSignal: AbortSignal; platform?: string}): Promise<NodeJS.ReadableStream>};
/** The `platform` query (an OCI platform as JSON), when one was asked for. */
type PlatformQuery = {platform?: string};

/** The tar `docker save` streams, as it comes (not yet checked). */
export async function exportImages(docker: Docker, images: string[], signal: AbortSignal, query: PlatformQuery = {}): Promise<Readable> {
	signal.throwIfAborted();
	try {
		return await (docker as unknown as WithGetImages).getImages({names: images, abortSignal: signal, ...query}) as Readable;
	} catch (error) {
		throw toEngineError(error);
	}
}

export async function saveImages(docker: Docker, images: string[], target: string, onBytes: OnBytes, signal: AbortSignal, query: PlatformQuery = {}): Promise<void> {
	signal.throwIfAborted();
	await writeStreamAtomically(target, async () => exportImages(docker, images, signal, query), [tarVerifier(onBytes)], signal);
}

const loadedLine = /^Loaded image(?: ID)?: (.+)$/;

export async function loadImages(docker: Docker, source: string, onProgress: OnProgress, onBytes: OnBytes, signal: AbortSignal, query: PlatformQuery = {}): Promise<string[]> {
	signal.throwIfAborted();
	const {size} = await stat(source).catch((error: unknown) => {
		throw fileError(`cannot read ${source}`, error);
	});
	const body = upload(createReadStream(source, {highWaterMark: 1024 * 1024}), count => onBytes(count, size), signal, error => fileError(`cannot read ${source}`, error));
	return loadBody(docker, body, onProgress, signal, query);
}

/** `docker load` from a stream; what went wrong reading it is reported as a SourceError. */
export async function loadStream(docker: Docker, source: Readable, onProgress: OnProgress, signal: AbortSignal): Promise<string[]> {
	signal.throwIfAborted();
	const describe = (error: unknown) => (isAbort(error) ? error : new SourceError(`reading the archive failed: ${describeError(error)}`));
	return loadBody(docker, upload(source, () => undefined, signal, describe), onProgress, signal);
}

async function loadBody(docker: Docker, body: Upload, onProgress: OnProgress, signal: AbortSignal, query: PlatformQuery = {}): Promise<string[]> {
	try {
		// quiet=false: the engine's default is quiet, which drops the progress lines.
		const answer = addAbortSignal(signal, await docker.loadImage(body.body, {quiet: false, abortSignal: body.signal, ...query}) as Readable);
		const names: string[] = [];
		await followProgress(answer, message => {
			onProgress(message);
			for (const line of (message.stream ?? '').split('\n')) {
				// Podman names every image of the archive on one line, comma-separated, fully qualified.
				const loaded = loadedLine.exec(line.trim())?.[1];
				for (const name of loaded?.split(',') ?? []) {
					if (name.trim() !== '') {
						names.push(familiarReference(name.trim()));
					}
				}
			}
		});
		return names;
	} catch (error) {
		throw toEngineError(body.failure() ?? error);
	} finally {
		body.close();
	}
}
