// The open hosts around the App: the hosts pane when there are several, the `c`
// switcher, and which host's session the App draws.
import {Box} from 'ink';
import React, {useCallback, useState, useSyncExternalStore} from 'react';
import type {Hosts, HostTarget} from '../store/hosts.ts';
import type {SwitchEntry} from '../store/switch-targets.ts';
import {App} from './app.tsx';
import {HostSwitcher} from './host-switcher.tsx';
import {HostsPane} from './hosts-pane.tsx';
import type {HostCommand} from './use-keys.ts';
import {useTerminalSize} from './use-terminal-size.ts';

type Props = {hosts: Hosts; entries(): SwitchEntry[]; onOpened?(targets: HostTarget[]): void};

export function Workspace({hosts, entries, onOpened}: Props) {
	const summaries = useSyncExternalStore(hosts.subscribe, hosts.summaries, hosts.summaries);
	const {columns, rows} = useTerminalSize();
	const [switcher, setSwitcher] = useState<SwitchEntry[]>();
	const active = hosts.active();

	const onHost = useCallback((command: HostCommand) => {
		if (command === 'switchHost') {
			setSwitcher(entries());
		} else if (hosts.list().length < 2) {
			hosts.active().session.store.dispatch({type: 'flash', text: 'Only one host is open: press c to open another.', tone: 'info'});
		} else {
			hosts.step(command === 'nextHost' ? 1 : -1);
		}
	}, [hosts, entries]);

	const onOpen = useCallback((targets: HostTarget[]) => {
		hosts.open(targets);
		onOpened?.(targets);
		setSwitcher(undefined);
	}, [hosts, onOpened]);

	if (switcher) {
		return <HostSwitcher entries={switcher} width={columns} height={rows} onOpen={onOpen} onClose={() => setSwitcher(undefined)}/>;
	}

	const paneRows = summaries.length > 1 ? summaries.length + 1 : 0;
	const {store, controller, actions} = active.session;
	return (
		<Box flexDirection="column" width={columns} height={rows}>
			{paneRows > 0 ? <HostsPane hosts={summaries} width={columns}/> : null}
			<App key={active.key} store={store} controller={controller} actions={actions} reservedRows={paneRows} onHost={onHost}/>
		</Box>
	);
}
