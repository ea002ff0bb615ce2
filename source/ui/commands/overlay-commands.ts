// Help, inspect, the advisor and the layer explorer: scroll, search or filter, scan, close.
import {overlayPage} from '../../store/overlay-page.ts';
import type {State} from '../../store/state.ts';
import {commandTable, type CommandContext} from './command.ts';
import {char, down, end, enter, escape, home, left, pageDown, pageUp, right, up} from './key-binding.ts';

const overlay = {mode: 'overlay'} as const;
const scroll = (delta: (page: number) => number) => ({state, store}: CommandContext) => {
	store.dispatch({type: 'overlayScroll', delta: delta(overlayPage(state)?.page ?? 1)});
};

const explorer = {mode: 'explorer'} as const;
const cursor = (delta: (page: number) => number) => ({state, store}: CommandContext) => {
	const page = overlayPage(state)?.page ?? 1;
	store.dispatch({type: 'explorerCursor', delta: delta(page), page});
};

const compareCursor = (delta: (page: number) => number) => ({state, store}: CommandContext) => {
	const page = overlayPage(state)?.page ?? 1;
	store.dispatch({type: 'compareCursor', delta: delta(page), page});
};

const scanning = (state: State) => state.jobs.some(job => job.kind === 'scan' && job.status === 'running');

