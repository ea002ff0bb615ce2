import {Box, Text} from 'ink';
import React from 'react';
import type {Overlay} from '../store/state.ts';

/** Long lines cut into screen-wide pieces, for text that must be read whole. */
function wrapLines(lines: readonly string[], width: number): string[] {
	const size = Math.max(width - 1, 10);
	return lines.flatMap(line => (line.length <= size ? [line] : Array.from({length: Math.ceil(line.length / size)}, (_, index) => line.slice(index * size, (index + 1) * size))));
}

type Props = {overlay: Extract<Overlay, {kind: 'inspect'}>; height: number; width: number};

export function InspectOverlay({overlay, height, width}: Props) {
	const body = Math.max(height - 2, 1);
	const lines = overlay.wrap ? wrapLines(overlay.lines ?? [], width) : overlay.lines ?? [];
	const needle = overlay.search.toLowerCase();
	let footer = `${Math.min(overlay.scroll + 1, lines.length)}/${lines.length}  ↑↓ PgUp PgDn scroll · / search · n N next/prev · Esc close`;
	if (overlay.searching) {
		footer = `/${overlay.search}▏`;
	}

	return (
		<Box flexDirection="column" height={height} width={width} overflow="hidden">
			<Text bold color="cyan" wrap="truncate-end">{`Inspect ${overlay.title}`}</Text>
			{overlay.error ? <Text color="red">{overlay.error}</Text> : null}
			{!overlay.lines && !overlay.error ? <Text>Loading…</Text> : null}
			<Box flexDirection="column" height={body} overflow="hidden">
				{lines.slice(overlay.scroll, overlay.scroll + body).map((line, index) => {
					const hit = needle !== '' && line.toLowerCase().includes(needle);
					return (
						<Text key={overlay.scroll + index} wrap="truncate-end" inverse={hit && index === 0} color={hit ? 'yellow' : undefined}>
							{line}
						</Text>
					);
				})}
			</Box>
			<Text dimColor={!overlay.searching} wrap="truncate-end">{footer}</Text>
		</Box>
	);
}
