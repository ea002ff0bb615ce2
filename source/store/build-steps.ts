// A BuildKit build as a step tree: one entry per vertex (a Dockerfile step or
// BuildKit's own work), its state and times, and the running step's last lines.
// The whole output goes to the job's log as `docker build --progress=plain` prints
// it (without the times of each line): "#3 [2/5] RUN make", "#3 …", "#3 DONE 1.2s".
import type {Trace, TraceVertex} from '../engine/buildkit/trace.ts';

export type StepState = 'waiting' | 'running' | 'CACHED' | 'DONE' | 'ERROR';

export type BuildStep = {
	digest: string;
	/** "#N" in the log: the order BuildKit first named it in. */
	number: number;
	name: string;
	state: StepState;
	started?: number;
	completed?: number;
	error?: string;
	/** The last lines of its output, newest last. */
	tail: readonly string[];
	/** Output after the last line break: the next log goes on with it. */
	partial: string;
	/** Sub-tasks reported done ("writing image sha256:…"), logged once each. */
	statuses: readonly string[];
	/** Bytes moved by its sub-tasks that have a size (a base image's layers being pulled), summed. */
	transfer?: {current: number; total: number};
	/** Each sized sub-task's latest numbers, for the sum. */
	sized?: Readonly<Record<string, {current: number; total: number}>>;
};

const tailLines = 3;

function stateOf(vertex: TraceVertex): StepState {
	if (vertex.error) {
		return 'ERROR';
	}

	if (vertex.completed !== undefined) {
		return vertex.cached ? 'CACHED' : 'DONE';
	}

	return vertex.started === undefined ? 'waiting' : 'running';
}

/** BuildKit's "1.2s". */
export function stepSeconds(step: Pick<BuildStep, 'started' | 'completed'>, now: number): string {
	return step.started === undefined ? '' : `${(Math.max((step.completed ?? now) - step.started, 0) / 1000).toFixed(1)}s`;
}

/**
 * Folds one trace message into the steps, appending what it says to `log`.
 * Returns new arrays only for what changed, since a build sends many small traces.
 */
export function applyTrace(steps: readonly BuildStep[], trace: Trace, log: string[]): readonly BuildStep[] {
	const next = [...steps];
	const at = new Map(next.map((step, index) => [step.digest, index]));
	for (const vertex of trace.vertexes) {
		const index = at.get(vertex.digest);
		const old = index === undefined ? undefined : next[index];
		const state = stateOf(vertex);
		const step: BuildStep = {
			...(old ?? {digest: vertex.digest, number: next.length + 1, tail: [], partial: '', statuses: []}),
			name: vertex.name || old?.name || vertex.digest,
			state,
			started: vertex.started ?? old?.started,
			completed: vertex.completed,
			error: vertex.error,
		};
		if (index === undefined) {
			at.set(vertex.digest, next.length);
			next.push(step);
		} else {
			next[index] = step;
		}

		if (state !== 'waiting' && (old === undefined || old.state === 'waiting')) {
			log.push(`#${step.number} ${step.name}`);
		}

		if (state !== old?.state && state !== 'waiting' && state !== 'running') {
			log.push(`#${step.number} ${state === 'ERROR' ? `ERROR: ${step.error ?? ''}` : state === 'CACHED' ? 'CACHED' : `DONE ${stepSeconds(step, step.completed ?? 0)}`}`);
		}
	}

	for (const entry of trace.logs) {
		const index = at.get(entry.vertex);
		const step = index === undefined ? undefined : next[index];
		if (index === undefined || !step) {
			continue;
		}

		const lines = (step.partial + entry.text).split('\n');
		const partial = lines.pop() ?? '';
		log.push(...lines.map(line => `#${step.number} ${line}`));
		const tail = [...step.tail, ...lines].filter(line => line.trim() !== '').slice(-tailLines);
		next[index] = {...step, tail, partial};
	}

	for (const status of trace.statuses) {
		const index = at.get(status.vertex);
		let step = index === undefined ? undefined : next[index];
		if (index === undefined || !step) {
			continue;
		}

		if (status.total > 0) {
			const sized = {...step.sized, [status.id]: {current: status.completed === undefined ? status.current : status.total, total: status.total}};
			const parts = Object.values(sized);
			step = {...step, sized, transfer: {current: parts.reduce((sum, part) => sum + part.current, 0), total: parts.reduce((sum, part) => sum + part.total, 0)}};
		}

		if (status.completed !== undefined && !step.statuses.includes(status.id)) {
			log.push(`#${step.number} ${status.id} done`);
			step = {...step, statuses: [...step.statuses, status.id]};
		}

		next[index] = step;
	}

	for (const warning of trace.warnings) {
		if (warning) {
			log.push(`WARNING: ${warning}`);
		}
	}

	return next;
}

/** How far the build is: steps finished of those BuildKit has named. */
export function stepsFraction(steps: readonly BuildStep[]): number {
	const finished = steps.filter(step => step.state === 'DONE' || step.state === 'CACHED').length;
	return steps.length === 0 ? 0 : finished / steps.length;
}
