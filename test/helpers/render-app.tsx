import {render} from 'ink-testing-library';
import React from 'react';
import type {Engine} from '../../source/engine/engine.ts';
import type {LocalFiles} from '../../source/engine/local-files.ts';
import {createController, type Controller} from '../../source/store/controller.ts';
import {initialState} from '../../source/store/state.ts';
import {createStore, type Store} from '../../source/store/store.ts';
import {App} from '../../source/ui/app.tsx';
import type {Hosts} from '../../source/store/hosts.ts';
import type {SwitchEntry} from '../../source/store/switch-targets.ts';
import {Workspace} from '../../source/ui/workspace.tsx';
import {createUserActions, type UserActions} from '../../source/store/user-actions.ts';
import {waitFor} from './test-engine.ts';

export const keys = {
	up: '\u001B[A',
	down: '\u001B[B',
	right: '\u001B[C',
	left: '\u001B[D',
	enter: '\r',
	tab: '\t',
	shiftTab: '\u001B[Z',
	escape: '\u001B',
	pageUp: '\u001B[5~',
	pageDown: '\u001B[6~',
	home: '\u001B[H',
	end: '\u001B[F',
	backspace: '\u007F',
	ctrlR: '\u0012',
} as const;

/** The images pane's line for repo:tag, if it is on screen. */
export function rowOf(frame: string, reference: string): string | undefined {
	const colon = reference.lastIndexOf(':');
	const repository = reference.slice(0, colon).replace(/[.]/g, '\\.');
	const tag = reference.slice(colon + 1);
	return frame.split('\n').find(line => new RegExp(`^.\\s*${repository}\\s+${tag}\\s`).test(line));
}

export type RenderedApp = {
	store: Store;
	controller: Controller;
	actions: UserActions;
	frame(): string;
	/** Everything written to the fake terminal so far, frames and raw writes alike. */
	written(): string;
	press(...inputs: string[]): Promise<void>;
	waitForFrame(check: (frame: string) => boolean, what: string, timeoutMs?: number): Promise<string>;
	/** Esc clears any filter, then / types a new one, Enter keeps it, Home selects its first row. */
	filterTo(text: string): Promise<void>;
	resize(columns: number, rows: number): void;
	unmount(): void;
};

/** `files`: the local-files seam the dialogs check and write through (a recording fake in unit tests). */
export function renderApp(engine: Engine, columns = 120, rows = 40, files?: LocalFiles): RenderedApp {
	const store = createStore(initialState(engine.endpoint.url));
	const controller = createController(engine, store);
	const actions = createUserActions(engine, store, controller, undefined, files);
	const instance = render(<App store={store} controller={controller} actions={actions}/>);
	const {stdout, stdin} = instance;
	const setSize = (c: number, r: number) => {
		Object.defineProperty(stdout, 'columns', {value: c, configurable: true});
		Object.defineProperty(stdout, 'rows', {value: r, configurable: true});
		stdout.emit('resize');
	};

	setSize(columns, rows);
	void controller.start();
	const frame = () => instance.lastFrame() ?? '';
	return {
		store,
		controller,
		actions,
		frame,
		// Ink's fake stdout records raw writes (OSC 52) among the frames.
		written: () => instance.frames.join(''),
		async press(...inputs) {
			for (const input of inputs) {
				stdin.write(input);
				// Let Ink parse the key and React commit before the next one.
				await new Promise(resolve => setImmediate(resolve));
			}
		},
		waitForFrame: (check, what, timeoutMs = 5000) => waitFor(() => (check(frame()) ? frame() : undefined), what, timeoutMs, frame),
		async filterTo(text) {
			stdin.write(keys.escape);
			await new Promise(resolve => setImmediate(resolve));
			for (const input of ['/', ...text.split(''), keys.enter, keys.home]) {
				stdin.write(input);
				await new Promise(resolve => setImmediate(resolve));
			}

			await waitFor(() => frame().includes(`filter: ${text}`), `the filter "${text}"`, 5000, frame);
		},
		resize: setSize,
		unmount() {
			actions.stop();
			controller.stop();
			instance.unmount();
		},
	};
}

export type RenderedWorkspace = {
	frame(): string;
	press(...inputs: string[]): Promise<void>;
	waitForFrame(check: (frame: string) => boolean, what: string, timeoutMs?: number): Promise<string>;
	/** Writes to the terminal without waiting for the key to be read (a second key in the same burst). */
	write(input: string): void;
	unmount(): void;
};

/** The several-hosts screen (`Workspace`) in a fake terminal of the given size. */
export function renderWorkspace(hosts: Hosts, entries: () => SwitchEntry[], columns: number, rows: number): RenderedWorkspace {
	const instance = render(<Workspace hosts={hosts} entries={entries}/>);
	Object.defineProperty(instance.stdout, 'columns', {value: columns, configurable: true});
	Object.defineProperty(instance.stdout, 'rows', {value: rows, configurable: true});
	instance.stdout.emit('resize');
	const frame = () => instance.lastFrame() ?? '';
	return {
		frame,
		async press(...inputs) {
			for (const input of inputs) {
				instance.stdin.write(input);
				await new Promise(resolve => setImmediate(resolve));
			}
		},
		waitForFrame: (check, what, timeoutMs = 8000) => waitFor(() => (check(frame()) ? frame() : undefined), what, timeoutMs, frame),
		write: input => instance.stdin.write(input),
		unmount: () => instance.unmount(),
	};
}
