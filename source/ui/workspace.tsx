// The open hosts around the App: the hosts pane when there are several, the `c`
// switcher's state, and which host's session the App draws.
import {Box} from 'ink';
import React, {useMemo, useReducer, useRef, useSyncExternalStore} from 'react';
import type {Hosts, HostTarget} from '../store/hosts.ts';
import {runningJobs} from '../store/quit.ts';
import type {SwitchEntry} from '../store/switch-targets.ts';
import {App} from './app.tsx';
import {pacedSubscribe} from './frame-pacer.ts';
import type {HostControls} from './commands/command.ts';
import type {SwitcherState} from './host-switcher.tsx';
import {HostsPane} from './hosts-pane.tsx';
import {useTerminalSize} from './use-terminal-size.ts';

type Props = {hosts: Hosts; entries(): SwitchEntry[]; onOpened?(targets: HostTarget[]): void};

export function Workspace({hosts, entries, onOpened}: Props) {
	const summaries = useSyncExternalStore(pacedSubscribe(hosts.subscribe), hosts.summaries, hosts.summaries);
	const {columns, rows} = useTerminalSize();
	// Read by the key owner at each key (a burst of keys comes before the next render), drawn from here.
	const switcherRef = useRef<SwitcherState | undefined>(undefined);
	const [, redraw] = useReducer((count: number) => count + 1, 0);
	const active = hosts.active();

	const controls = useMemo((): HostControls => {
		const set = (next: SwitcherState | undefined) => {
			switcherRef.current = next;
			redraw();
		};

		const open = (state: SwitcherState) => {
			// The entry under the cursor first: it is the one shown.
			const chosen = [state.cursor, ...[...state.marked].filter(other => other !== state.cursor).sort((a, b) => a - b)].map(other => state.entries[other]!);
			const broken = chosen.find(entry => !entry.target);
			if (broken) {
				set({...state, error: `${broken.label}: ${broken.error ?? 'cannot be opened'}`});
				return;
			}

			const targets = chosen.map(entry => entry.target!);
			hosts.open(targets);
			onOpened?.(targets);
			set(undefined);
		};

		return {
			runningJobs: () => {
				const several = hosts.list().length > 1;
				return hosts.list().flatMap(host => runningJobs(host.session.store.getState().jobs, several ? host.label : undefined));
			},
			openSwitcher() {
				const list = entries();
				set({entries: list, cursor: Math.max(list.findIndex(entry => entry.active), 0), marked: new Set()});
			},
			step(delta) {
				if (hosts.list().length < 2) {
					hosts.active().session.store.dispatch({type: 'flash', text: 'Only one host is open: press c to open another.', tone: 'info'});
				} else {
					hosts.step(delta);
				}
			},
			switcher() {
				const state = switcherRef.current;
				return state && {
					cursor: state.cursor,
					mark() {
						const marked = new Set(state.marked);
						if (!marked.delete(state.cursor)) {
							marked.add(state.cursor);
						}

						set({...state, marked});
					},
					highlight: index => set({...state, cursor: Math.max(0, Math.min(index, state.entries.length - 1)), error: undefined}),
					open: () => open(state),
					close: () => set(undefined),
				};
			},
		};
	}, [hosts, entries, onOpened]);

	const switcher = switcherRef.current;
	const paneRows = summaries.length > 1 && !switcher ? summaries.length + 1 : 0;
	const {store, controller, actions} = active.session;
	return (
		<Box flexDirection="column" width={columns} height={rows}>
			{paneRows > 0 ? <HostsPane hosts={summaries} width={columns}/> : null}
			<App key={active.key} store={store} controller={controller} actions={actions} reservedRows={paneRows} hosts={controls} switcher={switcher}/>
		</Box>
	);
}
