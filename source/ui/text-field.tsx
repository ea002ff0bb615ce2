// One text field's drawing: the value, the cursor as an inverse cell, a selected
// (prefilled) value inverse as a whole. Editing is store/text-field.ts; keys, commands/.
// At most `width` cells of the value reach Ink (format/field-window.ts): a pasted
// megabyte is drawn as fast as a word.
import {Text} from 'ink';
import React from 'react';
import {clip} from '../format/clip.ts';
import {fieldWindow} from '../format/field-window.ts';
import type {Caret} from '../store/text-field.ts';

type Props = {value: string; caret?: Caret; hidden?: boolean; color?: string; /** Cells the field may take. */ width: number};

/** A search or filter field's cells on a line of `width` that also shows a count and hints after it. */
export const filterWidth = (width: number) => Math.max(10, width - 32);

export function TextField({value, caret, hidden, color, width}: Props) {
	const shown = hidden ? '•'.repeat(value.length) : value;
	if (!caret) {
		return <Text color={color}>{clip(shown, width)}</Text>;
	}

	if (caret.selected) {
		return <Text inverse color={color}>{clip(shown, width)}</Text>;
	}

	const window = fieldWindow(shown, caret.cursor, width);
	return (
		<Text color={color}>
			{window.cutStart ? '…' : ''}
			{window.before}
			<Text inverse>{window.under}</Text>
			{window.after}
			{window.cutEnd ? '…' : ''}
		</Text>
	);
}
