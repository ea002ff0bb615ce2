import {Text} from 'ink';
import React from 'react';
import {paneRule} from './text.ts';

type Props = {title: string; detail?: string; focused: boolean; width: number};

/** A pane's one-line top rule: "── Images (12) ── sort: created ─────". */
export function PaneTitle({title, detail, focused, width}: Props) {
	const [head, tail, rule] = paneRule(title, detail, width);
	return (
		<Text wrap="truncate-end" color={focused ? 'cyan' : 'gray'} bold={focused}>
			{head}
			{tail}
			{rule}
		</Text>
	);
}
