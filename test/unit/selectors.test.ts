// The rows memo: each state lineage (one per open host) keeps its own sorted
// and filtered rows, so one host's reloads never make another's re-sort.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {ImageSummary} from '../../source/engine/types.ts';
import {reducer} from '../../source/store/reducer.ts';
import {sortedRows, visibleRows} from '../../source/store/selectors.ts';
import {initialState, type State} from '../../source/store/state.ts';

const image = (n: number, tags: string[]): ImageSummary => ({
	id: `sha256:${String(n).padStart(64, '0')}`, parentId: '', repoTags: tags, repoDigests: [], created: 1000 - n, size: n * 100, sharedSize: -1, containers: -1,
});

const host = (name: string, count: number): State => reducer(initialState(`unix:///${name}.sock`), {
	type: 'imagesLoaded',
	images: Array.from({length: count}, (_, n) => image(n, [`${name}/app:${n}`])),
});

test('two hosts alternating keep their own rows: no re-sort, no re-filter', () => {
	const a = host('a', 50);
	const b = host('b', 30);
	const sortedA = sortedRows(a);
	const visibleA = visibleRows(a);
	const visibleB = visibleRows(b);
	for (let round = 0; round < 3; round++) {
		assert.equal(visibleRows(a), visibleA, 'host a reuses its rows');
		assert.equal(sortedRows(a), sortedA);
		assert.equal(visibleRows(b), visibleB, 'host b reuses its rows');
	}

	// A background reload of b leaves a's rows cached.
	const reloadedB = reducer(b, {type: 'imagesLoaded', images: [image(1, ['b/new:1'])]});
	assert.deepEqual(visibleRows(reloadedB).map(row => row.repository), ['b/new']);
	assert.equal(visibleRows(a), visibleA);
});

test('rows follow their inputs: sort, filter, untagged', () => {
	const a = host('a', 5);
	const bySize = reducer(a, {type: 'sortNext'});
	assert.notEqual(sortedRows(bySize), sortedRows(a));
	assert.notDeepEqual(sortedRows(bySize).map(row => row.tag), sortedRows(a).map(row => row.tag));
	const filtered = reducer(reducer(a, {type: 'filterStart'}), {type: 'filterInput', text: 'app:3'});
	assert.deepEqual(visibleRows(filtered).map(row => row.tag), ['3']);
	assert.equal(visibleRows(a).length, 5, 'the unfiltered rows are not the filtered ones');
});
