// Loopback ports for the listeners tests start (a dockerd tcp:// listener, an sshd).
import net from 'node:net';

/** `count` distinct free ports on 127.0.0.1, held open together so the kernel cannot hand out one twice. */
export async function freePorts(count = 1) {
	const servers = [];
	try {
		for (let i = 0; i < count; i++) {
			const server = net.createServer();
			servers.push(server);
			await new Promise((resolve, reject) => {
				server.once('error', reject);
				server.listen(0, '127.0.0.1', resolve);
			});
		}
		return servers.map(server => server.address().port);
	} finally {
		await Promise.all(servers.map(server => new Promise(resolve => server.close(() => resolve()))));
	}
}

export async function freePort() {
	const [port] = await freePorts(1);
	return port;
}
