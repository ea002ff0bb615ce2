// The advisor (o) and the layer explorer (e): text drawn from the store; the
// deep scan's progress comes from its job, as in the jobs pane.
import {Text} from 'ink';
import React from 'react';
import type {AdvisorOverlay as AdvisorState, Analysis, ExplorerOverlay as ExplorerState, FileOverlay as FileState} from '../store/analysis-state.ts';
import type {Job} from '../store/jobs.ts';
import type {OverlayPage} from '../store/overlay-page.ts';
import type {Caret} from '../store/text-field.ts';
import type {CompareOverlay as CompareState} from '../store/compare-state.ts';
import {formatImageSize} from '../format/size.ts';
import {bar} from './text.ts';
import {filterWidth, TextField} from './text-field.tsx';
import {TextOverlay} from './text-overlay.tsx';

function scanStatus(analysis: Analysis | undefined, imageId: string, jobs: readonly Job[], width: number): {status?: string; error?: string} {
	if (analysis?.imageId !== imageId) {
		return {};
	}

	if (analysis.status === 'failed') {
		return {error: `deep scan failed: ${analysis.error ?? ''}`};
	}

	if (analysis.status === 'running') {
		const bytes = jobs.find(job => job.kind === 'scan' && job.status === 'running')?.progress.bytes;
		const share = bytes?.total ? Math.min(bytes.done / bytes.total, 1) : 0;
		const done = bytes ? `${formatImageSize(bytes.done)}${bytes.total ? ` of ~${formatImageSize(bytes.total)}` : ''}` : 'starting';
		return {status: `deep scan ${bar(share, Math.max(Math.min(width - 40, 30), 5))} ${done}  (K cancels)`};
	}

	return {};
}

type Common = {view: OverlayPage; hints: readonly string[]; analysis?: Analysis; jobs: readonly Job[]; height: number; width: number};

export function AdvisorOverlay({overlay, view, hints, analysis, jobs, height, width}: Common & {overlay: AdvisorState}) {
	const {status, error} = scanStatus(analysis, overlay.imageId, jobs, width);
	const scanned = analysis?.imageId === overlay.imageId && analysis.status === 'done';
	const lines = overlay.lines ? view : {...view, lines: overlay.error ? [] : ['Reading the history…']};
	return (
		<TextOverlay
			title={`Advisor ${overlay.title}${scanned ? ' · deep scan done' : ''}`}
			view={lines}
			status={status}
			error={overlay.error ?? error}
			footer={hints.join(' · ')}
			height={height}
			width={width}
		/>
	);
}

export function ExplorerOverlay({overlay, view, hints, caret, analysis, jobs, height, width}: Common & {overlay: ExplorerState; caret: Caret}) {
	const scan = analysis?.imageId === overlay.imageId ? analysis.scan : undefined;
	const {status, error} = scanStatus(analysis, overlay.imageId, jobs, width);
	const shown = scan || status || error ? view : {...view, lines: ['D scans the image to list its files.']};
	const footer = overlay.filtering
		? <Text>{'/'}<TextField value={overlay.filter} caret={caret} width={filterWidth(width)}/>{`  ${hints.join(' · ')}`}</Text>
		: `${overlay.filter ? `filter: ${overlay.filter} · ` : ''}${hints.join(' · ')}`;
	return (
		<TextOverlay
			title={`Layers ${overlay.title} · step ${overlay.step}${scan ? ` of ${scan.steps.length}` : ''} · ${overlay.finalView ? 'filesystem as of the step' : "the step's changes"}`}
			view={shown}
			status={status}
			error={error}
			footer={footer}
			height={height}
			width={width}
			cursor={scan ? overlay.cursor : undefined}
		/>
	);
}

export function CompareOverlay({overlay, view, hints, caret, height, width, jobs = []}: {overlay: CompareState; view: OverlayPage; hints: readonly string[]; caret: Caret; height: number; width: number; jobs?: readonly Job[]}) {
	// Bytes read of both sides: the engine's save stream and the registry's layer blobs.
	const bytes = overlay.status === 'running' ? jobs.find(job => job.kind === 'compare' && job.status === 'running' && job.title === overlay.title)?.progress.bytes : undefined;
	const read = bytes ? ` ${formatImageSize(bytes.done)}${bytes.total ? ` of ~${formatImageSize(bytes.total)}` : ''} read` : '';
	const status = overlay.status === 'running' ? `${overlay.remote ? 'Reading the image, and the tag from its registry' : 'Scanning both images'}…${read}  (Esc cancels)` : undefined;
	const footer = overlay.filtering
		? <Text>{'/'}<TextField value={overlay.filter} caret={caret} width={filterWidth(width)}/>{`  ${hints.join(' · ')}`}</Text>
		: `${overlay.filter ? `filter: ${overlay.filter} · ` : ''}${hints.join(' · ')}`;
	return (
		<TextOverlay
			title={`Compare ${overlay.title}`}
			view={view}
			status={status}
			error={overlay.error && `comparison failed: ${overlay.error}`}
			footer={footer}
			height={height}
			width={width}
			cursor={overlay.report ? overlay.cursor : undefined}
		/>
	);
}

export function FileOverlay({overlay, view, hints, height, width}: {overlay: FileState; view: OverlayPage; hints: readonly string[]; height: number; width: number}) {
	const shown = overlay.lines || overlay.error ? view : {...view, lines: ['Reading the file from its layer…']};
	return (
		<TextOverlay
			title={overlay.step === undefined ? `Diff ${overlay.back.title} · ${overlay.path}` : `File ${overlay.back.title} · ${overlay.path} · step ${overlay.step}`}
			view={shown}
			error={overlay.error}
			footer={hints.join(' · ')}
			height={height}
			width={width}
		/>
	);
}
