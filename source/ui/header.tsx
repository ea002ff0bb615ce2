import {Box, Text} from 'ink';
import Spinner from 'ink-spinner';
import React from 'react';
import {clip} from '../format/clip.ts';
import type {Connection, State} from '../store/state.ts';
import {headerKeys} from './text.ts';

type Props = {endpointLabel: string; connection: Connection; link?: State['link']; width: number};

function status(connection: Connection): {text: string; color: string} {
	switch (connection.status) {
		case 'connecting': {
			return {text: connection.attempt > 1 ? `connecting (attempt ${connection.attempt})` : 'connecting', color: 'yellow'};
		}

		case 'failed': {
			return {text: `unreachable: ${connection.error}`, color: 'red'};
		}

		case 'connected': {
			return connection.eventsLive ? {text: 'connected · live', color: 'green'} : {text: 'connected · events reconnecting', color: 'yellow'};
		}
	}
}

/** The SSH link when it is not simply up: reconnecting (and why) shows before anything else. */
function linkStatus(link: State['link']): {text: string; color: string} | undefined {
	if (!link || link.state === 'connected' || link.state === 'idle' || link.state === 'closed') {
		return undefined;
	}

	return {text: `ssh ${link.state}${link.detail ? `: ${link.detail}` : ''}`, color: link.state === 'failed' ? 'red' : 'yellow'};
}

export function Header({endpointLabel, connection, link, width}: Props) {
	const {text, color} = linkStatus(link) ?? status(connection);
	const engine = connection.status === 'connected' ? `${connection.info.product === 'podman' ? 'Podman' : 'Docker'} ${connection.info.version} (API ${connection.info.pinnedApiVersion})` : '';
	const keys = headerKeys;
	return (
		<Box width={width}>
			<Box width={Math.max(width - keys.length, 0)}>
				<Text wrap="truncate-end">
					<Text bold color="cyan">stowage</Text>
					<Text>{clip(` ${endpointLabel}`, width)}</Text>
					{/* In flight (connecting, reconnecting): the one spinner on screen; jobs spin only once connected. */}
					<Text color={color}>{'  '}{color === 'yellow' ? <Spinner type="dots"/> : '●'}{clip(` ${text}`, width)}</Text>
					{engine ? <Text dimColor>{clip(`  ${engine}`, width)}</Text> : null}
				</Text>
			</Box>
			<Text dimColor wrap="truncate-end">{keys}</Text>
		</Box>
	);
}
