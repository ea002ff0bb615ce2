// The built binary in a real terminal (a private tmux server) under a shell wrapper that
// records its exit status and its stderr in files, so both can be read after the terminal
// itself is gone (a closed pty). The wrapper ignores SIGHUP itself to outlive the terminal;
// node restores the default action at start-up, so stowage gets the hangup as usual.
import {execFile} from 'node:child_process';
import {existsSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {promisify} from 'node:util';
import {waitFor} from './test-engine.ts';
import {cliPath} from './tmux.ts';

const run = promisify(execFile);
let counter = 0;

const quote = (text: string) => `'${text.replaceAll('\'', '\'\\\'\'')}'`;

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
	const socket = `stowage-fault-${process.pid}-${counter++}`;
	const statusFile = path.join(dir, `status-${counter}`);
	const stderrFile = path.join(dir, `stderr-${counter}`);
	const tmux = (...args: string[]) => run('tmux', ['-L', socket, '-f', '/dev/null', ...args]);
	const envArgs = Object.entries(env).map(([key, value]) => quote(`${key}=${value}`)).join(' ');
	const script = `trap '' HUP; env -u CI -u CONTINUOUS_INTEGRATION ${envArgs} ${quote(process.execPath)} ${quote(cliPath)} 2>${quote(stderrFile)}; echo $? > ${quote(statusFile)}.part; mv ${quote(statusFile)}.part ${quote(statusFile)}`;
	await tmux('new-session', '-d', '-x', String(columns), '-y', String(rows), '-s', 'main', '--', 'bash', '-c', script);
	await tmux('set-option', '-t', 'main', 'remain-on-exit', 'on');
	let last = '';
	const screen = async () => {
		last = (await tmux('capture-pane', '-p', '-t', 'main')).stdout;
		return last;
	};

	return {
		screen,
		async keys(...keys) {
			for (const key of keys) {
				await tmux('send-keys', '-t', 'main', key);
			}
		},
		async type(text) {
			await tmux('send-keys', '-t', 'main', '-l', text);
		},
		async waitForScreen(check, what, timeoutMs = 8000) {
			let current: string | undefined;
			let pending = false;
			return waitFor(() => {
				if (!pending) {
					pending = true;
					void screen().then(text => {
						current = text;
						pending = false;
					}, () => {
						pending = false;
					});
				}

				return current !== undefined && check(current) ? current : undefined;
			}, what, timeoutMs, () => last);
		},
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
			await waitFor(() => existsSync(statusFile), 'stowage to exit', timeoutMs, () => last);
			return Number(readFileSync(statusFile, 'utf8').trim());
		},
		stderr: () => (existsSync(stderrFile) ? readFileSync(stderrFile, 'utf8') : ''),
		async close() {
			await tmux('kill-server').catch(() => {});
		},
	};
}
