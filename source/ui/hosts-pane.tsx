import {Box, Text} from 'ink';
import React from 'react';
import {formatHumanSize} from '../format/size.ts';
import type {HostSummary} from '../store/hosts.ts';
import {clip} from '../format/clip.ts';
import {PaneTitle} from './pane-title.tsx';

type Props = {hosts: readonly HostSummary[]; width: number};

const statusColor = {connecting: 'yellow', connected: 'green', failed: 'red'} as const;
const statusText = {connecting: 'connecting', connected: 'connected', failed: 'unreachable'} as const;

function numbers(host: HostSummary, countWidth: number): string {
	const images = host.images === undefined ? '' : `${String(host.images).padStart(countWidth)} image${host.images === 1 ? ' ' : 's'}`;
	const disk = host.diskBytes === undefined ? '' : host.diskUnreported ? 'disk usage not reported by the engine' : `${formatHumanSize(host.diskBytes)} on disk (${formatHumanSize(host.reclaimableBytes ?? 0)} reclaimable)`;
	return [images, disk].filter(Boolean).join('  ');
}

/** One line per open host, the one on screen marked: state, image count and disk usage side by side. */
export function HostsPane({hosts, width}: Props) {
	const labelWidth = Math.min(Math.max(...hosts.map(host => host.label.length)), Math.floor(width / 2));
	const countWidth = Math.max(...hosts.map(host => String(host.images ?? '').length));
	return (
		<Box flexDirection="column" width={width}>
			<PaneTitle title={`Hosts (${hosts.length})`} detail="[ ] switch · c contexts · C copy to" focused={false} width={width}/>
			{hosts.map(host => (
				<Text key={host.key} wrap="truncate-end" bold={host.active}>
					<Text color={host.active ? 'cyan' : undefined}>{`${host.active ? '▸' : ' '} ${clip(host.label, width).padEnd(labelWidth)}`}</Text>
					<Text color={statusColor[host.status]}>{`  ● ${statusText[host.status].padEnd(11)}`}</Text>
					<Text dimColor={!host.active}>{clip(`  ${host.error ?? numbers(host, countWidth)}`, width)}</Text>
				</Text>
			))}
		</Box>
	);
}
