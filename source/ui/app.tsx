import {Box, Text, useApp} from 'ink';
import React, {useEffect, useMemo, useState} from 'react';
import type {Controller} from '../store/controller.ts';
import type {UserActions} from '../store/user-actions.ts';
import {DialogView} from './dialog-view.tsx';
import {JobsLine, JobsPane} from './jobs-pane.tsx';
import {clip} from '../format/clip.ts';
import {historyView, selectedIndex, sortedRows, visibleRows} from '../store/selectors.ts';
import type {State} from '../store/state.ts';
import type {Store} from '../store/store.ts';
import {DiskUsagePane, usageSummary} from './disk-usage.tsx';
import {Header} from './header.tsx';
import {HelpOverlay} from './help-overlay.tsx';
import {ImageList} from './image-list.tsx';
import {measure, tableWidth} from './image-columns.ts';
import {InspectOverlay} from './inspect-overlay.tsx';
import {RegistryOverlay} from './registry-overlay.tsx';
import {registryHistoryView} from '../store/registry-lines.ts';
import {AdvisorOverlay, CompareOverlay, ExplorerOverlay, FileOverlay} from './analysis-overlays.tsx';
import {LayerHistory} from './layer-history.tsx';
import {computeLayout} from './layout.ts';
import {PaneTitle} from './pane-title.tsx';
import {StatusBar} from './status-bar.tsx';
import type {HostControls} from './commands/command.ts';
import {dialogHints, paneHints, statusHints, switcherHints} from './commands/help-lines.ts';
import {HostSwitcher, type SwitcherState} from './host-switcher.tsx';
import {overlayPage} from '../store/overlay-page.ts';
import {useKeyOwner} from './use-key-owner.ts';
import {useStoreState} from './use-store.ts';
import {useTerminalSize} from './use-terminal-size.ts';
import {listStaleNote, usageProblem, usageTitleDetail} from '../store/staleness.ts';
import {sanitizeLine} from '../format/sanitize.ts';
import {markName} from '../store/registry-browser.ts';

type Props = {
	store: Store;
	controller: Controller;
	actions: UserActions;
	/** Rows above the App that belong to the workspace (the hosts pane). */
	reservedRows?: number;
	hosts?: HostControls;
	/** The `c` switcher, while it is open (its state lives with the hosts, in workspace.tsx). */
	switcher?: SwitcherState;
};

const flashMs = 4000;
const clockMs = 15_000;

function listMessage(state: State, shown: number): {text: string; tone: 'info' | 'error'} | undefined {
	const {connection} = state;
	if (connection.status === 'failed' && !state.imagesLoaded) {
		const seconds = Math.max(0, Math.ceil((connection.retryAt - Date.now()) / 1000));
		const retry = connection.retryAt === 0 ? 'Press Ctrl-R to try again, or q to quit.' : `Retrying in ${seconds}s (attempt ${connection.attempt}). Press q to quit.`;
		return {
			text: `Cannot reach the Docker engine at ${state.endpointLabel}\n${connection.error}\n${retry}\nPoint stowage elsewhere with --host URL, --context NAME or DOCKER_HOST.`,
			tone: 'error',
		};
	}

	if (!state.imagesLoaded) {
		return {text: state.listError ?? `Connecting to ${state.endpointLabel}…`, tone: state.listError ? 'error' : 'info'};
	}

	if (state.listError && state.staleSince === undefined) {
		return {text: state.listError, tone: 'error'};
	}

	if (shown === 0) {
		return {text: state.images.length === 0 ? 'No images.' : 'No image matches the filter.', tone: 'info'};
	}

	return undefined;
}

