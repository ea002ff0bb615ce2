// Runs background jobs: one AbortController each, progress batched into the
// store at most ~15 times a second however fast the engine talks.
import {describeError} from '../engine/describe-error.ts';
import type {Endpoint} from '../engine/endpoint.ts';
import {isAbort} from '../engine/engine-error.ts';
import {progressReadIntervalMs, type ProgressMessage} from '../engine/progress-stream.ts';
import type {JobKind} from './jobs.ts';
import type {Store} from './store.ts';

// The store takes progress at the pace the engine's progress streams are read: one cadence, ~15 Hz.
const flushMs = progressReadIntervalMs;
// A read paced at the same interval can come a hair before it is over, by the clock's reckoning.
const earlyMs = 8;

export type JobReport = {
	progress(message: ProgressMessage): void;
	bytes(done: number, total?: number): void;
};

export type JobBody = (signal: AbortSignal, report: JobReport) => Promise<string | undefined>;

export type JobRunner = {
	start(kind: JobKind, title: string, body: JobBody): Promise<boolean>;
	cancel(id: number): boolean;
	/** Cancels every running job; resolves once each has finished (cleaned up after itself). */
	cancelAll(): Promise<void>;
};

export function createJobRunner(store: Store, endpoint: Endpoint, onFinished: () => void): JobRunner {
	let nextId = 1;
	const running = new Map<number, {controller: AbortController; finished: Promise<void>}>();

	return {
		async start(kind, title, body) {
			const id = nextId++;
			const controller = new AbortController();
			let finish = () => {};
			running.set(id, {controller, finished: new Promise(resolve => {
				finish = resolve;
			})});
			store.dispatch({type: 'jobStarted', id, kind, title, at: Date.now()});
			let pending: ProgressMessage[] = [];
			let bytes: {done: number; total?: number} | undefined;
			let timer: NodeJS.Timeout | undefined;
			let flushedAt = 0;
			let flushQueued = false;
			const flush = () => {
				clearTimeout(timer);
				timer = undefined;
				flushQueued = false;
				flushedAt = Date.now();
				if (pending.length > 0 || bytes) {
					store.dispatch({type: 'jobProgress', id, messages: pending, bytes, at: flushedAt});
					pending = [];
					bytes = undefined;
				}
			};

			// At most one store update per 66 ms. Progress streams are read in bursts (one read
			// every 66 ms, see engine/paced-reads.ts): the burst that finds the interval over is
			// flushed whole once its read is handled, in a microtask, and no timer wakes the
			// process for it. The timer only catches what comes sooner than that.
			const schedule = () => {
				if (flushQueued) {
					return;
				}

				const since = Date.now() - flushedAt;
				if (since >= flushMs - earlyMs) {
					flushQueued = true;
					queueMicrotask(flush);
				} else {
					timer ??= setTimeout(flush, flushMs - since);
				}
			};

			const report: JobReport = {
				progress(message) {
					pending.push(message);
					schedule();
				},
				bytes(done, total) {
					bytes = {done, total};
					schedule();
				},
			};
			try {
				const result = await body(controller.signal, report);
				clearTimeout(timer);
				flush();
				store.dispatch({type: 'jobFinished', id, status: 'done', result, at: Date.now()});
				return true;
			} catch (error) {
				clearTimeout(timer);
				flush();
				if (controller.signal.aborted || isAbort(error)) {
					store.dispatch({type: 'jobFinished', id, status: 'cancelled', error: 'cancelled', at: Date.now()});
				} else {
					store.dispatch({type: 'jobFinished', id, status: 'failed', error: describeError(error, endpoint), at: Date.now()});
				}

				return false;
			} finally {
				running.delete(id);
				finish();
				onFinished();
			}
		},
		cancel(id) {
			const job = running.get(id);
			job?.controller.abort();
			return job !== undefined;
		},
		async cancelAll() {
			const jobs = [...running.values()];
			for (const {controller} of jobs) {
				controller.abort();
			}

			await Promise.all(jobs.map(async job => job.finished));
		},
	};
}
