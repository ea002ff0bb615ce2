import {Box, Text} from 'ink';
import React from 'react';
import {createdAgo} from '../format/duration.ts';
import {formatImageSize} from '../format/size.ts';
import type {HistoryState} from '../store/state.ts';
import {bar, fit, fitRight} from './text.ts';
import {useScrollOffset} from './use-scroll-offset.ts';

type Props = {history: HistoryState; height: number; width: number; focused: boolean; now: number};

const barWidth = 10;

export function LayerHistory({history, height, width, focused, now}: Props) {
	const entries = history.entries ?? [];
	const bodyHeight = Math.max(height - 1, 0);
	const offset = useScrollOffset(focused ? history.cursor : 0, entries.length, bodyHeight);
	const total = entries.reduce((sum, entry) => sum + entry.size, 0);
	const showCreated = width >= 70;
	// "About a minute ago"; the rarer "Less than a second ago" gets room when there is plenty.
	const createdWidth = width >= 110 ? 22 : 18;
	const header = ` ${fitRight('SIZE', 8)}  ${showCreated ? fit('CREATED', createdWidth) + '  ' : ''}${fit('SHARE', barWidth)}  CREATED BY`;
	let message: string | undefined;
	if (history.error) {
		message = history.error;
	} else if (!history.imageId) {
		message = 'No image selected.';
	} else if (!history.entries) {
		message = 'Loading history…';
	}

	return (
		<Box flexDirection="column" height={height} width={width} overflow="hidden">
			{height > 0 ? <Text bold dimColor wrap="truncate-end">{header}</Text> : null}
			{message ? (
				<Text color={history.error ? 'red' : undefined} wrap="truncate-end">{message}</Text>
			) : (
				entries.slice(offset, offset + bodyHeight).map((entry, index) => {
					const selected = focused && offset + index === history.cursor;
					const line = ` ${fitRight(formatImageSize(entry.size), 8)}  ${showCreated ? fit(createdAgo(entry.created, now), createdWidth) + '  ' : ''}${bar(total > 0 ? entry.size / total : 0, barWidth)}  ${entry.createdBy || entry.comment}`;
					return (
						<Text key={offset + index} wrap="truncate-end" inverse={selected} dimColor={entry.size === 0 && !selected}>
							{line}
						</Text>
					);
				})
			)}
		</Box>
	);
}
