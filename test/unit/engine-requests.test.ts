// What the operations send and how they read answers the real engine can't be
// made to give on demand (an error after a truncated tar, a dropped stream),
// checked against a small HTTP server on a unix socket standing in for dockerd.
import assert from 'node:assert/strict';
import {existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import {after, before, test} from 'node:test';
import Docker from 'dockerode';
import tarStream from 'tar-stream';
import {buildOperations} from '../../source/engine/build-ops.ts';
import {imageOperations} from '../../source/engine/image-ops.ts';
import {ImageInUseError, type ImageOperations} from '../../source/engine/operations.ts';
import type {ProgressMessage} from '../../source/engine/progress-stream.ts';

type Handler = (request: http.IncomingMessage, body: Buffer, response: http.ServerResponse) => void;

const work = mkdtempSync('/tmp/stowage-fake-');
const socketPath = path.join(work, 'engine.sock');
let handler: Handler = (_request, _body, response) => response.end();
let server: http.Server;
let ops: ImageOperations;

before(async () => {
	server = http.createServer((request, response) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => handler(request, Buffer.concat(chunks), response));
	});
	await new Promise<void>(resolve => server.listen(socketPath, resolve));
	const docker = new Docker({socketPath, version: 'v1.41'});
	ops = {...imageOperations(() => docker), ...buildOperations(() => docker)} as ImageOperations;
});

after(async () => {
	server.closeAllConnections();
	await new Promise(resolve => server.close(resolve));
	rmSync(work, {recursive: true, force: true});
});

async function imageTar(): Promise<Buffer> {
	const pack = tarStream.pack();
	pack.entry({name: 'manifest.json'}, '[{"RepoTags":["x:1"]}]');
	pack.entry({name: 'abc/layer.tar'}, Buffer.alloc(200_000, 1));
	pack.finalize();
	const chunks: Buffer[] = [];
	for await (const chunk of pack as AsyncIterable<Buffer>) {
		chunks.push(chunk);
	}

	return Buffer.concat(chunks);
}

function freshDir(name: string): string {
	const dir = path.join(work, name);
	mkdirSync(dir);
	return dir;
}

const never = new AbortController().signal;

test('save streams the tar into place; the request names every image', async () => {
	const tar = await imageTar();
	let url = '';
	handler = (request, _body, response) => {
		url = request.url ?? '';
		response.writeHead(200, {'Content-Type': 'application/x-tar'});
		response.write(tar.subarray(0, 100_000));
		setTimeout(() => response.end(tar.subarray(100_000)), 20);
	};
	const dir = freshDir('save-ok');
	const counts: number[] = [];
	await ops.save(['x:1', 'y:2'], path.join(dir, 'out.tar'), done => counts.push(done), never);
	assert.equal(url, '/v1.41/images/get?names=x%3A1&names=y%3A2');
	assert.deepEqual(readFileSync(path.join(dir, 'out.tar')), tar);
	assert.equal(counts.at(-1), tar.length);
	assert.deepEqual(readdirSync(dir), ['out.tar']);
});

test('save fails on an error appended after a truncated tar, leaving no file and the old target as it was', async () => {
	const tar = await imageTar();
	handler = (_request, _body, response) => {
		response.writeHead(200);
		response.end(Buffer.concat([tar.subarray(0, 150_000), Buffer.from('{"errorDetail":{"message":"open /var/lib/docker/x: no such file"},"error":"open: no such file"}\n')]));
	};
	const dir = freshDir('save-error');
	await assert.rejects(ops.save(['x:1'], path.join(dir, 'out.tar'), () => {}, never), {name: 'IncompleteArchiveError', message: 'open /var/lib/docker/x: no such file'});
	assert.deepEqual(readdirSync(dir), []);

	writeFileSync(path.join(dir, 'out.tar'), 'old');
	await assert.rejects(ops.save(['x:1'], path.join(dir, 'out.tar'), () => {}, never), /no such file/);
	assert.deepEqual(readdirSync(dir), ['out.tar']);
	assert.equal(readFileSync(path.join(dir, 'out.tar'), 'utf8'), 'old');
});

test('save fails when the connection drops mid-tar', async () => {
	const tar = await imageTar();
	handler = (_request, _body, response) => {
		response.writeHead(200);
		response.write(tar.subarray(0, 50_000), () => setTimeout(() => response.socket?.destroy(), 20));
	};
	const dir = freshDir('save-drop');
	await assert.rejects(ops.save(['x:1'], path.join(dir, 'out.tar'), () => {}, never), {code: 'ECONNRESET'});
	assert.deepEqual(readdirSync(dir), []);
});

test('save: an HTTP error reads as the engine\'s sentence', async () => {
	handler = (_request, _body, response) => {
		response.writeHead(404, {'Content-Type': 'application/json'});
		response.end('{"message":"reference does not exist"}\n');
	};
	const dir = freshDir('save-404');
	await assert.rejects(ops.save(['nope:1'], path.join(dir, 'out.tar'), () => {}, never), {name: 'EngineError', message: 'reference does not exist', statusCode: 404});
	assert.deepEqual(readdirSync(dir), []);
});

