// Pages of a listing (a registry's tags or repositories) go into the store at most
// ~15 times a second, the pace the job runner keeps for progress: a page that comes
// sooner than that after the last one waits for the interval, with whatever else comes
// meanwhile, so that a fast registry's 20 pages of tags are a few merges and redraws
// instead of one each, and keys typed while they stream in are not queued behind them.
// The first page goes in at once (the first screen is not held up).
import {realClock, type Clock} from './refresh-throttle.ts';

export type PageBatcher = {
	/** A page as it came: stored now, or with the next flush. */
	add(items: readonly string[]): void;
	/** The listing is complete: what is pending goes in now. */
	end(): void;
	/** The listing was cancelled: what is pending is dropped. */
	drop(): void;
};

/** `store(items, append)`: the first call replaces (append false), later ones append; an empty page stores nothing. */
export function createPageBatcher(store: (items: readonly string[], append: boolean) => void, intervalMs: number, clock: Clock = realClock): PageBatcher {
	let pending: string[] = [];
	let stored = false;
	let storedAt = Number.NEGATIVE_INFINITY;
	let timer: unknown;
	const flush = () => {
		if (timer !== undefined) {
			clock.clearTimeout(timer);
			timer = undefined;
		}

		if (pending.length === 0) {
			return;
		}

		const items = pending;
		pending = [];
		store(items, stored);
		stored = true;
		storedAt = clock.now();
	};

	return {
		add(items) {
			for (const item of items) {
				pending.push(item);
			}

			const wait = storedAt + intervalMs - clock.now();
			if (!stored || wait <= 0) {
				flush();
			} else {
				timer ??= clock.setTimeout(flush, wait);
			}
		},
		end: flush,
		drop() {
			if (timer !== undefined) {
				clock.clearTimeout(timer);
				timer = undefined;
			}

			pending = [];
		},
	};
}