export function App({store, controller, actions, reservedRows = 0, hosts, switcher}: Props) {
	const state = useStoreState(store);
	const {columns, rows: terminalRows} = useTerminalSize();
	const height = Math.max(terminalRows - reservedRows, 5);
	const [now, setNow] = useState(Date.now);
	const all = sortedRows(state);
	// Measured over all rows (not just the visible ones) so widths don't jump while filtering or scrolling.
	const measured = useMemo(() => measure(all, now), [all, now]);
	const layout = computeLayout(columns, height, state.jobs.length, tableWidth(measured));
	useKeyOwner({store, controller, actions, page: {list: layout.listHeight - 1, history: layout.historyHeight - 1}, hosts});
	// Overlays scroll within what they show: the store clamps with the page it is drawn in.
	useEffect(() => {
		store.dispatch({type: 'viewport', columns, rows: layout.bodyHeight});
	}, [store, columns, layout.bodyHeight]);

	const {exit} = useApp();
	// `r`: step aside; run-ui.tsx hands the terminal to the container and draws us again after.
	useEffect(() => {
		if (state.runRequest) {
			exit();
		}
	}, [state.runRequest, exit]);
	// y to the quit question: run-ui.tsx cancels the jobs and exits.
	useEffect(() => {
		if (state.quitRequest) {
			exit();
		}
	}, [state.quitRequest, exit]);
	useEffect(() => {
		const timer = setInterval(() => setNow(Date.now()), clockMs);
		return () => clearInterval(timer);
	}, []);
	useEffect(() => {
		if (!state.flash) {
			return;
		}

		const timer = setTimeout(() => store.dispatch({type: 'clearFlash'}), flashMs);
		return () => clearTimeout(timer);
	}, [state.flash, store]);
	// Each second while the failure message counts down to the next retry, or a job runs (its elapsed time).
	const ticking = state.connection.status === 'failed' || state.jobs.some(job => job.status === 'running');
	useEffect(() => {
		if (!ticking) {
			return;
		}

		setNow(Date.now());
		const timer = setInterval(() => setNow(Date.now()), 1000);
		return () => clearInterval(timer);
	}, [ticking]);

	const rows = visibleRows(state);
	const selected = selectedIndex(state);
	// Platform rows are parts of an image, not images.
	const shown = state.expanded.size === 0 ? rows.length : rows.reduce((count, row) => count + (row.platform ? 0 : 1), 0);
	// A list the engine can't confirm (gone, or a refresh failed) stays, dimmed, with the time it was last current and why.
	const stale = listStaleNote(state);
	// The header gives the engine's reason; a failed list refresh has only this title to say why.
	const why = state.connection.status === 'failed' ? 'engine unreachable' : state.listError;
	const imagesTitle = state.imagesLoaded ? `Images ${shown === all.length ? all.length : `${shown}/${all.length}`}${stale ? ` · ${stale}${why ? ` (${why})` : ''}` : ''}` : 'Images';
	const history = historyView(state);
	const historyTitle = history.message === undefined && state.imagesLoaded ? `Layer history (${history.entries.length} ${history.entries.length === 1 ? 'step' : 'steps'})` : 'Layer history';

	let body: React.ReactNode;
	const view = overlayPage(state.viewport.columns === columns && state.viewport.rows === layout.bodyHeight ? state : {...state, viewport: {columns, rows: layout.bodyHeight}});
	if (switcher) {
		body = <HostSwitcher switcher={switcher} hints={switcherHints(state)} width={columns} height={layout.bodyHeight}/>;
	} else if (state.dialog.kind !== 'none') {
		body = (
			<Box flexDirection="column" height={layout.bodyHeight} justifyContent="center" alignItems="center">
				<DialogView
					dialog={state.dialog}
					caret={state.caret}
					hints={dialogHints(state)}
					width={Math.min(columns, 100)}
					height={layout.bodyHeight}
				/>
			</Box>
		);
	} else if (state.overlay.kind === 'help' && view) {
		body = <HelpOverlay view={view} height={layout.bodyHeight} width={columns}/>;
	} else if (state.overlay.kind === 'inspect' && view) {
		body = <InspectOverlay overlay={state.overlay} view={view} hints={statusHints(state)} caret={state.caret} height={layout.bodyHeight} width={columns}/>;
	} else if (state.overlay.kind === 'advisor' && view) {
		body = <AdvisorOverlay overlay={state.overlay} view={view} hints={statusHints(state)} analysis={state.analysis} jobs={state.jobs} height={layout.bodyHeight} width={columns}/>;
	} else if (state.overlay.kind === 'compare' && view) {
		body = <CompareOverlay overlay={state.overlay} view={view} hints={statusHints(state)} caret={state.caret} height={layout.bodyHeight} width={columns} jobs={state.jobs}/>;
	} else if (state.overlay.kind === 'file' && view) {
		body = <FileOverlay overlay={state.overlay} view={view} hints={statusHints(state)} height={layout.bodyHeight} width={columns}/>;
	} else if (state.overlay.kind === 'explorer' && view) {
		body = <ExplorerOverlay overlay={state.overlay} view={view} hints={statusHints(state)} caret={state.caret} analysis={state.analysis} jobs={state.jobs} height={layout.bodyHeight} width={columns}/>;
	} else {
		// The registry browser takes the image list's place; the history beside it is the tag's under its cursor.
		const browser = state.overlay.kind === 'registry' ? state.registry : undefined;
		const remote = browser ? registryHistoryView(browser) : undefined;
		const list = browser ? (
			<RegistryOverlay browser={browser} caret={state.caret} height={layout.listHeight + 1} width={layout.listWidth} mark={state.registryMark}/>
		) : (
			<Box flexDirection="column" width={layout.listWidth}>
				<PaneTitle title={imagesTitle} detail={`sort: ${state.sort}${state.filter ? ` · /${state.filter}` : ''}${state.marked.size > 0 ? ` · ${state.marked.size} marked` : ''}${state.registryMark ? ` · tag ${sanitizeLine(markName(state.registryMark))} marked (=)` : ''}`} focused={state.focus === 'images'} width={layout.listWidth}/>
				<ImageList rows={rows} measured={measured} selected={selected} height={layout.listHeight} width={layout.listWidth} focused={state.focus === 'images'} marked={state.marked} expanded={state.expanded} message={listMessage(state, rows.length)} now={now} stale={stale !== undefined} newer={state.newerInRegistry}/>
			</Box>
		);
		const historyPane = (
			<Box flexDirection="column" width={layout.sideWidth}>
				<PaneTitle title={remote?.title ?? historyTitle} focused={!remote && state.focus === 'history'} width={layout.sideWidth}/>
				<LayerHistory history={remote?.view ?? history} height={layout.historyHeight} width={layout.sideWidth} focused={!remote && state.focus === 'history'} now={now}/>
			</Box>
		);
		const jobs = layout.jobsHeight === 0 ? (
			<JobsLine jobs={state.jobs} cursor={state.jobCursor} focused={state.focus === 'jobs'} width={layout.sideWidth}/>
		) : (
			<JobsPane jobs={state.jobs} cursor={state.jobCursor} height={layout.jobsHeight} width={layout.sideWidth} focused={state.focus === 'jobs'} now={now} hints={paneHints(state, 'jobs').join(' · ')} spin={state.connection.status === 'connected' && !state.link?.state.startsWith('re')}/>
		);
		const usage = layout.usageHeight === 0 ? (
			<Text wrap="truncate-end" color={state.focus === 'usage' ? 'cyan' : undefined} dimColor={state.focus !== 'usage'}>
				{clip(`─ Disk usage: ${state.usage ? `${usageSummary(state.usage)}${usageProblem(state) ? ' (stale)' : ''}` : state.usageError ?? 'loading…'}`, layout.sideWidth)}
			</Text>
		) : (
			<Box flexDirection="column" width={layout.sideWidth}>
				<PaneTitle title="Disk usage" detail={usageTitleDetail(state)} focused={state.focus === 'usage'} width={layout.sideWidth}/>
				<DiskUsagePane usage={state.usage} error={usageProblem(state)} height={layout.usageHeight} width={layout.sideWidth}/>
			</Box>
		);
		body = layout.mode === 'wide' ? (
			<Box flexDirection="row" height={layout.bodyHeight}>
				{list}
				<Box width={1}/>
				<Box flexDirection="column">
					{historyPane}
					{jobs}
					{usage}
				</Box>
			</Box>
		) : (
			<Box flexDirection="column" height={layout.bodyHeight}>
				{list}
				{historyPane}
				{jobs}
				{usage}
			</Box>
		);
	}

	return (
		<Box flexDirection="column" width={columns} height={height}>
			<Header endpointLabel={state.endpointLabel} connection={state.connection} link={state.link} width={columns}/>
			{body}
			<StatusBar state={state} shown={rows.length} total={all.length} width={columns}/>
		</Box>
	);
}
