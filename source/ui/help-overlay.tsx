import {Box, Text} from 'ink';
import React from 'react';
import type {OverlayPage} from '../store/overlay-page.ts';

type Props = {view: OverlayPage; height: number; width: number};

/** Every key, from the command registry (commands/help-lines.ts), a page at a time. */
export function HelpOverlay({view, height, width}: Props) {
	const {lines, top, page} = view;
	const more = lines.length > page;
	return (
		<Box flexDirection="column" height={height} width={width} overflow="hidden">
			<Text bold color="cyan" wrap="truncate-end">Keys — Esc or ? closes</Text>
			<Box flexDirection="column" height={page} overflow="hidden">
				{lines.slice(top, top + page).map((line, index) => (
					<Text key={top + index} wrap="truncate-end" bold={!line.startsWith(' ')}>{line || ' '}</Text>
				))}
			</Box>
			<Text dimColor wrap="truncate-end">{`${top + 1}–${Math.min(top + page, lines.length)} of ${lines.length}${more ? '  ↑↓ j k PgUp PgDn g G scroll' : ''} · Esc close`}</Text>
		</Box>
	);
}
