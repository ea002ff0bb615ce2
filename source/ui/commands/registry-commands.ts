// The registry browser (R): move, descend, filter, sort, and the pull, delete and
// copy of a remote tag.
import type {State} from '../../store/state.ts';
import {commandTable, type CommandContext} from './command.ts';
import {char, down, end, enter, escape, home, pageDown, pageUp, space, up} from './key-binding.ts';

const browser = {mode: 'registry'} as const;
const onTags = (state: State) => state.registry?.level === 'tags' && state.registry.tags.length > 0;
const page = ({page}: CommandContext) => Math.max(page.list, 1);

export const registryCommands = commandTable({
	openRegistry: {keys: [char('R')], scope: {mode: 'global'}, description: "Browse a registry: the selected image's, or one typed (repositories, tags, a tag's manifest and history)", run: ({actions}) => actions.registry.openRegistryForm()},
	pullNewer: {keys: [char('U')], scope: {mode: 'list', pane: 'images'}, description: 'Pull every tag marked ↑ newer in registry (its registry has another digest for it now)', hint: state => ((state.newerInRegistry?.size ?? 0) > 0 ? 'update stale' : undefined), run: ({actions}) => actions.registry.pullNewer()},
	registryUp: {keys: [up, char('k')], scope: browser, description: 'Move up', hint: 'move', run: ({store}) => store.dispatch({type: 'registryMove', delta: -1})},
	registryDown: {keys: [down, char('j')], scope: browser, description: 'Move down', run: ({store}) => store.dispatch({type: 'registryMove', delta: 1})},
	registryPageUp: {keys: [pageUp], scope: browser, description: 'Page up', run: context => context.store.dispatch({type: 'registryMove', delta: -page(context)})},
	registryPageDown: {keys: [pageDown], scope: browser, description: 'Page down', run: context => context.store.dispatch({type: 'registryMove', delta: page(context)})},
	registryFirst: {keys: [home, char('g')], scope: browser, description: 'To the first row', run: ({store}) => store.dispatch({type: 'registryMoveTo', where: 'start'})},
	registryLast: {keys: [end, char('G')], scope: browser, description: 'To the last row', run: ({store}) => store.dispatch({type: 'registryMoveTo', where: 'end'})},
	registryEnter: {keys: [enter, char('i')], scope: browser, description: "Open the repository's tags, or the tag's details: digest, media type, size, platforms, labels, history", hint: state => (state.registry?.level === 'tags' ? 'details' : 'tags'), run: ({actions}) => actions.registry.enter()},
	registryBack: {keys: [escape], scope: browser, description: 'Cancel the request in flight; else clear the filter; else back to the repositories, or close', hint: state => (state.registry?.loading ? 'cancel' : state.registry?.filter ? 'clear filter' : 'back'), run: ({actions}) => actions.registry.back()},
	registryFilter: {keys: [char('/')], scope: browser, description: 'Filter the names as you type', hint: 'filter', run: ({store}) => store.dispatch({type: 'registryFilterStart'})},
	registrySort: {keys: [char('s')], scope: browser, description: 'Sort by name, A→Z or Z→A (numbers in order: v2 before v10)', hint: 'sort', run: ({store}) => store.dispatch({type: 'registrySort'})},
	registryAdvice: {keys: [char('o')], scope: browser, description: "The advisor's findings from the tag's history (as o for a local image, no pull needed)", hint: 'advice', enabled: onTags, run: ({actions}) => actions.registry.advice()},
	registryPull: {keys: [char('p')], scope: browser, description: 'Pull the selected tag (a job)', hint: 'pull', enabled: onTags, run: ({actions}) => actions.registry.pull()},
	registryPullPlatform: {keys: [char('P')], scope: browser, description: 'Pull one platform of the tag: the pull form, filled in, on its Platform field', enabled: onTags, run: ({actions}) => actions.registry.pullPlatform()},
	registryDelete: {keys: [char('d')], scope: browser, description: 'Delete the tag from the registry: asks first, naming its digest and every other tag on it', hint: 'delete', enabled: onTags, run: ({actions}) => void actions.registry.openDelete()},
	registryCopy: {keys: [char('C')], scope: browser, description: 'Copy the tag to another repository or registry, blob by blob (a job with byte progress)', hint: 'copy', enabled: onTags, run: ({actions}) => actions.registry.openCopy()},
	registryMark: {keys: [space], scope: browser, description: 'Mark the tag for a comparison (one at a time; Space again unmarks): = here, or = in the image list with one image marked, compares it', hint: 'mark', enabled: onTags, run: ({store}) => store.dispatch({type: 'registryMark'})},
	registryCompare: {keys: [char('=')], scope: browser, description: 'Compare the marked (or selected) local image with the marked (or selected) tag, read from the registry without a pull', hint: 'compare', enabled: onTags, run: ({actions}) => actions.compareWithTag()},
	registryFilterKeep: {keys: [enter], scope: {mode: 'registryFilter'}, description: 'Keep the filter', hint: 'keep', run: ({store}) => store.dispatch({type: 'registryFilterEnd', keep: true})},
	registryFilterClear: {keys: [escape], scope: {mode: 'registryFilter'}, description: 'Clear the filter', hint: 'clear', run: ({store}) => store.dispatch({type: 'registryFilterEnd', keep: false})},
	registryFilterUp: {keys: [up], scope: {mode: 'registryFilter'}, description: 'Move up while filtering', run: ({store}) => store.dispatch({type: 'registryMove', delta: -1})},
	registryFilterDown: {keys: [down], scope: {mode: 'registryFilter'}, description: 'Move down while filtering', run: ({store}) => store.dispatch({type: 'registryMove', delta: 1})},
});
