import {Box, Text} from 'ink';
import SelectInput from 'ink-select-input';
import React from 'react';
import type {Dialog, Field} from '../store/dialog.ts';
import type {Caret} from '../store/text-field.ts';
import {clip} from '../format/clip.ts';
import {TextField} from './text-field.tsx';

type Props = {
	dialog: Exclude<Dialog, {kind: 'none'}>;
	caret: Caret;
	/** The footer's keys, from the command registry. */
	hints: readonly string[];
	width: number;
	height: number;
};

/** Every choice in a row, the current one marked: Space moves the mark. */
function Choices({field, focused}: {field: Field; focused: boolean}) {
	return field.choices!.map((choice, index) => (
		<Text key={choice}>
			{index > 0 ? ' ' : ''}
			<Text inverse={focused && choice === field.value} bold={choice === field.value} dimColor={choice !== field.value}>{choice === field.value ? `(•) ${choice}` : `( ) ${choice}`}</Text>
		</Text>
	));
}

function Body({dialog, caret, height, width}: Props) {
	const inner = Math.max(width - 4, 10);
	switch (dialog.kind) {
		case 'form': {
			const labelWidth = Math.max(...dialog.fields.map(field => field.label.length)) + 2;
			return dialog.fields.map((field, index) => {
				const focused = index === dialog.focus;
				return (
					<Text key={field.name} wrap="truncate-start">
						<Text color={focused ? 'cyan' : undefined} bold={focused}>{`${focused ? '›' : ' '} ${field.label.padEnd(labelWidth)}`}</Text>
						{field.choices ? <Choices field={field} focused={focused}/> : field.toggle ? <Text inverse={focused}>{field.value === 'yes' ? '[x]' : '[ ]'}</Text> : <TextField value={field.value} hidden={field.hidden} caret={focused ? caret : undefined} width={inner - labelWidth - 2}/>}
					</Text>
				);
			});
		}

		case 'confirm': {
			return dialog.lines.slice(0, Math.max(height - 6, 1)).map((line, index) => (
				<Text key={index} wrap="truncate-end">{clip(line, inner) || ' '}</Text>
			));
		}

		case 'choose': {
			// Drawn by ink-select-input, moved by the key owner: its own keys read a stale index
			// when ↓ and Enter come in one burst, so it takes none (isFocused false) and shows our cursor.
			const items = dialog.options.map((label, index) => ({key: String(index), label: clip(label, inner - 2), value: index}));
			return <SelectInput key={dialog.cursor} items={items} initialIndex={dialog.cursor} isFocused={false} limit={Math.max(height - 5, 1)}/>;
		}
	}
}

export function DialogView(props: Props) {
	const {dialog, caret, hints, width} = props;
	const inner = Math.max(width - 4, 10);
	const note = dialog.kind === 'form' ? dialog.note : undefined;
	const error = dialog.kind === 'form' || dialog.kind === 'confirm' ? dialog.error : undefined;
	const busy = dialog.kind === 'form' && dialog.busy;
	return (
		<Box flexDirection="column" borderStyle="round" borderColor={dialog.kind === 'confirm' ? 'yellow' : 'cyan'} paddingX={1} width={width}>
			<Text bold wrap="truncate-end">{clip(dialog.title, inner)}</Text>
			<Box flexDirection="column" width={inner}><Body {...props}/></Box>
			{note ? <Text dimColor wrap="truncate-end">{clip(note, inner)}</Text> : null}
			{/* An engine's error is read whole, up to a few lines. */}
			{error ? <Text color="red" wrap="wrap">{clip(error, inner * 4)}</Text> : null}
			{dialog.kind === 'confirm' && dialog.requireWord ? (
				<Text>
					{`Type ${dialog.requireWord}: `}
					<TextField value={dialog.typed} caret={caret} color="yellow" width={inner - dialog.requireWord.length - 7}/>
				</Text>
			) : null}
			<Text dimColor wrap="truncate-end">{busy ? 'Working…' : hints.join(' · ')}</Text>
		</Box>
	);
}
