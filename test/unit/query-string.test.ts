import assert from 'node:assert/strict';
import {test} from 'node:test';
import {buildQuery} from '../../source/engine/query-string.ts';

test('an undefined or null option is left out, never sent as an empty `key=` (Podman answers 500 to `filters=`)', () => {
	assert.equal(buildQuery({all: false, filters: undefined}), 'all=false');
	assert.equal(buildQuery({since: undefined, filters: '{"type":["image"]}'}), 'filters=%7B%22type%22%3A%5B%22image%22%5D%7D');
	assert.equal(buildQuery({tag: null}), '');
});

test('objects travel as JSON and arrays as repeated keys, as docker-modem sends them', () => {
	assert.equal(buildQuery({filters: {dangling: ['true']}}), 'filters=%7B%22dangling%22%3A%5B%22true%22%5D%7D');
	assert.equal(buildQuery({names: ['x:1', 'y:2']}), 'names=x%3A1&names=y%3A2');
	assert.equal(buildQuery({t: ['a', 'b'], nocache: false, rm: true}), 't=a&t=b&nocache=false&rm=true');
	assert.equal(buildQuery({all: 0, q: ''}), 'all=0&q=');
});
