// Starts the full-screen UI. Loaded lazily by cli.tsx so `stowage ls` and
// `--help` never pay for Ink and React.
import {render} from 'ink';
import React from 'react';
import type {Hosts, HostTarget} from './store/hosts.ts';
import type {SwitchEntry} from './store/switch-targets.ts';
import {Workspace} from './ui/workspace.tsx';

const enterAlternate = '\u001B[?1049h\u001B[H';
const leaveAlternate = '\u001B[?1049l';

type Options = {entries(): SwitchEntry[]; onOpened?(targets: HostTarget[]): void};

export async function runUi(hosts: Hosts, {entries, onOpened}: Options): Promise<void> {
	const alternate = process.stdout.isTTY;
	try {
		// The state lives in the stores, so the UI can step aside for `run` and come back as it was.
		for (;;) {
			if (alternate) {
				// Like less and vim: draw on the alternate screen and give the terminal back as it was.
				process.stdout.write(enterAlternate);
			}

			const instance = render(<Workspace hosts={hosts} entries={entries} onOpened={onOpened}/>, {exitOnCtrlC: false, maxFps: 30, incrementalRendering: true, patchConsole: false});
			await instance.waitUntilExit();
			if (alternate) {
				process.stdout.write(leaveAlternate);
			}

			const {actions, store} = hosts.active().session;
			if (!store.getState().runRequest) {
				break;
			}

			await actions.runRequested({stdin: process.stdin, stdout: process.stdout});
		}
	} finally {
		hosts.stop();
	}
}
