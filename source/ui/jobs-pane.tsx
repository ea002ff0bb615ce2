import {Box, Text} from 'ink';
import React from 'react';
import {humanDuration} from '../format/duration.ts';
import {formatImageSize} from '../format/size.ts';
import {layerFraction, overallFraction, visibleLayers, type VisibleLayers} from '../store/job-progress.ts';
import type {Job} from '../store/jobs.ts';
import {bar, fit} from './text.ts';

type Props = {jobs: readonly Job[]; cursor: number; height: number; width: number; focused: boolean; now: number};

type Line = {key: string; text: string; color?: string; selected?: boolean; dim?: boolean};

const statusColor: Record<Job['status'], string> = {running: 'yellow', done: 'green', failed: 'red', cancelled: 'gray'};
const statusMark: Record<Job['status'], string> = {running: '▶', done: '✓', failed: '✗', cancelled: '■'};

function jobSummary(job: Job): string {
	if (job.status === 'failed' || job.status === 'cancelled') {
		return job.error ?? job.status;
	}

	if (job.status === 'done') {
		return [job.result, job.progress.digest].filter(Boolean).join(' · ') || 'done';
	}

	const {bytes, step} = job.progress;
	if (step) {
		return `Step ${step.index}/${step.count}`;
	}

	if (bytes) {
		return `${formatImageSize(bytes.done)}${bytes.total ? ` of ${formatImageSize(bytes.total)}` : ''}`;
	}

	return job.progress.log.at(-1) ?? 'starting…';
}

function hiddenSummary({active, waiting, done}: NonNullable<VisibleLayers['hidden']>): string {
	const parts = [active && `${active} moving`, waiting && `${waiting} waiting`, done && `${done} done`].filter(Boolean);
	return `    … ${active + waiting + done} more layers: ${parts.join(', ')}`;
}

/** The lines of the pane: each job, and under a running or focused one at most `layerRows` lines of its layers, as bars. */
export function jobLines(jobs: readonly Job[], cursor: number, width: number, now: number, layerRows: number): Line[] {
	const lines: Line[] = [];
	const barWidth = Math.max(Math.min(20, width - 60), 6);
	for (const [index, job] of jobs.entries()) {
		const fraction = overallFraction(job.progress);
		const elapsed = humanDuration((job.endedAt ?? now) - job.startedAt);
		const progress = job.status === 'running' ? (fraction === undefined ? ''.padEnd(barWidth + 5) : `${bar(fraction, barWidth)} ${String(Math.floor(fraction * 100)).padStart(3)}%`) + '  ' : '';
		lines.push({
			key: `job-${job.id}`,
			text: `${statusMark[job.status]} ${fit(job.kind, 6)} ${fit(job.title, Math.min(34, Math.max(Math.floor(width / 3), 12)))} ${progress}${jobSummary(job)}  (${elapsed})`,
			color: statusColor[job.status],
			selected: index === cursor,
		});
		if (job.status === 'running' || index === cursor) {
			const {shown, hidden} = visibleLayers(job.progress.layers, layerRows);
			for (const layer of shown) {
				const amount = layer.total ? ` ${formatImageSize(layer.current ?? 0)}/${formatImageSize(layer.total)}` : '';
				lines.push({key: `job-${job.id}-${layer.id}`, text: `    ${fit(layer.id, 12)} ${bar(layerFraction(layer), barWidth)} ${layer.status}${amount}`, dim: true});
			}

			if (hidden) {
				lines.push({key: `job-${job.id}-hidden`, text: hiddenSummary(hidden), dim: true});
			}
		}
	}

	return lines;
}

export function JobsPane({jobs, cursor, height, width, focused, now}: Props) {
	if (jobs.length === 0) {
		return (
			<Box height={height} width={width}>
				<Text dimColor wrap="truncate-end"> No jobs yet: p pull · b build · L load · l log in · ? all keys</Text>
			</Box>
		);
	}

	// Under its job line, a job's layers get the rest of the pane.
	const lines = jobLines(jobs, focused ? cursor : -1, width, now, Math.max(height - 1, 1));
	// Keep the focused job's line in view.
	const focusLine = Math.max(lines.findIndex(line => line.selected), 0);
	const start = Math.max(0, Math.min(focusLine, lines.length - height));
	return (
		<Box flexDirection="column" height={height} width={width} overflow="hidden">
			{lines.slice(start, start + height).map(line => (
				<Text key={line.key} wrap="truncate-end" color={line.color} inverse={line.selected && focused} dimColor={line.dim}>
					{line.text}
				</Text>
			))}
		</Box>
	);
}
