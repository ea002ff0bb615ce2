import {Box, Text} from 'ink';
import React from 'react';
import {createdAgo} from '../format/duration.ts';
import {formatImageSize} from '../format/size.ts';
import type {HistoryView} from '../store/selectors.ts';
import {clip} from '../format/clip.ts';
import {bar, fit, fitRight} from './text.ts';
import {useScrollOffset} from './use-scroll-offset.ts';

type Props = {history: HistoryView; height: number; width: number; focused: boolean; now: number};

const barWidth = 10;

export function LayerHistory({history, height, width, focused, now}: Props) {
	const {entries} = history;
	const bodyHeight = Math.max(height - 1, 0);
	const offset = useScrollOffset(focused ? history.cursor : 0, entries.length, bodyHeight);
	const total = entries.reduce((sum, entry) => sum + entry.size, 0);
	const showCreated = width >= 70;
	// CREATED as wide as its longest words here; CREATED BY, which is cut, gets the rest.
	const created = entries.map(entry => createdAgo(entry.created, now));
	const createdWidth = created.reduce((most, text) => Math.max(most, text.length), 'CREATED'.length);
	const header = ` ${fitRight('SIZE', 8)}  ${showCreated ? fit('CREATED', createdWidth) + '  ' : ''}${fit('SHARE', barWidth)}  CREATED BY`;
	return (
		<Box flexDirection="column" height={height} width={width} overflow="hidden">
			{height > 0 ? <Text bold dimColor wrap="truncate-end">{header}</Text> : null}
			{history.message === undefined ? (
				entries.slice(offset, offset + bodyHeight).map((entry, index) => {
					const selected = focused && offset + index === history.cursor;
					const head = ` ${fitRight(formatImageSize(entry.size), 8)}  ${showCreated ? fit(created[offset + index]!, createdWidth) + '  ' : ''}${bar(total > 0 ? entry.size / total : 0, barWidth)}  `;
					// The command cut on its own: joined first, a megabyte step would be copied whole on every redraw.
					const line = clip(head, width) + clip(entry.createdBy || entry.comment, Math.max(width - head.length, 0));
					return (
						<Text key={offset + index} wrap="truncate-end" inverse={selected} dimColor={entry.size === 0 && !selected}>
							{line}
						</Text>
					);
				})
			) : (
				<Text color={history.error ? 'red' : undefined} wrap="truncate-end">{clip(history.message, width)}</Text>
			)}
		</Box>
	);
}
