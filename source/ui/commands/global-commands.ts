// What works wherever no dialog or text field holds the keys.
import {commandTable} from './command.ts';
import {char, ctrl} from './key-binding.ts';
import {helpLines} from './help-lines.ts';
import {quitDialog, runningJobs} from '../../store/quit.ts';

export const globalCommands = commandTable({
	help: {keys: [char('?')], scope: {mode: 'global'}, description: 'Help: every key, drawn from the table the keys are matched against', hint: 'help', run: ({store, state}) => store.dispatch({type: 'openHelp', lines: helpLines(state.viewport.columns)})},
	reload: {keys: [ctrl('r')], scope: {mode: 'global'}, description: 'Reload everything (and ask the registries again for the ↑ newer marks)', run({controller, store, actions}) {
		controller.reload();
		actions.registry.recheck();
		store.dispatch({type: 'flash', text: 'Reloading…', tone: 'info'});
	}},
	quit: {keys: [char('q')], scope: {mode: 'global'}, description: 'Quit, restoring the terminal; with jobs running, asks first (y cancels them and quits)', hint: 'quit', run({state, store, hosts, exit}) {
		const running = hosts?.runningJobs() ?? runningJobs(state.jobs);
		if (running.length === 0) {
			exit();
		} else {
			store.dispatch({type: 'openDialog', dialog: quitDialog(running)});
		}
	}},
	// As docker and k9s do: at once, no question; running jobs are cancelled and cleaned up (exit status 130).
	interrupt: {keys: [ctrl('c')], scope: {mode: 'always'}, description: 'Quit at once, from anywhere (even a dialog): cancels running jobs, removes their partial files', run({store, exit}) {
		store.dispatch({type: 'quitRequest', interrupt: true});
		exit();
	}},
});
