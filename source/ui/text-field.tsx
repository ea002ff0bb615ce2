// One text field's drawing: the value, the cursor as an inverse cell, a selected
// (prefilled) value inverse as a whole. Editing is store/text-field.ts; keys, commands/.
import {Text} from 'ink';
import React from 'react';
import type {Caret} from '../store/text-field.ts';

type Props = {value: string; caret?: Caret; hidden?: boolean; color?: string};

export function TextField({value, caret, hidden, color}: Props) {
	const shown = hidden ? '•'.repeat(value.length) : value;
	if (!caret) {
		return <Text color={color}>{shown}</Text>;
	}

	if (caret.selected) {
		return <Text inverse color={color}>{shown}</Text>;
	}

	const at = Math.min(caret.cursor, shown.length);
	// The whole character under the cursor: both halves of a surrogate pair (an emoji).
	const under = at < shown.length ? String.fromCodePoint(shown.codePointAt(at)!) : ' ';
	return (
		<Text color={color}>
			{shown.slice(0, at)}
			<Text inverse>{under}</Text>
			{shown.slice(at + under.length)}
		</Text>
	);
}
