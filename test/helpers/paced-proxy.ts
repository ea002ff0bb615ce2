// A unix-socket proxy in front of the test engine that passes bytes at a fixed rate each
// way: a real engine behind a slow link, so that a save or load is still under way
// seconds after it starts, whatever the machine's speed.
import {rmSync} from 'node:fs';
import net from 'node:net';

export type PacedProxy = {socket: string; stop(): Promise<void>};

function pace(from: net.Socket, to: net.Socket, bytesPerSecond: number) {
	// A chunk is passed on in pieces of ~50 ms each, as a slow link delivers it: a reader sees
	// the first bytes of a large answer long before its last.
	const piece = Math.max(256, Math.floor(bytesPerSecond / 20));
	let start = Date.now();
	let sent = 0;
	let busy = false;
	let ended = false;
	const done = () => {
		busy = false;
		if (ended) {
			to.end();
		} else {
			from.resume();
		}
	};

	from.on('data', (chunk: Buffer) => {
		from.pause();
		busy = true;
		let at = 0;
		const next = () => {
			if (to.destroyed) {
				return;
			}

			const now = Date.now();
			// After a quiet spell the link starts afresh rather than sending a burst of saved-up credit.
			if (now - (start + (sent / bytesPerSecond) * 1000) > 200) {
				start = now;
				sent = 0;
			}

			const part = chunk.subarray(at, at + piece);
			at += part.length;
			to.write(part);
			sent += part.length;
			const wait = Math.max(0, start + (sent / bytesPerSecond) * 1000 - Date.now());
			if (at < chunk.length) {
				setTimeout(next, wait);
			} else if (wait > 5) {
				setTimeout(done, wait);
			} else {
				done();
			}
		};

		next();
	});
	// The end waits for the pieces still to be passed on.
	from.on('end', () => {
		ended = true;
		if (!busy) {
			to.end();
		}
	});
	// A side that closes has its last pieces passed on first; the other side closes after them.
	from.on('close', () => {
		if (busy) {
			ended = true;
		} else {
			to.destroy();
		}
	});
	from.on('error', () => to.destroy());
}

/** Listens on `socket`, forwards to the engine's unix socket `engineSocket`. */
export async function startPacedProxy(engineSocket: string, socket: string, bytesPerSecond: number): Promise<PacedProxy> {
	const connections = new Set<net.Socket>();
	const server = net.createServer(client => {
		const engine = net.connect(engineSocket);
		connections.add(client).add(engine);
		client.on('close', () => connections.delete(client));
		engine.on('close', () => connections.delete(engine));
		pace(client, engine, bytesPerSecond);
		pace(engine, client, bytesPerSecond);
	});
	rmSync(socket, {force: true});
	await new Promise<void>((resolve, reject) => server.once('error', reject).listen(socket, resolve));
	return {
		socket,
		async stop() {
			for (const connection of connections) {
				connection.destroy();
			}

			await new Promise(resolve => server.close(resolve));
		},
	};
}

/** A loopback TCP proxy on a port of its own in front of `target` (a registry), paced as above: a registry that answers slowly. */
export async function startPacedTcpProxy(target: {host: string; port: number}, bytesPerSecond: number): Promise<{port: number; stop(): Promise<void>}> {
	const connections = new Set<net.Socket>();
	const server = net.createServer(client => {
		const upstream = net.connect(target.port, target.host);
		connections.add(client).add(upstream);
		client.on('close', () => connections.delete(client));
		upstream.on('close', () => connections.delete(upstream));
		pace(client, upstream, bytesPerSecond);
		pace(upstream, client, bytesPerSecond);
	});
	await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
	return {
		port: (server.address() as net.AddressInfo).port,
		async stop() {
			for (const connection of connections) {
				connection.destroy();
			}

			await new Promise(resolve => server.close(resolve));
		},
	};
}