export const overlayCommands = commandTable({
	scrollUp: {keys: [up, char('k')], scope: overlay, description: 'Scroll up', hint: 'scroll', run: scroll(() => -1)},
	scrollDown: {keys: [down, char('j')], scope: overlay, description: 'Scroll down', run: scroll(() => 1)},
	scrollPageUp: {keys: [pageUp], scope: overlay, description: 'Page up', run: scroll(page => -page)},
	scrollPageDown: {keys: [pageDown], scope: overlay, description: 'Page down', run: scroll(page => page)},
	scrollTop: {keys: [home, char('g')], scope: overlay, description: 'To the top', run: ({store}) => store.dispatch({type: 'overlayScrollTo', where: 'start'})},
	scrollBottom: {keys: [end, char('G')], scope: overlay, description: 'To the end', run: ({store}) => store.dispatch({type: 'overlayScrollTo', where: 'end'})},
	close: {keys: [escape], scope: overlay, description: 'Close', hint: 'close', run: ({store}) => store.dispatch({type: 'closeOverlay'})},
	closeHelp: {keys: [char('?')], scope: {mode: 'help'}, description: 'Close the help', run: ({store}) => store.dispatch({type: 'closeOverlay'})},
	search: {keys: [char('/')], scope: {mode: 'inspect'}, description: 'Search', hint: 'search', run: ({store}) => store.dispatch({type: 'searchStart'})},
	searchNext: {keys: [char('n')], scope: {mode: 'inspect'}, description: 'Next search match', hint: state => (state.overlay.kind === 'inspect' && state.overlay.search ? 'next' : undefined), run: ({store}) => store.dispatch({type: 'searchNext', direction: 1})},
	searchPrev: {keys: [char('N')], scope: {mode: 'inspect'}, description: 'Previous search match', run: ({store}) => store.dispatch({type: 'searchNext', direction: -1})},
	deepScan: {keys: [char('D')], scope: {mode: 'advisor'}, description: 'Deep scan: exact paths and bytes, as a job', hint: state => (scanning(state) ? undefined : 'deep scan'), run: ({actions}) => actions.deepScanShown()},
	cancelScan: {keys: [char('K')], scope: {mode: 'advisor'}, description: 'Cancel the deep scan', enabled: scanning, hint: state => (scanning(state) ? 'cancel scan' : undefined), run: ({actions}) => actions.cancelScan()},
	explorerScan: {keys: [char('D')], scope: {mode: 'explorer'}, description: 'Deep scan the image again', run: ({actions}) => actions.deepScanShown()},
	explorerCancelScan: {keys: [char('K')], scope: {mode: 'explorer'}, description: 'Cancel the deep scan', enabled: scanning, hint: state => (scanning(state) ? 'cancel scan' : undefined), run: ({actions}) => actions.cancelScan()},
	explorerFilter: {keys: [char('/')], scope: {mode: 'explorer'}, description: 'Filter the files by path', hint: 'filter', run: ({store}) => store.dispatch({type: 'explorerFilterStart'})},
	toggleFinal: {keys: [char('f')], scope: {mode: 'explorer'}, description: "Switch between the step's changes and the filesystem as of the step", hint: state => (state.overlay.kind === 'explorer' && state.overlay.finalView ? "step's changes" : 'filesystem'), run: ({store}) => store.dispatch({type: 'explorerToggleFinal'})},
	explorerUp: {keys: [up, char('k')], scope: explorer, description: 'Cursor up', hint: 'move', run: cursor(() => -1)},
	explorerDown: {keys: [down, char('j')], scope: explorer, description: 'Cursor down', run: cursor(() => 1)},
	explorerPageUp: {keys: [pageUp], scope: explorer, description: 'Cursor a page up', run: cursor(page => -page)},
	explorerPageDown: {keys: [pageDown], scope: explorer, description: 'Cursor a page down', run: cursor(page => page)},
	explorerTop: {keys: [home, char('g')], scope: explorer, description: 'Cursor to the first line', run: cursor(() => -Number.MAX_SAFE_INTEGER)},
	explorerBottom: {keys: [end, char('G')], scope: explorer, description: 'Cursor to the last line', run: cursor(() => Number.MAX_SAFE_INTEGER)},
	explorerOpen: {keys: [enter], scope: explorer, description: 'Read the file under the cursor as of the step (text, or hex for binary; a link shows its target, a deleted path the step that deleted it)', hint: 'read', run: ({actions}) => actions.openFile()},
	explorerExtract: {keys: [char('x')], scope: explorer, description: 'Extract the file or directory under the cursor, as of the step, to a path you type (asks before overwriting)', hint: 'extract', run: ({actions}) => actions.openExtract()},
	compareUp: {keys: [up, char('k')], scope: {mode: 'compare'}, description: 'Cursor up', hint: 'move', run: compareCursor(() => -1)},
	compareDown: {keys: [down, char('j')], scope: {mode: 'compare'}, description: 'Cursor down', run: compareCursor(() => 1)},
	comparePageUp: {keys: [pageUp], scope: {mode: 'compare'}, description: 'Cursor a page up', run: compareCursor(page => -page)},
	comparePageDown: {keys: [pageDown], scope: {mode: 'compare'}, description: 'Cursor a page down', run: compareCursor(page => page)},
	compareTop: {keys: [home, char('g')], scope: {mode: 'compare'}, description: 'Cursor to the first line', run: compareCursor(() => -Number.MAX_SAFE_INTEGER)},
	compareBottom: {keys: [end, char('G')], scope: {mode: 'compare'}, description: 'Cursor to the last line', run: compareCursor(() => Number.MAX_SAFE_INTEGER)},
	compareClose: {keys: [escape], scope: {mode: 'compare'}, description: 'Close; a comparison still running is cancelled', hint: 'close', run: ({actions}) => actions.closeCompare()},
	compareOpen: {keys: [enter], scope: {mode: 'compare'}, description: 'The unified diff of the changed text file under the cursor', hint: 'diff', run: ({actions}) => actions.openCompareFile()},
	compareFilter: {keys: [char('/')], scope: {mode: 'compare'}, description: 'Filter the changed paths', hint: 'filter', run: ({store}) => store.dispatch({type: 'compareFilterStart'})},
	fileBack: {keys: [escape], scope: {mode: 'file'}, description: 'Back to the layer explorer (or the comparison)', hint: 'back', run: ({store}) => store.dispatch({type: 'fileClose'})},
	explorerPrevious: {keys: [left, char('[')], scope: {mode: 'explorer'}, description: 'The previous (older) history step, on the same path', hint: 'step', run: ({store}) => store.dispatch({type: 'explorerStep', delta: -1})},
	explorerNext: {keys: [right, char(']')], scope: {mode: 'explorer'}, description: 'The next (newer) history step, on the same path', run: ({store}) => store.dispatch({type: 'explorerStep', delta: 1})},
});
