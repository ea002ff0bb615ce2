import {Box, Text} from 'ink';
import React from 'react';
import {keymap} from './keymap.ts';
import {fit} from './text.ts';

type Props = {scroll: number; height: number; width: number};

export function helpLines(): string[] {
	const keyWidth = Math.max(...keymap.map(binding => binding.keys.map(key => key.label).join(' ').length));
	return keymap.map(binding => `  ${fit(binding.keys.map(key => key.label).join(' '), keyWidth)}   ${binding.description}`);
}

export function HelpOverlay({scroll, height, width}: Props) {
	const lines = helpLines();
	const body = Math.max(height - 2, 1);
	return (
		<Box flexDirection="column" height={height} width={width} overflow="hidden">
			<Text bold color="cyan">Keys — Esc closes</Text>
			{lines.slice(scroll, scroll + body).map(line => (
				<Text key={line} wrap="truncate-end">{line}</Text>
			))}
		</Box>
	);
}
