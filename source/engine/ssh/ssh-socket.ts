// An SSH channel dressed as the net.Socket that http.Agent expects. The channel
// is wrapped, not patched, so that a remote command that dies before answering
// (no docker CLI: exit 127) fails the request with that reason instead of
// http's bare "socket hang up".
import {Duplex} from 'node:stream';
import type {ClientChannel} from 'ssh2';
import {sanitizeLine} from '../../format/sanitize.ts';
import {RemoteDockerError} from './ssh-errors.ts';

/** Enough of the remote's stderr to explain a failure. */
const stderrLimit = 4096;

export class SshSocket extends Duplex {
	/** http.Agent and ClientRequest read these. */
	readonly connecting = false;
	timeout = 0;
	private timer: NodeJS.Timeout | undefined;
	private stderr = '';
	private answered = false;
	private exitCode: number | undefined;

	constructor(private readonly channel: ClientChannel, private readonly host: string, isCommand: boolean) {
		super({allowHalfOpen: false});
		channel.on('data', (chunk: Buffer) => {
			this.answered = true;
			this.touch();
			if (!this.push(chunk)) {
				channel.pause();
			}
		});
		channel.stderr?.on('data', (chunk: Buffer) => {
			this.stderr = (this.stderr + chunk.toString('utf8')).slice(-stderrLimit);
		});
		let exited = false;
		channel.on('exit', (code: number | null) => {
			exited = true;
			this.exitCode = code ?? undefined;
		});
		channel.on('error', (error: Error) => this.destroy(error));
		let ended = false;
		const closed = () => {
			// Once: the exit status may arrive after the wait for it below gave up.
			if (ended) {
				return;
			}

			ended = true;
			if (isCommand && !this.answered && this.exitCode !== 0) {
				this.destroy(new RemoteDockerError(host, this.exitCode, sanitizeLine(this.stderr)));
			} else {
				this.push(null);
			}
		};

		channel.on('close', () => {
			// A command that failed at once: ssh2 may hand over its exit status just after the close
			// (seen on a busy machine); wait for it briefly, so the message can say "exited with 127".
			if (isCommand && !this.answered && !exited) {
				const timer = setTimeout(closed, 100);
				channel.once('exit', () => {
					clearTimeout(timer);
					setImmediate(closed);
				});
			} else {
				closed();
			}
		});
	}

	override _read(): void {
		this.channel.resume();
	}

	override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
		this.touch();
		if (this.channel.write(chunk)) {
			callback();
		} else {
			this.channel.once('drain', () => callback());
		}
	}

	override _final(callback: (error?: Error | null) => void): void {
		this.channel.end();
		callback();
	}

	override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
		clearTimeout(this.timer);
		this.channel.close();
		callback(error);
	}

	// SSH keepalives guard the link; TCP options do not apply to a channel.
	setKeepAlive(): this {
		return this;
	}

	setNoDelay(): this {
		return this;
	}

	/** Idle timeout, as net.Socket: 'timeout' after `ms` without traffic. */
	setTimeout(ms: number, listener?: () => void): this {
		this.timeout = ms;
		if (listener) {
			this.once('timeout', listener);
		}

		this.touch();
		return this;
	}

	// The SSH connection, not each channel, holds the event loop; close() ends it.
	ref(): this {
		return this;
	}

	unref(): this {
		return this;
	}

	private touch(): void {
		clearTimeout(this.timer);
		this.timer = this.timeout > 0 ? setTimeout(() => this.emit('timeout'), this.timeout).unref() : undefined;
	}
}
