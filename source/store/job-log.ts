// A job's log in the inspect overlay follows the job while it is open: its
// lines are derived from the job on every change, not copied once.
import type {Job} from './jobs.ts';
import type {Overlay, State} from './state.ts';
import {jobLogLines} from './step-lines.ts';

type Inspect = Extract<Overlay, {kind: 'inspect'}>;

const logTitle = (job: Job) => `${job.kind} ${job.title} (${job.status})`;

export function openJobLog(state: State, id: number): State {
	const job = state.jobs.find(candidate => candidate.id === id);
	if (!job) {
		return state;
	}

	const overlay: Inspect = {kind: 'inspect', title: logTitle(job), wrap: true, lines: jobLogLines(job), jobId: id, scroll: 0, search: '', searching: false, match: -1};
	return {...state, overlay};
}

/** After a job changed: redraws its log if that is what the overlay shows. */
export function followJobLog(state: State, id: number): State {
	const {overlay} = state;
	if (overlay.kind !== 'inspect' || overlay.jobId !== id) {
		return state;
	}

	const job = state.jobs.find(candidate => candidate.id === id);
	return job ? {...state, overlay: {...overlay, title: logTitle(job), lines: jobLogLines(job)}} : state;
}
