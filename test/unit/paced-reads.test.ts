// Paced reads of a progress stream, against real HTTP servers (node's own, on a
// unix socket and on TLS): every line arrives, in order, in few reads; the socket
// goes back to the keep-alive pool reading; an abort while paused ends the read.
import assert from 'node:assert/strict';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type {AddressInfo} from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {after, before, test} from 'node:test';
import {followProgress, type ProgressMessage} from '../../source/engine/progress-stream.ts';
import {makeTlsFiles} from '../bed/tls.mjs';
import {burstCounter} from '../helpers/bursts.ts';

const lines = 40;
const lineGapMs = 5;
const intervalMs = 50;

/** Writes `lines` progress lines, one every lineGapMs, each flushed as its own chunk. */
function progressHandler(_request: http.IncomingMessage, response: http.ServerResponse) {
	response.writeHead(200, {'Content-Type': 'application/json'});
	let sent = 0;
	const next = () => {
		if (response.destroyed) {
			return;
		}

		if (sent === lines) {
			response.end();
			return;
		}

		response.write(`${JSON.stringify({id: 'layer', status: 'Pushing', progressDetail: {current: ++sent, total: lines}})}\n`);
		setTimeout(next, lineGapMs);
	};

	next();
}

type Target = {agent: http.Agent; request: typeof http.request; options: http.RequestOptions};

function get(target: Target): Promise<{response: http.IncomingMessage; reused: boolean}> {
	return new Promise((resolve, reject) => {
		const request = target.request({...target.options, agent: target.agent, path: '/push'}, response => resolve({response, reused: request.reusedSocket}));
		request.on('error', reject);
		request.end();
	});
}

/** Follows one stream; `reads` counts the bursts: messages handled in one go, before any timer or I/O ran. */
async function follow(response: http.IncomingMessage, interval: number) {
	const seen: ProgressMessage[] = [];
	const reads = burstCounter();
	const started = performance.now();
	await followProgress(response, message => {
		seen.push(message);
		reads.tick();
	}, interval);
	return {seen, reads: reads.bursts(), ms: performance.now() - started};
}

const work = mkdtempSync(path.join(os.tmpdir(), 'stowage-paced-'));
const socketPath = path.join(work, 'progress.sock');
const unixServer = http.createServer(progressHandler);
let tlsServer: https.Server;
let unix: Target;
let tls: Target;

before(async () => {
	await new Promise<void>(resolve => unixServer.listen(socketPath, resolve));
	unix = {agent: new http.Agent({keepAlive: true, maxSockets: 1}), request: http.request, options: {socketPath}};
	const files = await makeTlsFiles(path.join(work, 'tls'));
	tlsServer = https.createServer({cert: readFileSync(files.serverCert), key: readFileSync(files.serverKey)}, progressHandler);
	await new Promise<void>(resolve => tlsServer.listen(0, '127.0.0.1', resolve));
	const agent = new https.Agent({keepAlive: true, maxSockets: 1, ca: readFileSync(files.ca)});
	tls = {agent, request: https.request, options: {host: '127.0.0.1', port: (tlsServer.address() as AddressInfo).port}};
});

after(async () => {
	unix.agent.destroy();
	tls.agent.destroy();
	await Promise.all([unixServer, tlsServer].map(server => new Promise(resolve => server.close(resolve))));
	rmSync(work, {recursive: true, force: true});
});

for (const [name, target] of [['unix socket', () => unix], ['TLS', () => tls]] as const) {
	test(`${name}: every line, in order, in one read per interval; the socket is reused reading`, async () => {
		const first = await get(target());
		const paced = await follow(first.response, intervalMs);
		assert.deepEqual(paced.seen.map(message => message.current), Array.from({length: lines}, (_, at) => at + 1));
		// One read when the stream starts, then at most one each interval (a slow machine only batches more).
		assert.ok(paced.reads <= Math.ceil(paced.ms / intervalMs) + 1, `${paced.reads} reads in ${paced.ms.toFixed(0)} ms`);
		assert.ok(paced.reads < lines / 2, `${paced.reads} reads for ${lines} lines`);

		// Back in the pool reading: the next request on the same agent reuses the socket and completes.
		const second = await get(target());
		assert.equal(second.reused, true);
		const unpaced = await follow(second.response, 0);
		assert.equal(unpaced.seen.length, lines);
	});
}

test('a fast stream is not held back: 4 MB of lines arrive at full speed', async () => {
	const server = http.createServer((_request, response) => {
		response.writeHead(200, {'Content-Type': 'application/json'});
		const line = `${JSON.stringify({stream: 'x'.repeat(1000)})}\n`;
		for (let i = 0; i < 4096; i++) {
			response.write(line);
		}

		response.end();
	});
	const fastSocket = path.join(work, 'fast.sock');
	await new Promise<void>(resolve => server.listen(fastSocket, resolve));
	const agent = new http.Agent({keepAlive: false});
	try {
		const {response} = await get({agent, request: http.request, options: {socketPath: fastSocket}});
		const fast = await follow(response, intervalMs);
		assert.equal(fast.seen.length, 4096);
		// One read per interval would take ~64 reads of 64 kB × 50 ms: over 3 s.
		assert.ok(fast.ms < 1500, `${fast.ms.toFixed(0)} ms for 4 MB in ${fast.reads} reads`);
	} finally {
		agent.destroy();
		await new Promise(resolve => server.close(resolve));
	}
});

test('an abort while the socket rests ends the read at once', async () => {
	const {response} = await get(unix);
	const started = performance.now();
	let timer: NodeJS.Timeout | undefined;
	const following = followProgress(response, () => {
		// After the first burst the socket rests for 10 s; the abort comes 20 ms into that.
		timer ??= setTimeout(() => response.destroy(Object.assign(new Error('cancelled'), {name: 'AbortError'})), 20);
	}, 10_000);
	await assert.rejects(following, /cancelled/);
	assert.ok(performance.now() - started < 2000, 'the rest did not hold the read');
});
