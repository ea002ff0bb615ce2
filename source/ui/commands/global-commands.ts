// What works wherever no dialog or text field holds the keys.
import {commandTable} from './command.ts';
import {char, ctrl} from './key-binding.ts';
import {helpLines} from './help-lines.ts';

export const globalCommands = commandTable({
	help: {keys: [char('?')], scope: {mode: 'global'}, description: 'Help: every key, drawn from the table the keys are matched against', hint: 'help', run: ({store}) => store.dispatch({type: 'openHelp', lines: helpLines()})},
	reload: {keys: [ctrl('r')], scope: {mode: 'global'}, description: 'Reload everything', run({controller, store}) {
		controller.reload();
		store.dispatch({type: 'flash', text: 'Reloading…', tone: 'info'});
	}},
	quit: {keys: [char('q')], scope: {mode: 'global'}, description: 'Quit, restoring the terminal', hint: 'quit', run: ({exit}) => exit()},
	interrupt: {keys: [ctrl('c')], scope: {mode: 'always'}, description: 'Quit, from anywhere (even a dialog)', run: ({exit}) => exit()},
});
