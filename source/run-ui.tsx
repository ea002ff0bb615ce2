// Starts the full-screen UI. Loaded lazily by cli.tsx so `stowage ls` and
// `--help` never pay for Ink and React.
import {render} from 'ink';
import React from 'react';
import type {Session} from './store/session.ts';
import {App} from './ui/app.tsx';

const enterAlternate = '\u001B[?1049h\u001B[H';
const leaveAlternate = '\u001B[?1049l';

export async function runUi({store, controller, actions}: Session): Promise<void> {
	const alternate = process.stdout.isTTY;
	try {
		// The state lives in the store, so the UI can step aside for `run` and come back as it was.
		for (;;) {
			if (alternate) {
				// Like less and vim: draw on the alternate screen and give the terminal back as it was.
				process.stdout.write(enterAlternate);
			}

			const instance = render(<App store={store} controller={controller} actions={actions}/>, {exitOnCtrlC: false, maxFps: 30, incrementalRendering: true, patchConsole: false});
			await instance.waitUntilExit();
			if (alternate) {
				process.stdout.write(leaveAlternate);
			}

			if (!store.getState().runRequest) {
				break;
			}

			await actions.runRequested({stdin: process.stdin, stdout: process.stdout});
		}
	} finally {
		actions.stop();
		controller.stop();
	}
}
