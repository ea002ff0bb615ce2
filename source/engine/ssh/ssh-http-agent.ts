// The http.Agent dockerode talks through on ssh:// endpoints: pooled, kept-alive
// HTTP connections, each one a channel on the single SshConnection.
import http from 'node:http';
import type {Duplex} from 'node:stream';
import type {SshConnection} from './ssh-connection.ts';

export class SshHttpAgent extends http.Agent {
	constructor(readonly connection: SshConnection) {
		// OpenSSH allows 10 sessions on a connection (MaxSessions): stay under it.
		super({keepAlive: true, maxSockets: 8, maxTotalSockets: 8});
	}

	override createConnection(_options: unknown, callback: (error: Error | null, socket?: Duplex) => void): undefined {
		this.connection.openSocket().then(socket => {
			callback(null, socket);
		}, (error: unknown) => {
			callback(error instanceof Error ? error : new Error(String(error)));
		});
		return undefined;
	}
}
