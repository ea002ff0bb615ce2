// One SSH connection per engine, shared by every request: each HTTP connection
// is a channel on it (`docker system dial-stdio`, or a direct stream to a remote
// socket). When the link drops, the channels on it fail at once and the
// connection comes back by itself, with backoff.
import type {ClientChannel} from 'ssh2';
import {sanitizeLine} from '../../format/sanitize.ts';
import {dial, type Dialled, type DialOptions, type SshTarget} from './ssh-dial.ts';
import {ChangedHostKeyError, RemoteSocketError, SshAuthError, SshConnectionLostError, SshError, UnknownHostKeyError} from './ssh-errors.ts';
import {SshSocket} from './ssh-socket.ts';

export type ConnectionState = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'failed' | 'closed';
/** `detail`: why, for 'reconnecting' and 'failed'. */
export type StateListener = (state: ConnectionState, detail?: string) => void;

export type SshConnectionOptions = DialOptions & {
	/** Open channels to this socket on the far side instead of running the docker CLI there. */
	remoteSocket?: string;
	/** Waits between reconnection attempts; the last one repeats. */
	retryDelaysMs?: readonly number[];
};

const defaultRetryDelays = [250, 500, 1000, 2000, 5000, 10_000, 30_000];

/** Failures that another attempt cannot fix: the user has to act. */
function isFatal(error: unknown): boolean {
	return error instanceof SshAuthError || error instanceof UnknownHostKeyError || error instanceof ChangedHostKeyError;
}

export class SshConnection {
	/** Completed handshakes: 1 as long as the link never dropped. */
	connections = 0;
	private current: Dialled | undefined;
	private pending: Promise<Dialled> | undefined;
	private retryTimer: NodeJS.Timeout | undefined;
	private failures = 0;
	private stateValue: ConnectionState = 'idle';
	private readonly listeners = new Set<StateListener>();
	private readonly sockets = new Set<SshSocket>();

	constructor(readonly target: SshTarget, private readonly options: SshConnectionOptions = {}) {}

	get state(): ConnectionState {
		return this.stateValue;
	}

	/** Calls `listener` on every state change; returns the unsubscribe function. */
	onStateChange(listener: StateListener): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	/** A new channel, ready for HTTP, on the one connection (made first if need be). */
	async openSocket(): Promise<SshSocket> {
		const {client, host} = await this.ready();
		const remoteSocket = this.options.remoteSocket;
		const channel = await new Promise<ClientChannel>((resolve, reject) => {
			const done = (error: Error | undefined, stream: ClientChannel) => {
				if (!error) {
					resolve(stream);
				} else if (remoteSocket) {
					reject(new RemoteSocketError(host, remoteSocket, sanitizeLine(error.message)));
				} else {
					reject(new SshError(`cannot start \`docker system dial-stdio\` on ${host}: ${sanitizeLine(error.message)}`));
				}
			};

			if (remoteSocket) {
				client.openssh_forwardOutStreamLocal(remoteSocket, done);
			} else {
				client.exec('docker system dial-stdio', done);
			}
		});
		const socket = new SshSocket(channel, host, !remoteSocket);
		this.sockets.add(socket);
		socket.once('close', () => this.sockets.delete(socket));
		return socket;
	}

	/** Ends the connection for good; channels still open fail. */
	close(): void {
		if (this.stateValue === 'closed') {
			return;
		}

		clearTimeout(this.retryTimer);
		this.setState('closed');
		this.drop(new SshConnectionLostError('the SSH connection was closed'));
	}

	private async ready(): Promise<Dialled> {
		if (this.stateValue === 'closed') {
			throw new SshConnectionLostError('the SSH connection was closed');
		}

		if (this.current) {
			return this.current;
		}

		this.pending ??= this.connect().finally(() => {
			this.pending = undefined;
		});
		return this.pending;
	}

	private async connect(): Promise<Dialled> {
		clearTimeout(this.retryTimer);
		const again = this.connections > 0;
		this.setState(again ? 'reconnecting' : 'connecting');
		let dialled: Dialled;
		try {
			dialled = await dial(this.target, this.options);
		} catch (error) {
			this.failures++;
			// The header names the host already: a reconnect's reason alone stays readable in its width.
			const reason = error instanceof SshError && error.reason ? error.reason : error instanceof Error ? error.message : String(error);
			if (again && !isFatal(error) && this.stateValue !== 'closed') {
				this.setState('reconnecting', reason);
				this.scheduleRetry();
			} else if (this.stateValue !== 'closed') {
				this.setState('failed', reason);
			}

			throw error;
		}

		if (this.stateValue === 'closed') {
			end(dialled);
			throw new SshConnectionLostError('the SSH connection was closed');
		}

		this.current = dialled;
		this.connections++;
		this.failures = 0;
		dialled.client.once('close', () => {
			if (this.current === dialled) {
				this.drop(new SshConnectionLostError(`the SSH connection to ${dialled.host} was lost`));
				this.setState('reconnecting', 'the connection dropped');
				this.scheduleRetry();
			}
		});
		this.setState('connected');
		return dialled;
	}

	private scheduleRetry(): void {
		const delays = this.options.retryDelaysMs ?? defaultRetryDelays;
		const delay = delays[Math.min(this.failures, delays.length - 1)] ?? 1000;
		clearTimeout(this.retryTimer);
		this.retryTimer = setTimeout(() => {
			this.ready().catch(() => undefined);
		}, delay);
		// A pending retry alone must not keep a finished program running.
		this.retryTimer.unref();
	}

	/** Fails every open channel with `error` and ends the connection, if any. */
	private drop(error: Error): void {
		const dialled = this.current;
		this.current = undefined;
		for (const socket of this.sockets) {
			socket.destroy(error);
		}

		this.sockets.clear();
		if (dialled) {
			end(dialled);
		}
	}

	private setState(state: ConnectionState, detail?: string): void {
		if (state === this.stateValue && detail === undefined) {
			return;
		}

		this.stateValue = state;
		for (const listener of this.listeners) {
			listener(state, detail);
		}
	}
}

function end(dialled: Dialled): void {
	dialled.client.end();
	for (const hop of dialled.hops) {
		hop.end();
	}
}