test('load sends quiet=false and the whole file, and returns the loaded names', async () => {
	const tar = await imageTar();
	const source = path.join(freshDir('load'), 'in.tar');
	writeFileSync(source, tar);
	let url = '';
	let received: Buffer = Buffer.alloc(0);
	handler = (request, body, response) => {
		url = request.url ?? '';
		received = body;
		response.writeHead(200, {'Content-Type': 'application/json'});
		response.end([
			'{"status":"Loading layer","progressDetail":{"current":32768,"total":200000},"progress":"[>  ]","id":"abc123"}',
			'{"stream":"Loaded image: x:1\\n"}',
			'{"stream":"Loaded image ID: sha256:0123abcd\\n"}',
			'',
		].join('\r\n'));
	};
	const progress: ProgressMessage[] = [];
	const bytes: Array<[number, number | undefined]> = [];
	const names = await ops.load(source, message => progress.push(message), (done, total) => bytes.push([done, total]), never);
	assert.equal(url, '/v1.41/images/load?quiet=false');
	assert.deepEqual(received, tar);
	assert.deepEqual(names, ['x:1', 'sha256:0123abcd']);
	assert.equal(progress[0]?.status, 'Loading layer');
	assert.deepEqual(bytes.at(-1), [tar.length, tar.length]);
});

test('build sends the classic-builder query and the context as a tar', async () => {
	const context = freshDir('build');
	writeFileSync(path.join(context, 'Dockerfile'), 'FROM x\n');
	writeFileSync(path.join(context, '.dockerignore'), 'secret\n');
	writeFileSync(path.join(context, 'secret'), 's');
	writeFileSync(path.join(context, 'kept'), 'k');
	let url = '';
	const names: string[] = [];
	handler = (request, body, response) => {
		url = request.url ?? '';
		const extract = tarStream.extract();
		extract.on('entry', (header, stream, next) => {
			names.push(header.name);
			stream.resume();
			stream.on('end', next);
		});
		extract.on('finish', () => {
			response.writeHead(200);
			response.end('{"stream":"Step 1/1 : FROM x"}\n{"stream":"\\n"}\n{"aux":{"ID":"sha256:feed"}}\n{"stream":"Successfully built feed\\n"}\n');
		});
		extract.end(body);
	};
	const uploaded: number[] = [];
	const result = await ops.build({contextDir: context, tags: ['a:1', 'b:2'], noCache: true, buildArgs: {GREETING: 'hi there'}}, () => {}, done => uploaded.push(done), never);
	assert.equal(result.imageId, 'sha256:feed');
	const query = new URL(url, 'http://engine').searchParams;
	assert.equal(new URL(url, 'http://engine').pathname, '/v1.41/build');
	assert.deepEqual(query.getAll('t'), ['a:1', 'b:2']);
	assert.equal(query.get('dockerfile'), 'Dockerfile');
	assert.equal(query.get('nocache'), 'true');
	assert.equal(query.get('rm'), 'true');
	assert.equal(query.get('version'), '1');
	assert.deepEqual(JSON.parse(query.get('buildargs') ?? ''), {GREETING: 'hi there'});
	assert.deepEqual(names.sort(), ['.dockerignore', 'Dockerfile', 'kept']);
	assert.ok((uploaded.at(-1) ?? 0) >= 2048, 'upload bytes reported');
});

test('a build error in the stream rejects after the step output went through', async () => {
	const context = freshDir('build-error');
	writeFileSync(path.join(context, 'Dockerfile'), 'FROM x\n');
	handler = (_request, _body, response) => {
		response.writeHead(200);
		response.end('{"stream":"Step 2/2 : RUN exit 3"}\n{"stream":"about to fail\\n"}\n{"errorDetail":{"code":3,"message":"The command \'/bin/sh -c exit 3\' returned a non-zero code: 3"},"error":"x"}\n');
	};
	const seen: string[] = [];
	await assert.rejects(ops.build({contextDir: context, tags: [], noCache: false, buildArgs: {}}, message => seen.push(message.stream ?? ''), () => {}, never), {name: 'StreamError', message: 'The command \'/bin/sh -c exit 3\' returned a non-zero code: 3'});
	assert.ok(seen.includes('about to fail\n'));
});

test('a 409 naming a container becomes ImageInUseError, without the HTTP wrapper', async () => {
	handler = (_request, _body, response) => {
		response.writeHead(409, {'Content-Type': 'application/json'});
		response.end('{"message":"conflict: unable to delete c4596a19a209 (cannot be forced) - image is being used by running container fafc5253f3d8"}\n');
	};
	await assert.rejects(ops.removeImage('c4596a19a209', true), (error: unknown) => {
		assert.ok(error instanceof ImageInUseError);
		assert.equal(error.containerId, 'fafc5253f3d8');
		assert.equal(error.running, true);
		assert.equal(error.message, 'conflict: unable to delete c4596a19a209 (cannot be forced) - image is being used by running container fafc5253f3d8');
		return true;
	});
	assert.equal(existsSync(socketPath), true);
});

test('a file that can\'t be read or written fails with a sentence naming it (and an unreadable upload never hangs)', async () => {
	handler = (_request, _body, response) => {
		response.writeHead(200);
		response.end('{"stream":"Loaded image: x:1\\n"}\n');
	};
	const dir = freshDir('a-directory');
	await assert.rejects(ops.load(dir, () => {}, () => {}, never), {name: 'FileError', message: `cannot read ${dir}: is a directory`});
	await assert.rejects(ops.load(path.join(dir, 'none.tar'), () => {}, () => {}, never), {name: 'FileError', message: `cannot read ${dir}/none.tar: no such file or directory`});
	await assert.rejects(ops.save(['x:1'], path.join(dir, 'no-dir', 'out.tar'), () => {}, never), {name: 'FileError', message: `cannot write ${dir}/no-dir/out.tar: no such file or directory`});
});
