// The atomic writer with more than its flush interval (64 MiB) of data: whole
// files appear whole, and an abort while a flush runs leaves nothing behind.
import assert from 'node:assert/strict';
import {mkdtempSync, readdirSync, rmSync, statSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {Readable} from 'node:stream';
import {after, test} from 'node:test';
import {writeStreamAtomically} from '../../source/engine/atomic-file.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'stowage-atomic-'));
after(() => rmSync(dir, {recursive: true, force: true}));

const mib = 1024 * 1024;

/** `count` chunks of 1 MiB, each filled with its index; `onChunk` sees each index as it goes. */
function chunks(count: number, onChunk: (index: number) => void = () => {}): Readable {
	let index = 0;
	return new Readable({
		read() {
			if (index === count) {
				this.push(null);
				return;
			}

			onChunk(index);
			this.push(Buffer.alloc(mib, index++ % 256));
		},
	});
}

test('200 MiB written through the periodic flushes arrive whole, and only under the target name', async () => {
	const target = path.join(dir, 'whole.tar');
	await writeStreamAtomically(target, async () => chunks(200), [], new AbortController().signal);
	assert.equal(statSync(target).size, 200 * mib);
	assert.deepEqual(readdirSync(dir), ['whole.tar']);
});

test('an abort after the first flush started leaves neither the target nor a temp file', async () => {
	const target = path.join(dir, 'aborted.tar');
	const controller = new AbortController();
	const writing = writeStreamAtomically(target, async () => chunks(400, index => {
		if (index === 100) {
			controller.abort();
		}
	}), [], controller.signal);
	await assert.rejects(writing, {name: 'AbortError'});
	assert.deepEqual(readdirSync(dir).filter(name => name.includes('aborted')), []);
});
