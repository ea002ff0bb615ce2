import {Box, Text} from 'ink';
import React from 'react';
import type {OverlayPage} from '../store/overlay-page.ts';
import type {Overlay} from '../store/state.ts';
import type {Caret} from '../store/text-field.ts';
import {clip} from '../format/clip.ts';
import {filterWidth, TextField} from './text-field.tsx';

type Props = {overlay: Extract<Overlay, {kind: 'inspect'}>; view: OverlayPage; hints: readonly string[]; caret: Caret; height: number; width: number};

export function InspectOverlay({overlay, view, hints, caret, height, width}: Props) {
	const {lines, top, page} = view;
	const needle = overlay.search.toLowerCase();
	const position = `${Math.min(top + 1, lines.length)}–${Math.min(top + page, lines.length)}/${lines.length}`;
	const notFound = overlay.search !== '' && overlay.match === -1;
	return (
		<Box flexDirection="column" height={height} width={width} overflow="hidden">
			<Text bold color="cyan" wrap="truncate-end">{clip(`Inspect ${overlay.title}`, width)}</Text>
			{overlay.error ? <Text color="red" wrap="truncate-end">{clip(overlay.error, width)}</Text> : null}
			{!overlay.lines && !overlay.error ? <Text>Loading…</Text> : null}
			<Box flexDirection="column" height={page} overflow="hidden">
				{lines.slice(top, top + page).map((whole, index) => {
					const line = clip(whole, width);
					const hit = needle !== '' && line.toLowerCase().includes(needle);
					return (
						<Text key={top + index} wrap="truncate-end" inverse={top + index === overlay.match} color={hit ? 'yellow' : undefined}>
							{line}
						</Text>
					);
				})}
			</Box>
			{overlay.searching ? (
				<Text wrap="truncate-end">
					<Text color="cyan">/</Text>
					<TextField value={overlay.search} caret={caret} width={filterWidth(width)}/>
					{notFound ? <Text color="red">{`  not found: ${clip(overlay.search, width)}`}</Text> : null}
					<Text dimColor>{`  ${hints.join(' · ')}`}</Text>
				</Text>
			) : (
				<Text wrap="truncate-end">
					{notFound ? <Text color="red">{`not found: ${clip(overlay.search, width)}  `}</Text> : null}
					<Text dimColor>{`${position}  ${hints.join(' · ')}`}</Text>
				</Text>
			)}
		</Box>
	);
}
