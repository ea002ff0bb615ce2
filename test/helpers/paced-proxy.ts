// A unix-socket proxy in front of the test engine that passes bytes at a fixed rate each
// way: a real engine behind a slow link, so that a save or load is still under way
// seconds after it starts, whatever the machine's speed.
import {rmSync} from 'node:fs';
import net from 'node:net';

export type PacedProxy = {socket: string; stop(): Promise<void>};

function pace(from: net.Socket, to: net.Socket, bytesPerSecond: number) {
	let start = Date.now();
	let sent = 0;
	from.on('data', (chunk: Buffer) => {
		const now = Date.now();
		// After a quiet spell the link starts afresh rather than sending a burst of saved-up credit.
		if (now - (start + (sent / bytesPerSecond) * 1000) > 200) {
			start = now;
			sent = 0;
		}

		to.write(chunk);
		sent += chunk.length;
		const wait = start + (sent / bytesPerSecond) * 1000 - now;
		if (wait > 5) {
			from.pause();
			setTimeout(() => from.resume(), wait);
		}
	});
	from.on('end', () => to.end());
	from.on('close', () => to.destroy());
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
