import assert from 'node:assert/strict';
import {test} from 'node:test';
import tarStream from 'tar-stream';
import {TarChecker} from '../../source/engine/tar-check.ts';

async function makeTar(files: Record<string, string | Buffer>, extra?: (pack: tarStream.Pack) => void): Promise<Buffer> {
	const pack = tarStream.pack();
	for (const [name, content] of Object.entries(files)) {
		pack.entry({name}, content);
	}

	extra?.(pack);
	pack.finalize();
	const chunks: Buffer[] = [];
	for await (const chunk of pack as AsyncIterable<Buffer>) {
		chunks.push(chunk);
	}

	return Buffer.concat(chunks);
}

function check(bytes: Buffer, chunkSize = bytes.length || 1): string | undefined {
	const checker = new TarChecker();
	for (let offset = 0; offset < bytes.length; offset += chunkSize) {
		checker.update(bytes.subarray(offset, offset + chunkSize));
	}

	return checker.finish();
}

const files = {'manifest.json': '[]', 'abc/layer.tar': Buffer.alloc(3000, 7), 'abc/VERSION': '1.0'};

test('a complete tar passes, however it is chunked', async () => {
	const tar = await makeTar(files);
	assert.equal(check(tar), undefined);
	assert.equal(check(tar, 1), undefined);
	assert.equal(check(tar, 700), undefined);
	// Extra zero padding after the end marker (as tar(1) writes to fill a record) is fine.
	assert.equal(check(Buffer.concat([tar, Buffer.alloc(8192)])), undefined);
});

test('a tar cut anywhere fails', async () => {
	const tar = await makeTar(files);
	for (const cut of [0, 100, 512, 1024, 2000, tar.length - 1024, tar.length - 512, tar.length - 1]) {
		assert.match(check(tar.subarray(0, cut)) ?? 'passed', /incomplete/, `cut at ${cut}`);
	}
});

test('the engine error appended after a truncated tar is the reason', async () => {
	const tar = await makeTar(files);
	const error = Buffer.from('{"errorDetail":{"message":"write \\u001b[2J: no space left on device"},"error":"write: no space left on device"}\n');
	assert.equal(check(Buffer.concat([tar.subarray(0, 1700), error])), 'write ^[[2J: no space left on device');
	assert.equal(check(Buffer.concat([tar.subarray(0, 1536), error]), 10), 'write ^[[2J: no space left on device');
});

test('data after the end marker fails', async () => {
	const tar = await makeTar(files);
	assert.match(check(Buffer.concat([tar, Buffer.from('{"error":"late"}\n')])) ?? 'passed', /late/);
	assert.match(check(Buffer.concat([tar, Buffer.alloc(512, 1)])) ?? 'passed', /incomplete/);
});

test('a header with a bad checksum fails', async () => {
	const tar = await makeTar(files);
	const broken = Buffer.from(tar);
	broken[10] = 0x41;
	assert.match(check(broken) ?? 'passed', /incomplete/);
	assert.match(check(Buffer.alloc(4096, 0x61)) ?? 'passed', /incomplete/);
});

test('a PAX header\'s size record sets the next entry\'s body size', async () => {
	const body = Buffer.alloc(1500, 3);
	const pax = '16 size=1500\n';
	const tar = await makeTar({}, pack => {
		pack.entry({name: 'PaxHeader', type: 'pax-header', size: pax.length}, pax);
		// The ustar size field says 0: only the PAX record knows the real size.
		pack.entry({name: 'big', size: 0}, Buffer.alloc(0));
	});
	// Splice the body in after the "big" header, as a writer using PAX sizes would.
	const bigHeaderEnd = tar.length - 1024;
	const padded = Buffer.concat([body, Buffer.alloc(512 - (body.length % 512))]);
	const spliced = Buffer.concat([tar.subarray(0, bigHeaderEnd), padded, tar.subarray(bigHeaderEnd)]);
	assert.equal(check(spliced), undefined);
	assert.match(check(tar) ?? 'passed', /incomplete/);
});
