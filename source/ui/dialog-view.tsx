import {Box, Text} from 'ink';
import React from 'react';
import type {Dialog} from '../store/dialog.ts';

type Props = {dialog: Exclude<Dialog, {kind: 'none'}>; width: number; height: number};

function Footer({dialog}: {dialog: Props['dialog']}) {
	switch (dialog.kind) {
		case 'form': {
			return <Text dimColor>{dialog.busy ? 'Working…' : `Enter ${dialog.purpose === 'login' ? 'log in' : 'go'} · Tab/Shift-Tab next/previous field · Esc cancel`}</Text>;
		}

		case 'confirm': {
			const extra = dialog.extraKey ? ` · ${dialog.extraKey.key} ${dialog.extraKey.label}` : '';
			return dialog.requireWord
				? <Text>{`Type ${dialog.requireWord} and Enter to go ahead · Esc cancel${extra}   `}<Text color="yellow">{dialog.typed}</Text><Text inverse> </Text></Text>
				: <Text>{`y yes · n or Esc no${extra}`}</Text>;
		}

		case 'choose': {
			return <Text dimColor>↑↓ choose · Enter go · Esc cancel</Text>;
		}
	}
}

export function DialogView({dialog, width, height}: Props) {
	const inner = Math.max(width - 4, 10);
	let body: React.ReactNode;
	if (dialog.kind === 'form') {
		const labelWidth = Math.max(...dialog.fields.map(field => field.label.length)) + 2;
		body = dialog.fields.map((field, index) => {
			const focused = index === dialog.focus;
			const value = field.hidden ? '•'.repeat(field.value.length) : field.value;
			return (
				<Text key={field.name} wrap="truncate-start">
					<Text color={focused ? 'cyan' : undefined} bold={focused}>{`${focused ? '›' : ' '} ${field.label.padEnd(labelWidth)}`}</Text>
					{field.toggle ? <Text inverse={focused}>{field.value === 'yes' ? '[x]' : '[ ]'}</Text> : <Text>{value}</Text>}
					{focused && !field.toggle ? <Text inverse> </Text> : null}
				</Text>
			);
		});
	} else if (dialog.kind === 'confirm') {
		body = dialog.lines.slice(0, Math.max(height - 6, 1)).map((line, index) => (
			<Text key={index} wrap="truncate-end">{line}</Text>
		));
	} else {
		body = dialog.options.map((option, index) => (
			<Text key={option} inverse={index === dialog.cursor} wrap="truncate-end">{` ${option} `}</Text>
		));
	}

	const note = dialog.kind === 'form' ? dialog.note : undefined;
	const error = dialog.kind === 'form' || dialog.kind === 'confirm' ? dialog.error : undefined;
	return (
		<Box flexDirection="column" borderStyle="round" borderColor={dialog.kind === 'confirm' ? 'yellow' : 'cyan'} paddingX={1} width={width}>
			<Text bold wrap="truncate-end">{dialog.title}</Text>
			<Box flexDirection="column" width={inner}>{body}</Box>
			{note ? <Text dimColor wrap="truncate-end">{note}</Text> : null}
			{error ? <Text color="red" wrap="wrap">{error}</Text> : null}
			<Footer dialog={dialog}/>
		</Box>
	);
}
