// `c`: the contexts and hosts used before. Enter shows one (connecting if needed);
// Space marks several to open side by side. Keys come through the key owner; the
// list is drawn by ink-select-input, showing the cursor the key owner moves.
import {Box, Text} from 'ink';
import SelectInput from 'ink-select-input';
import React from 'react';
import type {SwitchEntry} from '../store/switch-targets.ts';
import {clip} from '../format/clip.ts';
import {PaneTitle} from './pane-title.tsx';

export type SwitcherState = {entries: readonly SwitchEntry[]; cursor: number; marked: ReadonlySet<number>; error?: string};

type Props = {switcher: SwitcherState; hints: readonly string[]; width: number; height: number};

export function HostSwitcher({switcher, hints, width, height}: Props) {
	const {entries, cursor, marked, error} = switcher;
	const nameWidth = Math.min(Math.max(8, ...entries.map(entry => entry.label.length)), Math.floor(width / 2));
	const items = entries.map((entry, index) => {
		const state = entry.active ? 'shown' : entry.open ? 'open' : '';
		const label = clip(`${marked.has(index) ? '[x]' : '[ ]'} ${`${entry.label}${entry.current ? ' *' : ''}`.padEnd(nameWidth + 2)} ${state.padEnd(5)}  ${entry.error ? `${entry.detail} · ${entry.error}` : entry.detail}`, Math.max(width - 2, 1));
		return {key: `${entry.label} ${index}`, label, value: index};
	});
	return (
		<Box flexDirection="column" width={width} height={height}>
			<PaneTitle title="Contexts and hosts" detail={hints.join(' · ')} focused width={width}/>
			{entries.length === 0 ? <Text dimColor>No contexts and no hosts used before.</Text> : (
				<SelectInput
					key={cursor}
					items={items}
					initialIndex={cursor}
					isFocused={false}
					limit={Math.max(height - 3, 1)}
					indicatorComponent={({isSelected}) => <Text>{isSelected ? '› ' : '  '}</Text>}
					itemComponent={({isSelected, label}) => <Text wrap="truncate-end" inverse={isSelected}>{label}</Text>}
				/>
			)}
			<Box flexGrow={1}/>
			{error ? <Text color="red" wrap="truncate-end">{clip(error, width)}</Text> : <Text dimColor wrap="truncate-end">* is the docker CLI's current context. Marked hosts open side by side in a hosts pane.</Text>}
		</Box>
	);
}
