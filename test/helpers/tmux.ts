// Drives the built `stowage` binary in a real terminal: a private tmux server.
import {execFile} from 'node:child_process';
import path from 'node:path';
import {promisify} from 'node:util';
import {waitFor} from './test-engine.ts';

const run = promisify(execFile);
export const cliPath = path.resolve(import.meta.dirname, '../../dist/cli.js');

export type Terminal = {
	screen(): Promise<string>;
	keys(...keys: string[]): Promise<void>;
	/** Types text literally, all at once (a paste, or a fast typist's burst). */
	type(text: string): Promise<void>;
	/** Types text one character at a time with a pause between keys, at a person's pace. */
	typeSlowly(text: string, pauseMs?: number): Promise<void>;
	waitForScreen(check: (screen: string) => boolean, what: string, timeoutMs?: number): Promise<string>;
	/** The screen with its colours and attributes as escape sequences (capture-pane -e). */
	styledScreen(): Promise<string>;
	paneTitle(): Promise<string>;
	alive(): Promise<boolean>;
	close(): Promise<void>;
};

let counter = 0;

/** Quotes a word for a POSIX shell. */
export const shellQuote = (word: string) => `'${word.replaceAll("'", "'\\''")}'`;

/** A private tmux server running `command` in one pane; `socketPrefix` names its socket. */
export async function openTmuxSession(socketPrefix: string, command: string[], columns: number, rows: number) {
	const socket = `${socketPrefix}-${process.pid}-${counter++}`;
	const tmux = (...tmuxArgs: string[]) => run('tmux', ['-L', socket, '-f', '/dev/null', ...tmuxArgs]);
	await tmux('new-session', '-d', '-x', String(columns), '-y', String(rows), '-s', 'main', '--', ...command);
	await tmux('set-option', '-t', 'main', 'remain-on-exit', 'on');
	let last = '';
	const screen = async () => {
		last = (await tmux('capture-pane', '-p', '-t', 'main')).stdout;
		return last;
	};

	return {
		tmux,
		/** The last screen captured, for a timeout's message. */
		last: () => last,
		screen,
		async keys(...keys: string[]) {
			for (const key of keys) {
				await tmux('send-keys', '-t', 'main', key);
				if (key === 'Escape') {
					// Esc and the next key in one read are one Alt key to a terminal app (Ink
					// included); a person's next key comes tens of milliseconds later.
					await new Promise(resolve => setTimeout(resolve, 50));
				}
			}
		},
		async type(text: string) {
			await tmux('send-keys', '-t', 'main', '-l', text);
		},
		async typeSlowly(text: string, pauseMs = 60) {
			for (const character of text) {
				await tmux('send-keys', '-t', 'main', '-l', character);
				await new Promise(resolve => setTimeout(resolve, pauseMs));
			}
		},
		async waitForScreen(check: (screen: string) => boolean, what: string, timeoutMs = 8000) {
			// Undefined until the first capture: an empty screen must not satisfy a "doesn't show X" check.
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
		async close() {
			await tmux('kill-server').catch(() => {});
		},
	};
}

/** `rawLog`: run under `script`, which records every byte the program writes to its pty in that file. */
export async function openTerminal(args: string[], env: Record<string, string>, columns = 120, rows = 40, rawLog?: string): Promise<Terminal> {
	// The program's environment is explicit: CI must not reach Ink, or it draws nothing until exit.
	const envArgs = Object.entries(env).map(([key, value]) => `${key}=${value}`);
	const program = ['env', '-u', 'CI', '-u', 'CONTINUOUS_INTEGRATION', ...envArgs, process.execPath, cliPath, ...args];
	const command = rawLog ? ['script', '-q', '-f', '-e', '-c', program.map(shellQuote).join(' '), rawLog] : program;
	const {tmux, screen, keys, type, typeSlowly, waitForScreen, close} = await openTmuxSession('stowage-e2e', command, columns, rows);
	return {
		screen,
		keys,
		type,
		typeSlowly,
		waitForScreen,
		async styledScreen() {
			return (await tmux('capture-pane', '-p', '-e', '-t', 'main')).stdout;
		},
		async paneTitle() {
			return (await tmux('display-message', '-p', '-t', 'main', '#{pane_title}')).stdout.trim();
		},
		async alive() {
			return (await tmux('display-message', '-p', '-t', 'main', '#{pane_dead}')).stdout.trim() === '0';
		},
		close,
	};
}
