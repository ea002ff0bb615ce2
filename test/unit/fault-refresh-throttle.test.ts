// The refresh throttle under an event burst (fake timers): a leading and a trailing
// edge, at most one run per interval, and never two runs in flight at once.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {createRetryingThrottle, createThrottle, type Clock} from '../../source/store/refresh-throttle.ts';

function fakeClock() {
	let now = 0;
	let next = 1;
	const timers = new Map<number, {at: number; callback: () => void}>();
	const clock: Clock = {
		now: () => now,
		setTimeout(callback, ms) {
			const id = next++;
			timers.set(id, {at: now + ms, callback});
			return id;
		},
		clearTimeout: id => timers.delete(id as number),
	};
	/** Moves time on by `ms`, firing due timers in order, and lets promise callbacks run. */
	async function advance(ms: number) {
		const end = now + ms;
		for (;;) {
			const due = [...timers.entries()].filter(([, timer]) => timer.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
			if (!due) {
				break;
			}

			timers.delete(due[0]);
			now = due[1].at;
			due[1].callback();
			await flush();
		}

		now = end;
		await flush();
	}

	return {clock, advance, pending: () => timers.size};
}

const flush = async () => {
	for (let i = 0; i < 20; i++) {
		await Promise.resolve();
	}
};

/** A refresh that takes `ms` of fake time, counting runs and the most in flight at once. */
function recorder(advanceBy: {ms: number}) {
	const starts: number[] = [];
	let inFlight = 0;
	let most = 0;
	const finishers: Array<() => void> = [];
	return {
		run(now: () => number) {
			return async () => {
				starts.push(now());
				inFlight++;
				most = Math.max(most, inFlight);
				if (advanceBy.ms > 0) {
					await new Promise<void>(resolve => finishers.push(resolve));
				}

				inFlight--;
			};
		},
		finishOne: () => finishers.shift()?.(),
		starts,
		most: () => most,
	};
}

test('fault event burst: the first event refreshes at once (leading edge), a burst refreshes every 250 ms, and once more after the last event (trailing edge)', async () => {
	const {clock, advance} = fakeClock();
	const record = recorder({ms: 0});
	const throttle = createThrottle(record.run(clock.now), 250, clock);
	throttle.request();
	await flush();
	assert.deepEqual(record.starts, [0], 'the leading edge runs without waiting');
	// 338 events over 3 s, one every ~9 ms, as a tag/rmi storm sends them.
	for (let i = 0; i < 338; i++) {
		await advance(9);
		throttle.request();
	}

	await advance(1000);
	const gaps = record.starts.slice(1).map((start, index) => start - record.starts[index]!);
	assert.ok(gaps.every(gap => gap >= 250), `no two runs closer than 250 ms: ${record.starts.join(', ')}`);
	assert.ok(gaps.every(gap => gap <= 260), `a run at least every ~250 ms during the burst: ${record.starts.join(', ')}`);
	assert.ok(record.starts.length >= 12 && record.starts.length <= 14, `about one run per 250 ms over 3 s: ${record.starts.length}`);
	assert.ok(record.starts.at(-1)! >= 338 * 9, `the trailing edge comes after the last event: ${record.starts.at(-1)}`);
});

test('fault slow refresh during a burst: never two refreshes in flight; a request meanwhile marks dirty and runs once more when the first ends', async () => {
	const {clock, advance} = fakeClock();
	const record = recorder({ms: 1});
	const throttle = createThrottle(record.run(clock.now), 250, clock);
	throttle.request();
	await flush();
	for (let i = 0; i < 100; i++) {
		await advance(10);
		throttle.request();
	}

	assert.equal(record.starts.length, 1, 'the slow refresh still runs: nothing else started');
	record.finishOne();
	await flush();
	assert.equal(record.starts.length, 2, 'one more run for all the requests made meanwhile');
	assert.equal(record.most(), 1);
	record.finishOne();
	await advance(1000);
	assert.equal(record.starts.length, 2, 'nothing more once caught up');
});

test('fault refresh fails during a burst: the throttle keeps going, and cancel drops a pending trailing run', async () => {
	const {clock, advance, pending} = fakeClock();
	let runs = 0;
	const throttle = createThrottle(async () => {
		runs++;
		throw new Error('engine error 500');
	}, 250, clock);
	throttle.request();
	await flush();
	throttle.request();
	await advance(300);
	assert.equal(runs, 2, 'a failed run does not stop the next');
	throttle.request();
	assert.equal(pending(), 1);
	throttle.cancel();
	assert.equal(pending(), 0);
	await advance(1000);
	assert.equal(runs, 2);
});

test('fault refresh refused for a while (engine error 500): retried after 500 ms, 1 s, 2 s… until it works, with no request asking again', async () => {
	const {clock, advance} = fakeClock();
	const starts: number[] = [];
	let failures = 3;
	const throttle = createRetryingThrottle(async () => {
		starts.push(clock.now());
		return failures-- <= 0;
	}, 250, [500, 1000, 2000], () => true, clock);
	throttle.request();
	await flush();
	for (let i = 0; i < 100; i++) {
		await advance(100);
	}

	assert.deepEqual(starts, [0, 500, 1500, 3500], 'three failures retried with a growing delay, then it stops');
});
