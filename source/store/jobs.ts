// Background jobs (pull, push, build, …): their state and how actions change it.
import type {ProgressMessage} from '../engine/progress-stream.ts';
import {applyMessages, emptyProgress, type JobProgress} from './job-progress.ts';

export const jobKinds = ['pull', 'push', 'tag', 'delete', 'prune', 'build', 'save', 'load', 'login', 'run', 'copy', 'scan', 'extract', 'compare'] as const;
export type JobKind = (typeof jobKinds)[number];
export type JobStatus = 'running' | 'done' | 'failed' | 'cancelled';

export type Job = {
	id: number;
	kind: JobKind;
	title: string;
	status: JobStatus;
	progress: JobProgress;
	/** The success line (digest, space reclaimed, loaded names). */
	result?: string;
	error?: string;
	startedAt: number;
	/** When the engine last reported progress (the start until it does): a running job says when it has gone quiet. */
	progressAt?: number;
	endedAt?: number;
};

export type JobAction =
	| {type: 'jobStarted'; id: number; kind: JobKind; title: string; at: number}
	| {type: 'jobProgress'; id: number; messages: readonly ProgressMessage[]; bytes?: {done: number; total?: number}; at?: number}
	| {type: 'jobFinished'; id: number; status: Exclude<JobStatus, 'running'>; result?: string; error?: string; at: number};

/** Finished jobs kept for their logs. */
const keptJobs = 50;

export function jobsReducer(jobs: readonly Job[], action: JobAction): readonly Job[] {
	switch (action.type) {
		case 'jobStarted': {
			const job: Job = {id: action.id, kind: action.kind, title: action.title, status: 'running', progress: emptyProgress, startedAt: action.at};
			return [job, ...jobs].slice(0, keptJobs);
		}

		case 'jobProgress': {
			return jobs.map(job => {
				if (job.id !== action.id) {
					return job;
				}

				const progress = applyMessages(job.progress, action.messages);
				return {...job, progress: action.bytes ? {...progress, bytes: action.bytes} : progress, progressAt: action.at ?? job.progressAt};
			});
		}

		case 'jobFinished': {
			return jobs.map(job => (job.id === action.id ? {...job, status: action.status, result: action.result, error: action.error, endedAt: action.at} : job));
		}
	}
}
