// The image list and the panes beside it: moving, and the keys that act on the selection.
import {selectedRow} from '../../store/selectors.ts';
import {platformsUnavailable} from '../../store/platform-rows.ts';
import {commandTable, type CommandContext} from './command.ts';
import {char, down, end, enter, escape, home, left, pageDown, pageUp, right, shiftTab, space, tab, up} from './key-binding.ts';

const list = {mode: 'list'} as const;
const page = ({state, page}: CommandContext) => Math.max(state.focus === 'history' ? page.history : page.list, 1);

export const listCommands = commandTable({
	up: {keys: [up, char('k')], scope: list, description: 'Move the selection up (in the focused pane)', hint: 'move', run: ({store}) => store.dispatch({type: 'move', delta: -1})},
	down: {keys: [down, char('j')], scope: list, description: 'Move the selection down', run: ({store}) => store.dispatch({type: 'move', delta: 1})},
	pageUp: {keys: [pageUp], scope: list, description: 'Page up', run: context => context.store.dispatch({type: 'move', delta: -page(context)})},
	pageDown: {keys: [pageDown], scope: list, description: 'Page down', run: context => context.store.dispatch({type: 'move', delta: page(context)})},
	first: {keys: [home, char('g')], scope: list, description: 'Jump to the first row', run: ({store}) => store.dispatch({type: 'moveTo', where: 'start'})},
	last: {keys: [end, char('G')], scope: list, description: 'Jump to the last row', run: ({store}) => store.dispatch({type: 'moveTo', where: 'end'})},
	focusNext: {keys: [tab], scope: list, description: 'Focus the next pane', hint: 'pane', run: ({store}) => store.dispatch({type: 'focus', step: 1})},
	focusPrev: {keys: [shiftTab], scope: list, description: 'Focus the previous pane', run: ({store}) => store.dispatch({type: 'focus', step: -1})},
	inspectImage: {keys: [enter, char('i')], scope: {mode: 'list', pane: 'images'}, description: 'Inspect the selected image: its full JSON', hint: 'inspect', run: ({controller}) => controller.inspectSelected()},
	inspectStep: {keys: [enter, char('i')], scope: {mode: 'list', pane: 'history'}, description: 'The focused history step in full', hint: 'step', run: ({controller}) => controller.inspectStep()},
	jobLog: {keys: [enter, char('i')], scope: {mode: 'list', pane: 'jobs'}, description: "The focused job's whole log", hint: 'log', run: ({controller}) => controller.inspectJob()},
	filter: {keys: [char('/')], scope: list, description: 'Filter the list as you type (repo:tag or ID)', hint: 'filter', run: ({store}) => store.dispatch({type: 'filterStart'})},
	clearFilter: {keys: [escape], scope: list, description: 'Clear the filter', enabled: state => state.filter !== '', run: ({store}) => store.dispatch({type: 'filterCancel'})},
	sort: {keys: [char('s')], scope: list, description: 'Cycle the sort: created, size, name', hint: 'sort', run: ({store}) => store.dispatch({type: 'sortNext'})},
	expandPlatforms: {keys: [right], scope: {mode: 'list', pane: 'images'}, description: 'Open a multi-platform image into one row per platform: ID, disk usage, content size, present or not', hint: 'platforms', run({state, store}) {
		const why = platformsUnavailable(selectedRow(state), state.connection.status === 'connected' ? state.connection.info.pinnedApiVersion : undefined);
		store.dispatch(why ? {type: 'flash', text: why, tone: 'info'} : {type: 'expandPlatforms'});
	}},
	collapsePlatforms: {keys: [left], scope: {mode: 'list', pane: 'images'}, description: 'Close the platform rows again, from the image or one of its platforms', run: ({store}) => store.dispatch({type: 'collapsePlatforms'})},
	toggleUntagged: {keys: [char('u')], scope: list, description: 'Show or hide untagged (<none>) images', run: ({store}) => store.dispatch({type: 'toggleUntagged'})},
	copyId: {keys: [char('y')], scope: list, description: "Copy the selected image's full ID (OSC 52)", run({state, store, write}) {
		const row = selectedRow(state);
		if (row) {
			// OSC 52: the terminal puts it on the clipboard, even over SSH.
			write(`\u001B]52;c;${Buffer.from(row.id).toString('base64')}\u0007`);
			store.dispatch({type: 'flash', text: `Copied ${row.id} to the clipboard`, tone: 'info'});
		}
	}},
	mark: {keys: [space], scope: list, description: 'Mark or unmark the selected image and move on', run: ({store}) => store.dispatch({type: 'toggleMark'})},
	markAll: {keys: [char('a')], scope: list, description: 'Mark every visible image', run: ({store}) => store.dispatch({type: 'markAll'})},
	clearMarks: {keys: [char('A')], scope: list, description: 'Clear the marks (the registry tag\'s too)', run: ({store}) => store.dispatch({type: 'clearAllMarks'})},
	pull: {keys: [char('p')], scope: list, description: 'Pull an image by reference', run: ({actions}) => actions.openPull()},
	push: {keys: [char('P')], scope: list, description: 'Push the selected tag (or the marked images)', run: ({actions}) => actions.openPush()},
	tag: {keys: [char('t')], scope: list, description: 'Tag the selected image with a new reference (or rename it)', run: ({actions}) => actions.openTag()},
	delete: {keys: [char('d')], scope: list, description: 'Delete the selected image (or the marked ones), after a confirmation', run: ({actions}) => void actions.openDelete()},
	pruneDangling: {keys: [char('x')], scope: list, description: 'Prune dangling images (with a preview)', run: ({actions}) => void actions.openPruneDangling()},
	pruneAll: {keys: [char('X')], scope: list, description: 'Prune everything unused: containers, networks, images, build cache', run: ({actions}) => void actions.openPruneAll()},
	build: {keys: [char('b')], scope: list, description: 'Build an image from a context directory', run: ({actions}) => actions.openBuild()},
	save: {keys: [char('S')], scope: list, description: 'Save the selected (or marked) images to a tar', run: ({actions}) => actions.openSave()},
	load: {keys: [char('L')], scope: list, description: 'Load images from a tar', run: ({actions}) => actions.openLoad()},
	login: {keys: [char('l')], scope: list, description: 'Log in to a registry', run: ({actions}) => actions.openLogin()},
	run: {keys: [char('r')], scope: list, description: 'Run the selected image with a terminal (docker run -it --rm)', run: ({actions}) => actions.requestRun()},
	compare: {keys: [char('=')], scope: list, description: 'Compare the two marked images (Space marks), or one marked image with the tag marked in the registry browser: files added, removed and changed, the history side by side', hint: 'compare', run: ({actions}) => actions.openCompare()},
	copyToHost: {keys: [char('C')], scope: list, description: 'Copy the selected (or marked) images to another open host', run: ({actions}) => actions.openCopy()},
	advise: {keys: [char('o')], scope: list, description: 'Optimization advisor for the selected image', run: ({actions}) => actions.openAdvisor()},
	explore: {keys: [char('e')], scope: {mode: 'list', pane: 'history'}, description: 'Layer explorer for the focused history step: its files by size', hint: 'explore', run: ({actions}) => actions.exploreStep()},
	cancelJob: {keys: [char('K')], scope: {mode: 'list', pane: 'jobs'}, description: 'Cancel the focused job', hint: 'cancel', run: ({actions}) => actions.cancelJob()},
	switchHost: {keys: [char('c')], scope: list, description: 'Contexts and hosts: switch, or open several side by side', run: ({hosts}) => hosts?.openSwitcher()},
	nextHost: {keys: [char(']')], scope: list, description: 'Show the next open host', run: ({hosts}) => hosts?.step(1)},
	prevHost: {keys: [char('[')], scope: list, description: 'Show the previous open host', run: ({hosts}) => hosts?.step(-1)},
});
