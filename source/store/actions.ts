import type {DialogAction} from './dialog.ts';
import type {JobAction} from './jobs.ts';
import type {AnalysisAction} from './analysis-state.ts';
import type {CompareAction} from './compare-state.ts';
import type {TextEdit} from './text-field.ts';
import type {RegistryAction} from './registry-browser.ts';
import type {DiskUsage, EngineInfo, HistoryEntry, ImageSummary} from '../engine/types.ts';

export type Action =
	| JobAction
	| AnalysisAction
	| CompareAction
	| DialogAction
	| RegistryAction
	| {type: 'toggleMark'}
	| {type: 'runRequest'; request?: {image: string; title: string}}
	| {type: 'quitRequest'; interrupt: boolean}
	| {type: 'markAll'}
	| {type: 'clearMarks'}
	/** A: every mark, the registry tag's among them. */
	| {type: 'clearAllMarks'}
	| {type: 'markKeys'; keys: ReadonlySet<string>}
	| {type: 'connecting'; attempt: number; error?: string}
	| {type: 'connected'; info: EngineInfo}
	| {type: 'connectFailed'; attempt: number; error: string; retryAt: number}
	/** The engine stopped answering mid-session: the list stays, marked stale since `at`. */
	| {type: 'engineLost'; error: string; retryAt: number; at: number}
	| {type: 'link'; state: string; detail?: string}
	| {type: 'events'; live: boolean; error?: string}
	| {type: 'imagesLoaded'; images: ImageSummary[]}
	| {type: 'imagesFailed'; error: string; at: number}
	| {type: 'usageLoaded'; usage: DiskUsage}
	| {type: 'usageFailed'; error: string}
	| {type: 'historyLoading'; imageId: string}
	| {type: 'historyLoaded'; imageId: string; entries: HistoryEntry[]}
	| {type: 'historyFailed'; imageId: string; error: string}
	| {type: 'move'; delta: number}
	| {type: 'moveTo'; where: 'start' | 'end'}
	| {type: 'focus'; step: 1 | -1}
	| {type: 'sortNext'}
	| {type: 'toggleUntagged'}
	| {type: 'expandPlatforms'}
	| {type: 'collapsePlatforms'}
	| {type: 'filterStart'}
	| {type: 'filterInput'; text: string}
	| {type: 'filterCommit'}
	| {type: 'filterCancel'}
	| {type: 'openHelp'; lines: readonly string[]}
	| {type: 'openInspect'; title: string; wrap: boolean; backToRegistry?: boolean}
	| {type: 'openJobLog'; id: number}
	| {type: 'inspectLoaded'; lines: string[]}
	| {type: 'inspectFailed'; error: string}
	| {type: 'closeOverlay'}
	| {type: 'overlayScroll'; delta: number}
	| {type: 'overlayScrollTo'; where: 'start' | 'end'}
	| {type: 'searchStart'}
	| {type: 'searchInput'; text: string}
	| {type: 'searchNext'; direction: 1 | -1}
	| {type: 'searchCommit'}
	| {type: 'searchCancel'}
	| {type: 'flash'; text: string; tone: 'info' | 'error'}
	| {type: 'clearFlash'}
	| {type: 'newerInRegistry'; references: ReadonlySet<string>}
	| {type: 'textEdit'; edit: TextEdit}
	| {type: 'viewport'; columns: number; rows: number};
