// Starts the full-screen UI. Loaded lazily by cli.tsx so `stowage ls` and
// `--help` never pay for Ink and React.
import {render} from 'ink';
import React from 'react';
import type {Engine} from './engine/engine.ts';
import {createController} from './store/controller.ts';
import {initialState} from './store/state.ts';
import {createStore} from './store/store.ts';
import {App} from './ui/app.tsx';

export async function runUi(engine: Engine, endpointLabel: string): Promise<void> {
	const store = createStore(initialState(endpointLabel));
	const controller = createController(engine, store);
	controller.start();
	const alternate = process.stdout.isTTY;
	if (alternate) {
		// Like less and vim: draw on the alternate screen and give the terminal back as it was.
		process.stdout.write('\u001B[?1049h\u001B[H');
	}

	const instance = render(<App store={store} controller={controller}/>, {exitOnCtrlC: false, maxFps: 30, incrementalRendering: true, patchConsole: false});
	try {
		await instance.waitUntilExit();
	} finally {
		controller.stop();
		if (alternate) {
			process.stdout.write('\u001B[?1049l');
		}
	}
}
