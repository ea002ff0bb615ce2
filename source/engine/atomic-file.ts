// Writing a file that either appears whole or not at all: the data goes to a
// hidden temp file in the target's directory (same filesystem, so the rename is
// atomic), is fsynced, then renamed over the target. On any failure or abort
// the temp file is removed and an existing target is left as it was.
import {open, rename, rm, type FileHandle} from 'node:fs/promises';
import path from 'node:path';
import {Writable, type Readable, type Transform} from 'node:stream';
import {pipeline} from 'node:stream/promises';
import {fileError} from './file-error.ts';
import {removeStaleTemps, tempPathBeside} from './temp-name.ts';

// Written data is flushed to disk every 64 MiB, alongside the writes that follow,
// so the fsync before the rename has little left to wait for: a 1 GB save that
// fsynced only at the end spent up to ~1.5 s there, past what `docker save -o`
// takes (which never fsyncs). Flushed as it goes, it costs ~0.3 s of CPU in the
// thread pool and no wall time that the noise of a 1 GB save lets us see.
const syncEveryBytes = 64 * 1024 * 1024;

// The socket hands over ~20-64 kB chunks; they are gathered into writes of at
// least 1 MiB (a 1 GB save makes ~1,000 writes, not 30,000: each write is a
// trip to the thread pool and back, ~0.3 s of the main thread's CPU in all).
const batchBytes = 1024 * 1024;

/**
 * Writes into a handle we close ourselves after fsync. (A FileHandle's own
 * createWriteStream({autoClose: false}) keeps a reference that makes close() wait forever.)
 */
function handleWriter(handle: FileHandle, target: string): Writable {
	const failed = (error: unknown) => fileError(`cannot write ${target}`, error);
	let batch: Buffer[] = [];
	let batched = 0;
	let unsynced = 0;
	let syncing: Promise<void> | undefined;
	let syncFailure: unknown;

	const writeBatch = async () => {
		let pending = batch;
		const bytes = batched;
		batch = [];
		batched = 0;
		while (pending.length > 0) {
			let written = (await handle.writev(pending)).bytesWritten;
			let whole = 0;
			while (whole < pending.length && written >= pending[whole]!.length) {
				written -= pending[whole]!.length;
				whole++;
			}

			pending = written > 0 ? [pending[whole]!.subarray(written), ...pending.slice(whole + 1)] : pending.slice(whole);
		}

		if (syncFailure !== undefined) {
			throw syncFailure;
		}

		unsynced += bytes;
		if (unsynced >= syncEveryBytes && !syncing) {
			unsynced = 0;
			syncing = handle.datasync().catch((error: unknown) => {
				syncFailure = error;
			}).finally(() => {
				syncing = undefined;
			});
		}
	};

	return new Writable({
		highWaterMark: batchBytes,
		writev(chunks, done) {
			for (const {chunk} of chunks) {
				batch.push(chunk as Buffer);
				batched += (chunk as Buffer).length;
			}

			if (batched < batchBytes) {
				done();
				return;
			}

			writeBatch().then(() => done(), (error: unknown) => done(failed(error)));
		},
		final(done) {
			writeBatch().then(async () => syncing).then(() => done(syncFailure === undefined ? null : failed(syncFailure)), (error: unknown) => done(failed(error)));
		},
	});
}

async function syncDirectory(dir: string): Promise<void> {
	try {
		const handle = await open(dir, 'r');
		try {
			await handle.sync();
		} finally {
			await handle.close();
		}
	} catch {
		// Some filesystems refuse to fsync a directory; the rename itself is done.
	}
}

/**
 * Streams what `openSource` gives through `transforms` into `target`, atomically.
 * The temp file is made first, so an unwritable directory fails before any
 * request. It is created 0600, as `docker save -o` creates it: an image may hold secrets.
 * What an earlier, crashed stowage left beside the same target goes first (temp-name.ts).
 */
export async function writeStreamAtomically(target: string, openSource: () => Promise<Readable>, transforms: Transform[], signal: AbortSignal): Promise<void> {
	await removeStaleTemps(target);
	const temp = tempPathBeside(target);
	const handle = await open(temp, 'wx', 0o600).catch((error: unknown) => {
		throw fileError(`cannot write ${target}`, error);
	});
	let closed = false;
	let source: Readable | undefined;
	try {
		source = await openSource();
		await pipeline([source, ...transforms, handleWriter(handle, target)], {signal});
		await handle.sync();
		closed = true;
		await handle.close();
		await rename(temp, target).catch((error: unknown) => {
			throw fileError(`cannot write ${target}`, error);
		});
	} catch (error) {
		source?.destroy();
		if (!closed) {
			await handle.close().catch(() => undefined);
		}

		await rm(temp, {force: true});
		throw error;
	}

	await syncDirectory(path.dirname(target));
}
