import assert from 'node:assert/strict';
import {test} from 'node:test';
import {createdAgo, humanDuration} from '../../source/format/duration.ts';

const second = 1000;
const minute = 60 * second;
const hour = 60 * minute;
const day = 24 * hour;

test('durations use the docker CLI words (go-units HumanDuration)', () => {
	const cases: Array<[number, string]> = [
		[0, 'Less than a second'],
		[999, 'Less than a second'],
		[1 * second, '1 second'],
		[59 * second, '59 seconds'],
		[60 * second, 'About a minute'],
		[119 * second, 'About a minute'],
		[2 * minute, '2 minutes'],
		[59 * minute, '59 minutes'],
		[60 * minute, 'About an hour'],
		[89 * minute, 'About an hour'],
		[90 * minute, '2 hours'],
		[47 * hour, '47 hours'],
		[48 * hour, '2 days'],
		[3 * day, '3 days'],
		[13 * day, '13 days'],
		[14 * day, '2 weeks'],
		[59 * day, '8 weeks'],
		[60 * day, '2 months'],
		[364 * day, '12 months'],
		[729 * day, '24 months'],
		[730 * day, '2 years'],
		[3 * 365 * day, '3 years'],
	];
	for (const [ms, expected] of cases) {
		assert.equal(humanDuration(ms), expected, `${ms} ms`);
	}
});

test('CREATED reads "… ago" from Unix seconds', () => {
	const now = Date.UTC(2026, 10, 28, 12, 0, 0);
	assert.equal(createdAgo(now / 1000 - 90, now), 'About a minute ago');
	assert.equal(createdAgo(now / 1000 - 3 * 86_400, now), '3 days ago');
	assert.equal(createdAgo(now / 1000 - 15 * 86_400, now), '2 weeks ago');
	assert.equal(createdAgo(now / 1000 - 3600, now), 'About an hour ago');
	// A clock ahead of ours: docker prints the same.
	assert.equal(createdAgo(now / 1000 + 30, now), 'Less than a second ago');
});
