// A real loopback listener that accepts connections and never says a word: a registry
// that hangs, so a pull stays in flight until it is cancelled or its link goes.
import {createServer, type AddressInfo, type Socket} from 'node:net';

export type SilentListener = {
	port: number;
	/** The connections it accepted so far. */
	accepted(): number;
	close(): void;
};

export async function startSilentListener(): Promise<SilentListener> {
	const sockets: Socket[] = [];
	const server = createServer(socket => sockets.push(socket));
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	return {
		port: (server.address() as AddressInfo).port,
		accepted: () => sockets.length,
		close() {
			for (const socket of sockets) {
				socket.destroy();
			}

			server.close();
		},
	};
}
