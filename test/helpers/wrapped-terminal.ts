// The built binary in a real terminal (a private tmux server) under a shell wrapper that
// records its exit status and its stderr in files, so both can be read after the terminal
// itself is gone (a closed pty). The wrapper ignores SIGHUP itself to outlive the terminal;
// node restores the default action at start-up, so stowage gets the hangup as usual.
import {existsSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {waitFor} from './test-engine.ts';
import {cliPath, openTmuxSession, shellQuote} from './tmux.ts';

let counter = 0;

export type WrappedTerminal = {
	screen(): Promise<string>;
	keys(...keys: string[]): Promise<void>;
	type(text: string): Promise<void>;
	waitForScreen(check: (screen: string) => boolean, what: string, timeoutMs?: number): Promise<string>;
	/** stowage's own pid (the wrapper's child). */
	pid(): Promise<number>;
	/** The exit status `$?` gave the wrapper, once stowage has exited. */
	status(timeoutMs?: number): Promise<number>;
	stderr(): string;
	/** Closes the pty: the tmux server goes, and with it the terminal's master side. */
	close(): Promise<void>;
};

export async function openWrappedTerminal(dir: string, env: Record<string, string>, columns = 120, rows = 40): Promise<WrappedTerminal> {
	const statusFile = path.join(dir, `status-${++counter}`);
	const stderrFile = path.join(dir, `stderr-${counter}`);
	const envArgs = Object.entries(env).map(([key, value]) => shellQuote(`${key}=${value}`)).join(' ');
	const script = `trap '' HUP; env -u CI -u CONTINUOUS_INTEGRATION ${envArgs} ${shellQuote(process.execPath)} ${shellQuote(cliPath)} 2>${shellQuote(stderrFile)}; echo $? > ${shellQuote(statusFile)}.part; mv ${shellQuote(statusFile)}.part ${shellQuote(statusFile)}`;
	const {tmux, last, screen, keys, type, waitForScreen, close} = await openTmuxSession('stowage-fault', ['bash', '-c', script], columns, rows);
	return {
		screen,
		keys,
		type,
		waitForScreen,
		async pid() {
			const wrapper = (await tmux('display-message', '-p', '-t', 'main', '#{pane_pid}')).stdout.trim();
			const child = await waitFor(() => {
				try {
					return readFileSync(`/proc/${wrapper}/task/${wrapper}/children`, 'utf8').trim().split(/\s+/)[0] || undefined;
				} catch {
					return undefined;
				}
			}, 'stowage under the wrapper');
			return Number(child);
		},
		async status(timeoutMs = 8000) {
			await waitFor(() => existsSync(statusFile), 'stowage to exit', timeoutMs, last);
			return Number(readFileSync(statusFile, 'utf8').trim());
		},
		stderr: () => (existsSync(stderrFile) ? readFileSync(stderrFile, 'utf8') : ''),
		close,
	};
}
