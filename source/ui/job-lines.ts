// The jobs pane as lines, and which of them fit: pure, so the window that the
// title counts and the rows that are drawn can never disagree.
import {humanDuration} from '../format/duration.ts';
import {formatImageSize} from '../format/size.ts';
import {layerFraction, overallFraction, visibleLayers, type VisibleLayers} from '../store/job-progress.ts';
import type {Job} from '../store/jobs.ts';
import {stepsSummary, stepTreeLines} from './step-tree-lines.ts';
import {clip} from '../format/clip.ts';
import {bar, fit} from './text.ts';

/** `head`: a job's own line (the others are its layers). */
export type Line = {key: string; text: string; head?: boolean; color?: string; selected?: boolean; dim?: boolean};

const statusColor: Record<Job['status'], string> = {running: 'yellow', done: 'green', failed: 'red', cancelled: 'gray'};
const statusMark: Record<Job['status'], string> = {running: '▶', done: '✓', failed: '✗', cancelled: '■'};

/** A finished job's one outcome line, or where a running one is. */
function jobSummary(job: Job): string {
	if (job.status === 'failed' || job.status === 'cancelled') {
		return job.error ?? job.status;
	}

	if (job.status === 'done') {
		return [job.result, job.progress.digest].filter(Boolean).join(' · ') || 'done';
	}

	const {bytes, step, steps} = job.progress;
	if (steps && steps.length > 0) {
		return stepsSummary(steps);
	}

	if (step) {
		return `Step ${step.index}/${step.count}`;
	}

	if (bytes) {
		return `${formatImageSize(bytes.done)}${bytes.total ? ` of ${formatImageSize(bytes.total)}` : ''}`;
	}

	return job.progress.log.at(-1) ?? 'starting…';
}

/** A running job the engine has said nothing about for this long says so, first (a long summary is cut): a stalled registry looks like a slow one otherwise. */
export const quietAfterMs = 5000;

/** The jobs that move bytes, whose silence means a stall: a build's quiet RUN step (a sleep, a compile) or a quiet `run` is not one. */
const transfers = new Set<Job['kind']>(['pull', 'push', 'save', 'load', 'copy']);

function quietNote(job: Job, now: number): string {
	if (job.status !== 'running' || !transfers.has(job.kind)) {
		return '';
	}

	const quiet = now - (job.progressAt ?? job.startedAt);
	return quiet >= quietAfterMs ? `no progress for ${humanDuration(quiet).toLowerCase()} · ` : '';
}

function hiddenSummary({active, waiting, done}: NonNullable<VisibleLayers['hidden']>): string {
	const parts = [active && `${active} moving`, waiting && `${waiting} waiting`, done && `${done} done`].filter(Boolean);
	return `    … ${active + waiting + done} more layers: ${parts.join(', ')}`;
}

/** "(3 seconds)" and the summary share what the title column leaves; the title takes what its longest needs. */
function titleWidth(jobs: readonly Job[], width: number, progressWidth: number): number {
	const longest = jobs.reduce((most, job) => Math.max(most, job.title.length), 0);
	const room = width - 2 - 7 - progressWidth - 30;
	return Math.max(Math.min(longest, room), 12);
}

/**
 * Each job's block of lines: its own line, and under a running one its layers as bars
 * (the job under the cursor gets the most rows). A finished job is its one outcome line.
 */
export function jobBlocks(jobs: readonly Job[], cursor: number, width: number, now: number, height: number): Line[][] {
	const barWidth = Math.max(Math.min(20, width - 60), 6);
	const anyRunning = jobs.some(job => job.status === 'running');
	const title = titleWidth(jobs, width, anyRunning ? barWidth + 7 : 0);
	// Room under the cursor's job for its layers, leaving two job lines in sight.
	const cursorRows = Math.max(height - 1 - Math.min(2, jobs.length - 1), 1);
	const otherRows = Math.min(3, cursorRows);
	return jobs.map((job, index) => {
		const fraction = overallFraction(job.progress);
		const elapsed = humanDuration((job.endedAt ?? now) - job.startedAt);
		const progress = job.status === 'running' ? (fraction === undefined ? ''.padEnd(barWidth + 5) : `${bar(fraction, barWidth)} ${String(Math.floor(fraction * 100)).padStart(3)}%`) + '  ' : '';
		const lines: Line[] = [{
			key: `job-${job.id}`,
			head: true,
			// The summary (an engine's error, a log line) cut before it is joined: joined whole, a megabyte is copied on every redraw.
			text: `${statusMark[job.status]} ${fit(job.kind, 6)} ${fit(job.title, title)} ${progress}${quietNote(job, now)}${clip(jobSummary(job), width)}  (${elapsed})`,
			color: statusColor[job.status],
			selected: index === cursor,
		}];
		if (job.status === 'running' && job.progress.steps && job.progress.steps.length > 0) {
			const rows = index === cursor ? cursorRows : otherRows;
			lines.push(...stepTreeLines(job.progress.steps, rows, now).map(line => ({key: `job-${job.id}-${line.key}`, text: line.text, color: line.color, dim: line.color === undefined})));
		} else if (job.status === 'running') {
			const {shown, hidden} = visibleLayers(job.progress.layers, index === cursor ? cursorRows : otherRows);
			for (const layer of shown) {
				const amount = layer.total ? ` ${formatImageSize(layer.current ?? 0)}/${formatImageSize(layer.total)}` : '';
				lines.push({key: `job-${job.id}-${layer.id}`, text: `    ${fit(layer.id, 12)} ${bar(layerFraction(layer), barWidth)} ${clip(layer.status, width)}${amount}`, dim: true});
			}

			if (hidden) {
				lines.push({key: `job-${job.id}-hidden`, text: hiddenSummary(hidden), dim: true});
			}
		}

		return lines;
	});
}

/**
 * The first job to draw: never below the cursor, far enough down that the cursor's whole
 * block fits, and pulled up when there is room at the bottom. `previous` (the last first
 * job) keeps the view still while the cursor moves inside it.
 */
export function firstShown(blocks: readonly number[], cursor: number, height: number, previous: number): number {
	const rows = (from: number, to: number) => blocks.slice(from, to + 1).reduce((sum, size) => sum + size, 0);
	let first = Math.max(0, Math.min(previous, cursor));
	while (first < cursor && rows(first, cursor) > height) {
		first++;
	}

	while (first > 0 && rows(first - 1, blocks.length - 1) <= height) {
		first--;
	}

	return first;
}

export type JobsWindow = {lines: Line[]; first: number; above: number; below: number};

/** The lines that fit in `height` rows from job `first` on, and how many jobs are out of sight either way. */
export function jobsWindow(blocks: readonly Line[][], first: number, height: number): JobsWindow {
	const lines = blocks.slice(first).flat().slice(0, height);
	const shownJobs = lines.filter(line => line.head).length;
	return {lines, first, above: first, below: blocks.length - first - shownJobs};
}

/** "Jobs (1 running, 10 finished · 3 more below)". */
export function jobsTitle(jobs: readonly Job[], above = 0, below = 0): string {
	if (jobs.length === 0) {
		return 'Jobs';
	}

	const running = jobs.filter(job => job.status === 'running').length;
	const hidden = [above > 0 && `${above} more above`, below > 0 && `${below} more below`].filter(Boolean).join(', ');
	return `Jobs (${running} running, ${jobs.length - running} finished${hidden ? ` · ${hidden}` : ''})`;
}
