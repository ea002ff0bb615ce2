import {Text} from 'ink';
import React from 'react';
import type {State} from '../store/state.ts';

type Props = {state: State; shown: number; total: number};

export function StatusBar({state, shown, total}: Props) {
	if (state.filterEditing) {
		return (
			<Text wrap="truncate-end">
				<Text color="cyan">/</Text>
				{state.filter}
				<Text inverse> </Text>
				<Text dimColor>{`  ${shown} of ${total} · Enter keep · Esc clear`}</Text>
			</Text>
		);
	}

	if (state.flash) {
		return <Text wrap="truncate-end" color={state.flash.tone === 'error' ? 'red' : 'green'}>{state.flash.text}</Text>;
	}

	const parts = [`sort: ${state.sort}`];
	if (state.filter) {
		parts.push(`filter: ${state.filter} (${shown} of ${total})`);
	}

	if (!state.showUntagged) {
		parts.push('untagged hidden');
	}

	return <Text wrap="truncate-end" dimColor>{`${parts.join(' · ')}   ↑↓ move · Tab pane · / filter · s sort · u untagged · Enter inspect · ? help · q quit`}</Text>;
}
