import {Box, Text} from 'ink';
import React from 'react';
import {clip} from '../format/clip.ts';
import type {OverlayPage} from '../store/overlay-page.ts';

/** `cursor`: the line drawn highlighted (the explorer's). */
type Props = {title: string; view: OverlayPage; footer: React.ReactNode; status?: string; error?: string; height: number; width: number; cursor?: number};

/** A titled, scrollable page of text lines (advisor, layer explorer): only the lines that fit are mounted. */
export function TextOverlay({title, view, footer, status, error, height, width, cursor}: Props) {
	const {lines, heading, top, page} = view;
	return (
		<Box flexDirection="column" height={height} width={width} overflow="hidden">
			<Text bold color="cyan" wrap="truncate-end">{clip(title, width)}</Text>
			{heading.map((line, index) => <Text key={`h${index}`} wrap="truncate-end">{clip(line, width)}</Text>)}
			{status ? <Text color="yellow" wrap="truncate-end">{clip(status, width)}</Text> : null}
			{error ? <Text color="red" wrap="truncate-end">{clip(error, width)}</Text> : null}
			<Box flexDirection="column" height={page} overflow="hidden">
				{lines.slice(top, top + page).map((line, index) => <Text key={top + index} inverse={top + index === cursor} wrap="truncate-end">{clip(line, width)}</Text>)}
			</Box>
			<Text dimColor wrap="truncate-end">
				{`${lines.length === 0 ? 0 : (cursor ?? top) + 1}/${lines.length}  `}
				{footer}
			</Text>
		</Box>
	);
}
