// The advisor (o) and the layer explorer (e): text drawn from the store; the
// deep scan's progress comes from its job, as in the jobs pane.
import React, {useMemo} from 'react';
import type {AdvisorOverlay as AdvisorState, Analysis, ExplorerOverlay as ExplorerState} from '../store/analysis-state.ts';
import {explorerView} from '../store/explorer-lines.ts';
import type {Job} from '../store/jobs.ts';
import {formatImageSize} from '../format/size.ts';
import {bar} from './text.ts';
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

type AdvisorProps = {overlay: AdvisorState; analysis?: Analysis; jobs: readonly Job[]; height: number; width: number};

export function AdvisorOverlay({overlay, analysis, jobs, height, width}: AdvisorProps) {
	const {status, error} = scanStatus(analysis, overlay.imageId, jobs, width);
	const scanned = analysis?.imageId === overlay.imageId && analysis.status === 'done';
	return (
		<TextOverlay
			title={`Advisor ${overlay.title}${scanned ? ' · deep scan done' : ''}`}
			heading={[]}
			lines={overlay.lines ?? (overlay.error ? [] : ['Reading the history…'])}
			scroll={overlay.scroll}
			status={status}
			error={overlay.error ?? error}
			footer={`↑↓ PgUp PgDn scroll · ${scanned ? '' : 'D deep scan · '}Esc close`}
			height={height}
			width={width}
		/>
	);
}

type ExplorerProps = {overlay: ExplorerState; analysis?: Analysis; jobs: readonly Job[]; height: number; width: number};

export function ExplorerOverlay({overlay, analysis, jobs, height, width}: ExplorerProps) {
	const scan = analysis?.imageId === overlay.imageId ? analysis.scan : undefined;
	const view = useMemo(() => (scan ? explorerView(scan, overlay.step, overlay.finalView, overlay.filter) : undefined), [scan, overlay.step, overlay.finalView, overlay.filter]);
	const {status, error} = scanStatus(analysis, overlay.imageId, jobs, width);
	const footer = overlay.filtering ? `/${overlay.filter}▏` : `↑↓ PgUp PgDn scroll · / filter${overlay.filter ? ` (${overlay.filter})` : ''} · f ${overlay.finalView ? "the step's changes" : 'final filesystem'} · Esc close`;
	return (
		<TextOverlay
			title={`Layers ${overlay.title} · ${overlay.finalView ? 'final filesystem' : `step ${overlay.step}`}`}
			heading={view?.heading ?? []}
			lines={view?.lines ?? (status || error ? [] : ['D scans the image to list its files.'])}
			scroll={overlay.scroll}
			status={status}
			error={error}
			footer={footer}
			height={height}
			width={width}
		/>
	);
}
