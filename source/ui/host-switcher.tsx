// `c`: the contexts and hosts used before. Enter shows one (connecting if needed);
// Space marks several to open side by side.
import {Box, Text, useApp, useInput} from 'ink';
import React, {useState} from 'react';
import type {HostTarget} from '../store/hosts.ts';
import type {SwitchEntry} from '../store/switch-targets.ts';
import {PaneTitle} from './pane-title.tsx';

type Props = {entries: readonly SwitchEntry[]; width: number; height: number; onOpen(targets: HostTarget[]): void; onClose(): void};

export function HostSwitcher({entries, width, height, onOpen, onClose}: Props) {
	const {exit} = useApp();
	const [cursor, setCursor] = useState(Math.max(entries.findIndex(entry => entry.active), 0));
	const [marked, setMarked] = useState<ReadonlySet<number>>(new Set());
	const [error, setError] = useState<string>();

	useInput((input, key) => {
		if (key.ctrl && input === 'c') {
			exit();
		} else if (key.escape || input === 'c' || input === 'q') {
			onClose();
		} else if (key.upArrow || input === 'k') {
			setCursor(at => Math.max(at - 1, 0));
		} else if (key.downArrow || input === 'j') {
			setCursor(at => Math.min(at + 1, entries.length - 1));
		} else if (input === ' ') {
			setMarked(previous => {
				const next = new Set(previous);
				if (next.has(cursor)) {
					next.delete(cursor);
				} else {
					next.add(cursor);
				}

				return next;
			});
		} else if (key.return) {
			// The entry under the cursor first: it is the one shown.
			const chosen = [cursor, ...[...marked].filter(index => index !== cursor).sort((a, b) => a - b)].map(index => entries[index]!);
			const broken = chosen.find(entry => !entry.target);
			if (broken) {
				setError(`${broken.label}: ${broken.error ?? 'cannot be opened'}`);
				return;
			}

			onOpen(chosen.map(entry => entry.target!));
		}
	});

	const nameWidth = Math.min(Math.max(8, ...entries.map(entry => entry.label.length)), Math.floor(width / 2));
	const visible = Math.max(height - 4, 1);
	const first = Math.min(Math.max(cursor - visible + 1, 0), Math.max(entries.length - visible, 0));
	return (
		<Box flexDirection="column" width={width} height={height}>
			<PaneTitle title="Contexts and hosts" detail="Enter show · Space mark several · Esc back" focused width={width}/>
			{entries.length === 0 ? <Text dimColor>No contexts and no hosts used before.</Text> : null}
			{entries.slice(first, first + visible).map((entry, offset) => {
				const index = first + offset;
				const state = entry.active ? 'shown' : entry.open ? 'open' : '';
				return (
					<Text key={`${entry.label} ${index}`} wrap="truncate-end" inverse={index === cursor} color={entry.target ? undefined : 'red'}>
						{`${index === cursor ? '›' : ' '} ${marked.has(index) ? '[x]' : '[ ]'} ${`${entry.label}${entry.current ? ' *' : ''}`.padEnd(nameWidth + 2)} ${state.padEnd(5)}  ${entry.error ? `${entry.detail} · ${entry.error}` : entry.detail}`}
					</Text>
				);
			})}
			<Box flexGrow={1}/>
			{error ? <Text color="red" wrap="truncate-end">{error}</Text> : <Text dimColor wrap="truncate-end">* is the docker CLI's current context. Marked hosts open side by side in a hosts pane.</Text>}
		</Box>
	);
}
