import {Text} from 'ink';
import React from 'react';
import {clip} from '../format/clip.ts';

type Props = {title: string; detail?: string; focused: boolean; width: number};

/** A pane's one-line top rule: "── Images (12) ── sort: created ─────". */
export function PaneTitle({title, detail, focused, width}: Props) {
	const head = clip(`─ ${title} `, width);
	const tail = detail ? clip(`─ ${detail} `, Math.max(width - head.length, 0)) : '';
	const rule = '─'.repeat(Math.max(0, width - head.length - tail.length));
	return (
		<Text wrap="truncate-end" color={focused ? 'cyan' : 'gray'} bold={focused}>
			{head}
			{tail}
			{rule}
		</Text>
	);
}
