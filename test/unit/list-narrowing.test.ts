// Typing a filter at 50,000 images: each character narrows the rows the shorter filter kept
// (selectors.ts) instead of matching every row again, and the CREATED column's width is
// found without formatting every row (image-columns.ts). Both must give exactly what the
// plain computation gives, on a real engine's list (1,000 bench images) with untagged,
// digest-only and differently aged images mixed in.
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {test} from 'node:test';
import {parseImages} from '../../source/engine/parse.ts';
import type {ImageSummary} from '../../source/engine/types.ts';
import {reducer} from '../../source/store/reducer.ts';
import {toRows} from '../../source/store/image-rows.ts';
import {filterRows, sortRows} from '../../source/store/select-rows.ts';
import {sortedRows, visibleRows} from '../../source/store/selectors.ts';
import {initialState, type State} from '../../source/store/state.ts';
import {createdAgo} from '../../source/format/duration.ts';
import {measure} from '../../source/ui/image-columns.ts';

const bench = parseImages(JSON.parse(readFileSync(new URL('fixtures/bench-images-1000.json', import.meta.url), 'utf8')));
const now = Date.parse('2026-12-03T12:00:00Z');
const extra: ImageSummary[] = [
	{id: `sha256:${'ab'.repeat(32)}`, parentId: '', repoTags: [], repoDigests: ['Bench/Digest@sha256:' + 'cd'.repeat(32)], created: (now / 1000) - 90, size: 5, sharedSize: -1, containers: -1},
	{id: `sha256:${'ef'.repeat(32)}`, parentId: '', repoTags: [], repoDigests: [], created: (now / 1000) - 3600 * 30, size: 7, sharedSize: -1, containers: -1},
	{id: `sha256:${'01'.repeat(32)}`, parentId: '', repoTags: ['Upper/Case:V1', 'bench/img-0x:old'], repoDigests: [], created: 0, size: 9, sharedSize: -1, containers: -1},
];
const images = [...bench, ...extra];
const loaded = (): State => reducer(initialState('unix:///bench.sock'), {type: 'imagesLoaded', images});
const type = (state: State, text: string) => reducer(state, {type: 'filterInput', text});

test('each typed character gives the rows a fresh filter gives, in the same order', () => {
	for (const showUntagged of [true, false]) {
		let state = loaded();
		if (!showUntagged) {
			state = reducer(state, {type: 'toggleUntagged'});
		}

		const sorted = sortRows(toRows(images), state.sort);
		for (const text of ['b', 'be', 'ben', 'bench/img-4', 'bench/img-49', 'bench/img-499', 'bench/img-4990', 'bench/img-4', 'bench/img-', 'bench/img-0', 'x', ' X ', ' x:o', 'ab', 'abab', 'sha256:ab', 'upper', 'UPPER/case:v1', '']) {
			state = type(state, text);
			assert.deepEqual(visibleRows(state).map(row => row.key), filterRows(sorted, text, showUntagged).map(row => row.key), `filter ${JSON.stringify(text)}, untagged shown: ${showUntagged}`);
		}
	}
});

test('the rows a filter kept are matched again only when the filter grows', () => {
	// The fixture is the newest 1,000 of the 50,000: bench/img-49000 to bench/img-49999.
	let state = type(loaded(), 'bench/img-49');
	assert.equal(visibleRows(state).length, 1000);
	state = type(state, 'bench/img-499');
	assert.equal(visibleRows(state).length, 100);
	// Back to a shorter filter: from all rows again, not from the hundred.
	state = type(state, 'bench/img-');
	assert.equal(visibleRows(state).length, 1001);
	assert.equal(sortedRows(state).length, 1004, 'the bench rows, one digest-only row, one <none> row and two tags of one image');
});

test('CREATED is as wide as the widest text any row shows, old rows formatted once', () => {
	const rows = toRows(images);
	const widest = Math.max('CREATED'.length, ...rows.map(row => createdAgo(row.created, now).length));
	assert.equal(measure(rows, now).created, widest);
	assert.equal(widest, 'About a minute ago'.length);
	// An image of 1970 (created 0) reads "56 years ago": wider than the bench's "2 years ago".
	assert.equal(measure(toRows(bench), now).created, '2 years ago'.length);
	assert.equal(measure(toRows([...bench, extra[2]!]), now).created, '56 years ago'.length);
});
