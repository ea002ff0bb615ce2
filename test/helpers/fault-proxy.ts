// A loopback HTTP proxy in front of the real test registry that injects the
// faults a real registry cannot produce on demand: a 500, a 200 whose body is
// not what it claims (the engine then reports an error inside its own 200
// progress stream), and a stall in the middle of a blob. Everything else is
// passed through untouched, so the engine talks to the real registry. It listens
// on 127.0.0.1, which dockerd treats as an insecure registry by itself (and the
// bed's Podman registries.conf marks all of 127.0.0.1 insecure).
import http from 'node:http';
import type {AddressInfo, Socket} from 'node:net';

/** What to do with one request: pass it on, answer it with an error, corrupt or stall its body. */
export type Fault =
	| {kind: 'pass'}
	| {kind: 'status'; status: number; body: string}
	| {kind: 'corrupt'}
	| {kind: 'stall'; afterBytes: number};

export type FaultProxy = {
	port: number;
	host: string;
	/** The rule for every request from now on; `request` is "METHOD /path". */
	setRule(rule: (request: string) => Fault): void;
	/** Requests seen so far ("METHOD /path"), and the ones a fault was injected into. */
	seen: string[];
	injected: string[];
	/** A stalled response that is holding its body back, once there is one. */
	stalled(): boolean;
	close(): Promise<void>;
};

const blobGet = /^GET \/v2\/.+\/blobs\/sha256:[0-9a-f]{64}$/;
/** Faults only into blob downloads (the layer bytes), every other request passes. */
export const onBlobs = (fault: Fault) => (request: string): Fault => (blobGet.test(request) ? fault : {kind: 'pass'});

export async function startFaultProxy(upstreamPort: number): Promise<FaultProxy> {
	let rule: (request: string) => Fault = () => ({kind: 'pass'});
	const seen: string[] = [];
	const injected: string[] = [];
	const sockets = new Set<Socket>();
	let stalls = 0;
	const server = http.createServer((req, res) => {
		const request = `${req.method ?? ''} ${(req.url ?? '').split('?')[0]}`;
		seen.push(request);
		const fault = rule(request);
		if (fault.kind === 'status') {
			injected.push(request);
			req.resume();
			res.writeHead(fault.status, {'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(fault.body)});
			res.end(fault.body);
			return;
		}

		const upstream = http.request({host: '127.0.0.1', port: upstreamPort, method: req.method, path: req.url, headers: req.headers}, answer => {
			if (fault.kind === 'pass' || (answer.statusCode ?? 0) >= 300) {
				res.writeHead(answer.statusCode ?? 502, answer.headers);
				answer.pipe(res);
				return;
			}

			injected.push(request);
			res.writeHead(answer.statusCode ?? 200, answer.headers);
			let sent = 0;
			answer.on('data', (chunk: Buffer) => {
				if (fault.kind === 'corrupt') {
					// Same length, other bytes: the digest no longer matches what was asked for.
					res.write(Buffer.from(chunk.map(byte => byte ^ 0xFF)));
					return;
				}

				const room = fault.afterBytes - sent;
				if (room > 0) {
					res.write(chunk.subarray(0, room));
					sent += Math.min(room, chunk.length);
				}

				if (sent >= fault.afterBytes) {
					// Hold the rest back: the connection stays open and says nothing more.
					answer.pause();
					stalls++;
				}
			});
			answer.on('end', () => {
				if (fault.kind === 'corrupt') {
					res.end();
				}
			});
		});
		upstream.on('error', () => res.destroy());
		req.pipe(upstream);
		res.on('close', () => upstream.destroy());
	});
	server.on('connection', socket => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as AddressInfo;
	return {
		port,
		host: `127.0.0.1:${port}`,
		setRule(next) {
			rule = next;
		},
		seen,
		injected,
		stalled: () => stalls > 0,
		async close() {
			for (const socket of sockets) {
				socket.destroy();
			}

			await new Promise<void>(resolve => server.close(() => resolve()));
		},
	};
}
