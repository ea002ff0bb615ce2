// Text entry: the prompts that own a text field (filter, search, the explorer's filter),
// and the field's editing keys, the same in every field and form.
import type {TextEdit} from '../../store/text-field.ts';
import {commandTable, type CommandContext} from './command.ts';
import {backspace, ctrl, down, end, enter, escape, home, left, printable, right, up} from './key-binding.ts';

const text = {mode: 'text'} as const;
const edit = (change: TextEdit) => ({store}: CommandContext) => store.dispatch({type: 'textEdit', edit: change});

export const textCommands = commandTable({
	filterKeep: {keys: [enter], scope: {mode: 'filter'}, description: 'Keep the filter', hint: 'keep', run: ({store}) => store.dispatch({type: 'filterCommit'})},
	filterClear: {keys: [escape], scope: {mode: 'filter'}, description: 'Clear the filter', hint: 'clear', run: ({store}) => store.dispatch({type: 'filterCancel'})},
	filterUp: {keys: [up], scope: {mode: 'filter'}, description: 'Move the selection up while filtering', run: ({store}) => store.dispatch({type: 'move', delta: -1})},
	filterDown: {keys: [down], scope: {mode: 'filter'}, description: 'Move the selection down while filtering', run: ({store}) => store.dispatch({type: 'move', delta: 1})},
	searchKeep: {keys: [enter], scope: {mode: 'search'}, description: 'Stay on this match (n N for the next ones)', hint: 'keep', run: ({store}) => store.dispatch({type: 'searchCommit'})},
	searchCancel: {keys: [escape], scope: {mode: 'search'}, description: 'Cancel the search', hint: 'cancel', run: ({store}) => store.dispatch({type: 'searchCancel'})},
	explorerFilterKeep: {keys: [enter], scope: {mode: 'explorerFilter'}, description: 'Keep the path filter', hint: 'keep', run: ({store}) => store.dispatch({type: 'explorerFilterEnd', keep: true})},
	explorerFilterClear: {keys: [escape], scope: {mode: 'explorerFilter'}, description: 'Clear the path filter', hint: 'clear', run: ({store}) => store.dispatch({type: 'explorerFilterEnd', keep: false})},
	compareFilterKeep: {keys: [enter], scope: {mode: 'compareFilter'}, description: 'Keep the path filter', hint: 'keep', run: ({store}) => store.dispatch({type: 'compareFilterEnd', keep: true})},
	compareFilterClear: {keys: [escape], scope: {mode: 'compareFilter'}, description: 'Clear the path filter', hint: 'clear', run: ({store}) => store.dispatch({type: 'compareFilterEnd', keep: false})},
	cursorLeft: {keys: [left], scope: text, description: 'Cursor left (on a selected value: to its start)', run: edit({type: 'left'})},
	cursorRight: {keys: [right], scope: text, description: 'Cursor right (on a selected value: keep it, to its end)', run: edit({type: 'right'})},
	cursorHome: {keys: [home, ctrl('a')], scope: text, description: 'Cursor to the start', run: edit({type: 'home'})},
	cursorEnd: {keys: [end, ctrl('e')], scope: text, description: 'Cursor to the end (keeps a selected value)', run: edit({type: 'end'})},
	deleteBack: {keys: [backspace], scope: text, description: 'Delete the character before the cursor', run: edit({type: 'backspace'})},
	deleteForward: {keys: [ctrl('d')], scope: text, description: 'Delete the character under the cursor', run: edit({type: 'deleteForward'})},
	deleteWord: {keys: [ctrl('w')], scope: text, description: 'Delete the word before the cursor', run: edit({type: 'deleteWordBack'})},
	clearToStart: {keys: [ctrl('u')], scope: text, description: 'Delete to the start of the field', hint: 'clear', run: edit({type: 'killToStart'})},
	clearToEnd: {keys: [ctrl('k')], scope: text, description: 'Delete to the end of the field', run: edit({type: 'killToEnd'})},
	insert: {keys: [printable], scope: text, description: 'Type or paste (a selected value is replaced by what is typed)', run: ({store, input}) => store.dispatch({type: 'textEdit', edit: {type: 'insert', text: input}})},
});
