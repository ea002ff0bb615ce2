// Ending the UI from outside its keys: SIGTERM, SIGHUP, SIGINT, or the terminal going away
// (a closed window or ssh session: stdin ends, writes fail with EIO). Every running job is
// cancelled and given a moment to remove its files, the terminal is given back if it is
// still there, and the process exits as a CLI does: 128 + the signal's number.
import {closeSync, writeSync} from 'node:fs';

export type ShutdownHooks = {
	/** Cancels every running job and resolves once they have cleaned up, or a bound of a few seconds passed. */
	stopJobs(): Promise<void>;
	/** Unmounts the UI (raw mode off, its last frame), while the terminal can still take it. */
	leaveUi(): void;
	/** Written last when the terminal is still there: the cursor shown, the main screen back. */
	restoreSequence: string;
};

type Io = {
	stdin: NodeJS.ReadStream;
	stdout: NodeJS.WriteStream;
	exit(code: number): void;
	/** Closes fds 0-2 (see end()); a test passes its own. */
	closeStdio(): void;
};

const processIo: Io = {
	stdin: process.stdin,
	stdout: process.stdout,
	exit: code => process.exit(code),
	closeStdio() {
		for (const fd of [0, 1, 2]) {
			try {
				closeSync(fd);
			} catch {
				// Already closed: nothing for Node to restore there either.
			}
		}
	},
};

export const signalStatus = {SIGHUP: 129, SIGINT: 130, SIGTERM: 143} as const;
type Signal = keyof typeof signalStatus;

/** What a terminal that went away answers reads and writes with. */
const goneCodes = new Set(['EIO', 'EPIPE', 'ENXIO', 'EBADF', 'ERR_STREAM_DESTROYED']);
export const terminalGone = (error: unknown) => goneCodes.has((error as NodeJS.ErrnoException | undefined)?.code ?? '');

/** Installs the handlers; the returned function removes them (the UI ended on its own). */
export function installShutdown(hooks: ShutdownHooks, {stdin, stdout, exit, closeStdio}: Io = processIo): () => void {
	let gone = false;
	let ending: number | undefined;

	const hangUp = () => {
		if (!gone) {
			gone = true;
			// Nothing can reach the terminal now: the UI's later frames (a job finishing) go nowhere
			// instead of failing again with EIO.
			stdout.write = ((_chunk: unknown, encoding?: unknown, callback?: unknown) => {
				const done = typeof encoding === 'function' ? encoding : callback;
				(done as (() => void) | undefined)?.();
				return true;
			}) as typeof stdout.write;
		}

		void end(signalStatus.SIGHUP);
	};

	const onError = (error: unknown) => {
		if (terminalGone(error)) {
			hangUp();
		}
	};

	// A tty's stdin ends only when the terminal is gone (in raw mode Ctrl-D is a key).
	const onEnd = () => {
		if (stdin.isTTY) {
			hangUp();
		}
	};

	const probe = (write: () => void) => {
		try {
			write();
		} catch (error) {
			if (terminalGone(error)) {
				gone = true;
			}
		}
	};

	async function end(status: number) {
		if (ending !== undefined) {
			return;
		}

		ending = status;
		await hooks.stopJobs();
		if (!gone) {
			probe(() => hooks.leaveUi());
			// setRawMode reports a hung-up terminal as an 'error' event (onError), a write by throwing.
			probe(() => writeSync((stdout as {fd?: number}).fd ?? 1, hooks.restoreSequence));
		}

		if (gone) {
			// Node restores the terminal's modes at exit and aborts (`Assertion failed … ResetStdio`)
			// when that fails; it skips descriptors that were closed.
			closeStdio();
		}

		exit(status);
	}

	const handlers = Object.fromEntries((Object.keys(signalStatus) as Signal[]).map(signal => [signal, () => {
		if (ending === undefined) {
			void end(signalStatus[signal]);
		} else if (signal !== 'SIGHUP') {
			// Asked again while cleaning up: out at once, as docker does on a second Ctrl-C. (A hangup
			// comes twice on its own, from the kernel and from the shell, and waits for the cleanup.)
			exit(ending);
		}
	}])) as Record<Signal, () => void>;
	for (const signal of Object.keys(handlers) as Signal[]) {
		process.on(signal, handlers[signal]);
	}

	stdout.on('error', onError);
	stdin.on('error', onError);
	stdin.on('end', onEnd);
	return () => {
		for (const signal of Object.keys(handlers) as Signal[]) {
			process.off(signal, handlers[signal]);
		}

		stdout.off('error', onError);
		stdin.off('error', onError);
		stdin.off('end', onEnd);
	};
}
