// Quitting while jobs run: the question that names them, one line a job.
import {formatImageSize} from '../format/size.ts';
import {sanitizeLine} from '../format/sanitize.ts';
import type {Dialog} from './dialog.ts';
import {overallFraction} from './job-progress.ts';
import type {Job} from './jobs.ts';

/** A running job and, with several hosts open, the host it runs on. */
export type RunningJob = {job: Job; host?: string};

const shownJobs = 8;

export function runningJobs(jobs: readonly Job[], host?: string): RunningJob[] {
	return jobs.filter(job => job.status === 'running').map(job => ({job, host}));
}

/** "save stowage-big:1 → /tmp/x.tar (45%)", or how much is written when the total is unknown. */
export function runningLine({job, host}: RunningJob): string {
	const fraction = overallFraction(job.progress);
	const bytes = job.progress.bytes;
	const where = fraction === undefined ? (bytes ? ` (${formatImageSize(bytes.done)} so far)` : '') : ` (${Math.floor(fraction * 100)}%)`;
	return sanitizeLine(`${job.kind} ${job.title}${where}${host === undefined ? '' : ` on ${host}`}`);
}

export function quitDialog(running: readonly RunningJob[]): Dialog {
	const lines = running.slice(0, shownJobs).map(one => `  ${runningLine(one)}`);
	if (running.length > shownJobs) {
		lines.push(`  … and ${running.length - shownJobs} more`);
	}

	return {
		kind: 'confirm',
		title: 'Quit stowage?',
		lines: [
			running.length === 1 ? 'A job is still running:' : `${running.length} jobs are still running:`,
			...lines,
			running.length === 1 ? 'Quitting cancels it and removes what it was writing. (y/n)' : 'Quitting cancels them and removes what they were writing. (y/n)',
		],
		typed: '',
		payload: {kind: 'quit'},
	};
}
