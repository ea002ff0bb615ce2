import {Box, Text} from 'ink';
import React from 'react';

type Props = {title: string; heading: readonly string[]; lines: readonly string[]; scroll: number; footer: string; status?: string; error?: string; height: number; width: number};

/** A titled, scrollable page of text lines (advisor, layer explorer): only the lines that fit are mounted. */
export function TextOverlay({title, heading, lines, scroll, footer, status, error, height, width}: Props) {
	const body = Math.max(height - 2 - heading.length - (status ? 1 : 0) - (error ? 1 : 0), 1);
	const top = Math.max(0, Math.min(scroll, lines.length - body));
	return (
		<Box flexDirection="column" height={height} width={width} overflow="hidden">
			<Text bold color="cyan" wrap="truncate-end">{title}</Text>
			{heading.map((line, index) => <Text key={`h${index}`} wrap="truncate-end">{line}</Text>)}
			{status ? <Text color="yellow" wrap="truncate-end">{status}</Text> : null}
			{error ? <Text color="red" wrap="truncate-end">{error}</Text> : null}
			<Box flexDirection="column" height={body} overflow="hidden">
				{lines.slice(top, top + body).map((line, index) => <Text key={top + index} wrap="truncate-end">{line}</Text>)}
			</Box>
			<Text dimColor wrap="truncate-end">{`${lines.length === 0 ? 0 : top + 1}/${lines.length}  ${footer}`}</Text>
		</Box>
	);
}
