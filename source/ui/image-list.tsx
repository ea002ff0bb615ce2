import {Box, Text} from 'ink';
import React, {memo, useMemo} from 'react';
import type {ImageRow} from '../store/image-rows.ts';
import {headerLine, layoutColumns, rowLine, type Measure} from './image-columns.ts';
import {clip} from '../format/clip.ts';
import {useScrollOffset} from './use-scroll-offset.ts';

type Props = {
	rows: readonly ImageRow[];
	/** Widths measured over all rows before filtering, so columns don't jump while filtering. */
	measured: Measure;
	selected: number;
	marked: ReadonlySet<string>;
	/** Image rows opened into platform rows. */
	expanded: ReadonlySet<string>;
	height: number;
	width: number;
	focused: boolean;
	/** Shown instead of rows: loading, an error, nothing matches. */
	message?: {text: string; tone: 'info' | 'error'};
	now: number;
	/** Not current (the engine is away, a refresh failed): every row dimmed. */
	stale?: boolean;
	/** repo:tag references whose registry has a newer digest: marked ↑. */
	newer?: ReadonlySet<string>;
};

const Row = memo(function Row({line, selected, focused, dim, mark}: {line: string; selected: boolean; focused: boolean; dim: boolean; mark: boolean}) {
	return (
		<Text wrap="truncate-end" inverse={selected && focused} bold={selected || mark} dimColor={dim && !selected && !mark} color={mark ? 'magenta' : selected && !focused ? 'cyan' : undefined}>
			{line}
		</Text>
	);
});

export function ImageList({rows, measured, selected, marked, expanded, height, width, focused, message, now, stale = false, newer}: Props) {
	const columns = useMemo(() => layoutColumns(width, measured), [width, measured]);
	const bodyHeight = Math.max(height - 1, 0);
	const offset = useScrollOffset(selected, rows.length, bodyHeight);
	const header = headerLine(columns);
	// Mount only the rows that fit: 10,000 images cost what a screenful costs.
	const visible = rows.slice(offset, offset + bodyHeight);
	return (
		<Box flexDirection="column" height={height} width={width} overflow="hidden">
			{height > 0 ? <Text bold dimColor wrap="truncate-end">{header}</Text> : null}
			{message ? (
				<Text wrap="wrap" color={message.tone === 'error' ? 'red' : undefined}>{clip(message.text, width * 4)}</Text>
			) : (
				visible.map((row, index) => (
					<Row
						key={row.key}
						line={rowLine(row, columns, now, expanded.has(row.key), marked.has(row.key), !row.platform && newer?.has(`${row.repository}:${row.tag}`) === true)}
						mark={marked.has(row.key)}
						selected={offset + index === selected}
						focused={focused}
						dim={stale || row.untagged || row.platform?.manifest.available === false}
					/>
				))
			)}
		</Box>
	);
}
