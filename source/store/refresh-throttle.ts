// Runs a refresh at most once per interval while requests keep coming (an event burst):
// the first request runs at once (leading edge), later ones collapse into one run at the
// end of the interval (trailing edge), and a run never starts while another is in flight:
// a request made meanwhile marks the view dirty and runs once more when it ends.

export type Clock = {
	now(): number;
	setTimeout(callback: () => void, ms: number): unknown;
	clearTimeout(timer: unknown): void;
};

const realClock: Clock = {
	now: () => Date.now(),
	setTimeout: (callback, ms) => setTimeout(callback, ms),
	clearTimeout: timer => clearTimeout(timer as NodeJS.Timeout),
};

export type Throttle = {
	request(): void;
	cancel(): void;
};

export function createThrottle(run: () => Promise<void>, intervalMs: number, clock: Clock = realClock): Throttle {
	let running = false;
	let dirty = false;
	let timer: unknown;
	let lastStart = Number.NEGATIVE_INFINITY;
	let cancelled = false;

	function start() {
		timer = undefined;
		running = true;
		dirty = false;
		lastStart = clock.now();
		void run().catch(() => undefined).finally(() => {
			running = false;
			if (dirty && !cancelled) {
				request();
			}
		});
	}

	function request() {
		cancelled = false;
		if (running) {
			dirty = true;
			return;
		}

		if (timer !== undefined) {
			return;
		}

		const wait = lastStart + intervalMs - clock.now();
		if (wait <= 0) {
			start();
		} else {
			timer = clock.setTimeout(start, wait);
		}
	}

	return {
		request,
		cancel() {
			cancelled = true;
			dirty = false;
			if (timer !== undefined) {
				clock.clearTimeout(timer);
				timer = undefined;
			}
		},
	};
}

/**
 * The same, for a run that reports failure: a failed run (an engine error of the moment)
 * is run again after a growing delay, until it works or `shouldRetry` says no; a request
 * meanwhile runs as usual.
 */
export function createRetryingThrottle(run: () => Promise<boolean>, intervalMs: number, retryDelaysMs: readonly number[], shouldRetry: () => boolean, clock: Clock = realClock): Throttle {
	let attempt = 0;
	let retryTimer: unknown;
	const stopRetry = () => {
		if (retryTimer !== undefined) {
			clock.clearTimeout(retryTimer);
			retryTimer = undefined;
		}
	};

	const throttle = createThrottle(async () => {
		const ok = await run();
		stopRetry();
		if (ok || !shouldRetry()) {
			attempt = 0;
			return;
		}

		const delay = retryDelaysMs[Math.min(attempt++, retryDelaysMs.length - 1)]!;
		retryTimer = clock.setTimeout(() => {
			retryTimer = undefined;
			throttle.request();
		}, delay);
	}, intervalMs, clock);
	return {
		request: throttle.request,
		cancel() {
			throttle.cancel();
			stopRetry();
			attempt = 0;
		},
	};
}
