import {Box, Text} from 'ink';
import React from 'react';
import type {State} from '../store/state.ts';
import {essentialHints, statusHints} from './commands/help-lines.ts';
import {clip} from '../format/clip.ts';
import {filterWidth, TextField} from './text-field.tsx';

type Props = {state: State; shown: number; total: number; width: number};

/** The bottom line: the filter being typed, a message, or where things stand; `? help · q quit` always at the right. */
export function StatusBar({state, shown, total, width}: Props) {
	let left: React.ReactNode;
	if (state.filterEditing) {
		left = (
			<Text wrap="truncate-end">
				<Text color="cyan">/</Text>
				<TextField value={state.filter} caret={state.caret} width={filterWidth(width)}/>
				<Text dimColor>{`  ${shown} of ${total} · ${statusHints(state).join(' · ')}`}</Text>
			</Text>
		);
	} else if (state.flash) {
		left = <Text wrap="truncate-end" color={state.flash.tone === 'error' ? 'red' : 'green'}>{clip(state.flash.text, width)}</Text>;
	} else if (state.overlay.kind === 'registry') {
		// The browser's own line says its sort and filter; the image list's are not on screen.
		left = <Text wrap="truncate-end" dimColor>{clip(statusHints(state).join(' · '), width)}</Text>;
	} else {
		const parts = [`sort: ${state.sort}`];
		if (state.filter) {
			parts.push(`filter: ${state.filter} (${shown} of ${total})`);
		}

		if (!state.showUntagged) {
			parts.push('untagged hidden');
		}

		left = <Text wrap="truncate-end" dimColor>{clip(`${parts.join(' · ')}   ${statusHints(state).join(' · ')}`, width)}</Text>;
	}

	return (
		<Box width={width} height={1} flexShrink={0}>
			<Box flexGrow={1} flexShrink={1} height={1} overflow="hidden">{left}</Box>
			<Box flexShrink={0}><Text dimColor>{`  ${essentialHints}`}</Text></Box>
		</Box>
	);
}
