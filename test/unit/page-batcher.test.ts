import assert from 'node:assert/strict';
import {test} from 'node:test';
import {createPageBatcher} from '../../source/store/page-batcher.ts';
import type {Clock} from '../../source/store/refresh-throttle.ts';

/** A clock whose time moves only when told, its timers run as it passes them. */
function fakeClock(): Clock & {advance(ms: number): void} {
	let now = 0;
	let timers: Array<{at: number; callback: () => void; id: number}> = [];
	let ids = 0;
	return {
		now: () => now,
		setTimeout(callback, ms) {
			const id = ++ids;
			timers.push({at: now + ms, callback, id});
			return id;
		},
		clearTimeout(id) {
			timers = timers.filter(timer => timer.id !== id);
		},
		advance(ms) {
			now += ms;
			for (const timer of timers.filter(each => each.at <= now)) {
				timers = timers.filter(each => each !== timer);
				timer.callback();
			}
		},
	};
}

test('the first page goes in at once; pages that come within the interval go in together at its end', () => {
	const clock = fakeClock();
	const stored: Array<[string[], boolean]> = [];
	const pages = createPageBatcher((items, append) => stored.push([[...items], append]), 66, clock);
	pages.add(['a', 'b']);
	assert.deepEqual(stored, [[['a', 'b'], false]], 'the first screen is not held up');
	clock.advance(10);
	pages.add(['c']);
	clock.advance(10);
	pages.add(['d']);
	assert.equal(stored.length, 1, 'held until the interval is over');
	clock.advance(46);
	assert.deepEqual(stored.at(-1), [['c', 'd'], true]);
	clock.advance(100);
	pages.add(['e']);
	assert.deepEqual(stored.at(-1), [['e'], true], 'a page after a quiet interval goes in at once');
	pages.add(['f']);
	pages.end();
	assert.deepEqual(stored.at(-1), [['f'], true], 'the end stores what waits');
	assert.equal(stored.length, 4);
});

test('a cancelled listing drops what waits; an empty page stores nothing', () => {
	const clock = fakeClock();
	const stored: Array<[string[], boolean]> = [];
	const pages = createPageBatcher((items, append) => stored.push([[...items], append]), 66, clock);
	pages.add([]);
	assert.deepEqual(stored, []);
	pages.add(['a']);
	assert.deepEqual(stored, [[['a'], false]], 'the first page with names replaces');
	pages.add(['b']);
	pages.drop();
	clock.advance(1000);
	pages.end();
	assert.deepEqual(stored, [[['a'], false]]);
});
