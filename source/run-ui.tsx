// Starts the full-screen UI. Loaded lazily by cli.tsx so `stowage ls` and
// `--help` never pay for Ink and React.
import {render, type Instance} from 'ink';
import React from 'react';
import type {Hosts, HostTarget} from './store/hosts.ts';
import type {SwitchEntry} from './store/switch-targets.ts';
import {installShutdown, signalStatus} from './shutdown.ts';
import {Workspace} from './ui/workspace.tsx';
import {clearOnFirstFrame, enterAlternate, leaveAlternate, showCursor} from './start/first-paint.ts';

type Options = {
	entries(): SwitchEntry[];
	onOpened?(targets: HostTarget[]): void;
	/** A first frame is on the alternate screen already (start/first-paint.ts); release() hands its cleanup over. */
	painted?: {release(): void};
};

const anyRunning = (hosts: Hosts) => hosts.list().some(host => host.session.store.getState().jobs.some(job => job.status === 'running'));

/** Resolves with the exit status once the UI is closed and every job has been cancelled and cleaned up. */
export async function runUi(hosts: Hosts, {entries, onOpened, painted}: Options): Promise<number> {
	const alternate = process.stdout.isTTY;
	let instance: Instance | undefined;
	// Signals and a vanished terminal end the process from here, after the same cleanup as q.
	const uninstall = installShutdown({
		stopJobs: async () => hosts.stop(),
		leaveUi: () => instance?.unmount(),
		restoreSequence: alternate ? `${showCursor}${leaveAlternate}` : '',
	});
	let status = 0;
	try {
		// The state lives in the stores, so the UI can step aside for `run` and come back as it was.
		for (;;) {
			if (painted) {
				// The painted frame is replaced in the UI's first write.
				clearOnFirstFrame(process.stdout);
				painted.release();
				painted = undefined;
			} else if (alternate) {
				// Like less and vim: draw on the alternate screen and give the terminal back as it was.
				process.stdout.write(`${enterAlternate}\u001B[H`);
			}

			// maxFps 0: Ink draws every commit; ui/frame-pacer.ts paces what is not a key.
			instance = render(<Workspace hosts={hosts} entries={entries} onOpened={onOpened}/>, {exitOnCtrlC: false, maxFps: 0, incrementalRendering: true, patchConsole: false});
			await instance.waitUntilExit();
			instance = undefined;
			if (alternate) {
				process.stdout.write(leaveAlternate);
			}

			const {actions, store} = hosts.active().session;
			const {runRequest, quitRequest} = store.getState();
			if (!runRequest) {
				// Ctrl-C that interrupted running jobs exits as an interrupted CLI does.
				status = quitRequest?.interrupt && anyRunning(hosts) ? signalStatus.SIGINT : 0;
				break;
			}

			await actions.runRequested({stdin: process.stdin, stdout: process.stdout});
		}
	} finally {
		await hosts.stop();
		uninstall();
	}

	return status;
}
