import type {DiskUsage, EngineInfo, HistoryEntry, ImageSummary} from '../engine/types.ts';
import type {SortMode} from './select-rows.ts';
import type {Job} from './jobs.ts';
import type {Dialog} from './dialog.ts';
import type {AdvisorOverlay, Analysis, ExplorerOverlay, FileOverlay} from './analysis-state.ts';
import type {CompareOverlay} from './compare-state.ts';
import type {Caret} from './text-field.ts';
import type {RegistryBrowser, RegistryMark} from './registry-browser.ts';

export const panes = ['images', 'history', 'jobs', 'usage'] as const;
export type Pane = (typeof panes)[number];
export const paneNames: Record<Pane, string> = {images: 'images', history: 'history', jobs: 'jobs', usage: 'disk usage'};

export type Connection =
	| {status: 'connecting'; attempt: number; error?: string}
	| {status: 'connected'; info: EngineInfo; eventsLive: boolean; eventsError?: string}
	/** retryAt 0: not retrying until asked (Ctrl-R). */
	| {status: 'failed'; attempt: number; error: string; retryAt: number};

export type Overlay =
	| {kind: 'none'}
	| {kind: 'help'; scroll: number; lines: readonly string[]}
	/** match: the line (of what is drawn, wrapped) the search is on, -1 when the term is nowhere; jobId: a job's log, which follows the job while open. */
	| {kind: 'inspect'; title: string; wrap: boolean; lines?: string[]; error?: string; jobId?: number; scroll: number; search: string; searching: boolean; match: number; /** Closing it goes back to the registry browser it was opened from. */ backToRegistry?: boolean}
	/** The registry browser (R); what it shows is `State.registry`. */
	| {kind: 'registry'}
	| AdvisorOverlay
	| ExplorerOverlay
	| FileOverlay
	| CompareOverlay;

export type HistoryState = {imageId?: string; entries?: HistoryEntry[]; error?: string; cursor: number};

export type State = {
	endpointLabel: string;
	connection: Connection;
	images: ImageSummary[];
	imagesLoaded: boolean;
	listError?: string;
	/** When the list shown stopped being current (the engine was lost, a refresh failed): it is drawn dimmed, with that time. */
	staleSince?: number;
	usage?: DiskUsage;
	/** With `usage` set: the last numbers stay shown, marked stale, while a retry runs. */
	usageError?: string;
	history: HistoryState;
	/** Key of the selected row; `cursor` is where it was, for when it disappears. */
	selectedKey?: string;
	cursor: number;
	sort: SortMode;
	filter: string;
	filterEditing: boolean;
	showUntagged: boolean;
	focus: Pane;
	overlay: Overlay;
	dialog: Dialog;
	jobs: readonly Job[];
	/** Index of the focused job in the jobs pane (newest first). */
	jobCursor: number;
	/** An image to run with the terminal handed over: the UI steps aside until it exits. */
	runRequest?: {image: string; title: string};
	/** Quitting, asked for: run-ui.tsx cancels the jobs and exits (an interrupt, Ctrl-C, exits 130 if it cancelled any). */
	quitRequest?: {interrupt: boolean};
	/** Keys of marked rows: d, P and S act on them. */
	marked: ReadonlySet<string>;
	/** Keys of image rows opened into one row per platform. */
	expanded: ReadonlySet<string>;
	/** ssh:// only: the SSH connection's state (connecting, connected, reconnecting, failed, closed). */
	link?: {state: string; detail?: string};
	/** The last deep scan (advisor, layer explorer), of one image. */
	analysis?: Analysis;
	/** The cursor of the text field that has the keyboard (store/text-entry.ts), if one has. */
	caret: Caret;
	/** Rows and columns an overlay's page has, as last drawn: scrolling clamps with them. */
	viewport: {columns: number; rows: number};
	/** The registry browser, kept while a tag's details are open over it. */
	registry?: RegistryBrowser;
	/** The registry tag marked with Space in the browser: = compares it with a local image. */
	registryMark?: RegistryMark;
	/** Local repo:tag references whose registry has another digest now (the ↑ mark). */
	newerInRegistry?: ReadonlySet<string>;
	/** Registries browsed this session, the last first: R offers them. */
	recentRegistries?: readonly string[];
	/** A one-line message at the bottom (copied, errors of actions). */
	flash?: {text: string; tone: 'info' | 'error'};
};

export function initialState(endpointLabel: string): State {
	return {
		endpointLabel,
		connection: {status: 'connecting', attempt: 1},
		images: [],
		imagesLoaded: false,
		history: {cursor: 0},
		cursor: 0,
		sort: 'created',
		filter: '',
		filterEditing: false,
		showUntagged: true,
		expanded: new Set(),
		focus: 'images',
		overlay: {kind: 'none'},
		dialog: {kind: 'none'},
		jobs: [],
		jobCursor: 0,
		marked: new Set(),
		caret: {cursor: 0, selected: false},
		viewport: {columns: 80, rows: 20},
	};
}
