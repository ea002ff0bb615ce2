import assert from 'node:assert/strict';
import {test} from 'node:test';
import {applyMessages, emptyProgress, layerFraction, overallFraction, visibleLayers} from '../../source/store/job-progress.ts';

test('a pull keeps one line per layer, redrawn in place, and its digest', () => {
	const progress = applyMessages(emptyProgress, [
		{status: 'Pulling from team/app', id: '1.0'},
		{status: 'Pulling fs layer', id: 'aaaaaaaaaaaa'},
		{status: 'Already exists', id: 'bbbbbbbbbbbb'},
		{status: 'Downloading', id: 'aaaaaaaaaaaa', current: 50, total: 100},
		{status: 'Extracting', id: 'aaaaaaaaaaaa', current: 100, total: 100},
		{status: 'Pull complete', id: 'aaaaaaaaaaaa'},
		{status: `Digest: sha256:${'c'.repeat(64)}`},
		{status: 'Status: Downloaded newer image for 127.0.0.1:5000/team/app:1.0'},
	]);
	// "Pulling from" carries the tag as its id: a log line, not a layer (it would hold the bar at 0).
	assert.deepEqual(progress.layers.map(layer => `${layer.id} ${layer.status}`), ['aaaaaaaaaaaa Pull complete', 'bbbbbbbbbbbb Already exists']);
	assert.equal(progress.log[0], '1.0: Pulling from team/app');
	assert.equal(overallFraction(progress), 1);
	assert.equal(progress.digest, `sha256:${'c'.repeat(64)}`);
	assert.match(progress.log.at(-1)!, /Downloaded newer image/);
});

test('layer fractions: download then extract, push bytes, done states', () => {
	assert.equal(layerFraction({id: 'a', status: 'Downloading', current: 50, total: 100}), 0.25);
	assert.equal(layerFraction({id: 'a', status: 'Extracting', current: 50, total: 100}), 0.75);
	assert.equal(layerFraction({id: 'a', status: 'Pushing', current: 30, total: 100}), 0.3);
	assert.equal(layerFraction({id: 'a', status: 'Layer already exists'}), 1);
	assert.equal(layerFraction({id: 'a', status: 'Mounted from team/base'}), 1);
	assert.equal(layerFraction({id: 'a', status: 'Waiting'}), 0);
});

test('a push: the refers-to line is a log line; the aux digest is kept', () => {
	const progress = applyMessages(emptyProgress, [
		{status: 'The push refers to repository [127.0.0.1:5000/team/app]'},
		{status: 'Preparing', id: 'aaaaaaaaaaaa'},
		{status: 'Pushed', id: 'aaaaaaaaaaaa'},
		{status: `1.0: digest: sha256:${'d'.repeat(64)} size: 528`},
		{aux: {Tag: '1.0', Digest: `sha256:${'d'.repeat(64)}`, Size: 528}},
	]);
	assert.equal(progress.layers.length, 1);
	assert.equal(overallFraction(progress), 1);
	assert.equal(progress.digest, `sha256:${'d'.repeat(64)}`);
});

test('a build: steps give progress, output is logged line by line', () => {
	const progress = applyMessages(emptyProgress, [
		{stream: 'Step 1/4 : FROM base\n'},
		{stream: ' ---> abc\n'},
		{stream: 'Step 3/4 : RUN echo hi\n'},
		{stream: 'hi\nthere\n'},
	]);
	assert.deepEqual(progress.step, {index: 3, count: 4});
	assert.equal(overallFraction(progress), 0.5);
	assert.deepEqual(progress.log, ['Step 1/4 : FROM base', ' ---> abc', 'Step 3/4 : RUN echo hi', 'hi', 'there']);
});

test('the log is capped', () => {
	const progress = applyMessages(emptyProgress, Array.from({length: 2500}, (_, index) => ({stream: `line ${index}\n`})));
	assert.equal(progress.log.length, 2000);
	assert.equal(progress.log.at(-1), 'line 2499');
});

test('layers that fit are all shown in order; otherwise the moving ones, then waiting, then done, and a count of the rest', () => {
	const layer = (id: string, status: string, current?: number, total?: number) => ({id, status, current, total});
	const layers = [
		layer('a', 'Pushed'),
		layer('b', 'Pushed'),
		layer('c', 'Pushing', 5, 10),
		layer('d', 'Waiting'),
		layer('e', 'Pushing', 1, 10),
		layer('f', 'Layer already exists'),
		layer('g', 'Preparing'),
	];
	assert.deepEqual(visibleLayers(layers, 7), {shown: layers});
	assert.deepEqual(visibleLayers(layers, 4), {shown: [layers[2], layers[3], layers[4]], hidden: {active: 0, waiting: 1, done: 3}});
	assert.deepEqual(visibleLayers(layers, 2), {shown: [layers[2]], hidden: {active: 1, waiting: 2, done: 3}});
	// A pull: downloading and extracting move; "Pulling fs layer" waits; "Pull complete" is done.
	const pull = [layer('p', 'Pull complete'), layer('q', 'Extracting', 3, 4), layer('r', 'Pulling fs layer')];
	assert.deepEqual(visibleLayers(pull, 2).shown.map(shown => shown.id), ['q']);
});

test('a push\'s bar weighs layers by bytes: 6 MB of 315 MB beside a layer that already exists is 2%, not 50%', () => {
	// The lines dockerd sends for such a push (ids and sizes as in the probe that found it).
	const start = applyMessages(emptyProgress, [
		{status: 'The push refers to repository [127.0.0.1:5000/team/big]'},
		{status: 'Preparing', id: '5f70bf18a086'},
		{status: 'Preparing', id: 'e2eb06d8af82'},
		{status: 'Waiting', id: '5f70bf18a086'},
		{status: 'Layer already exists', id: 'e2eb06d8af82'},
		{status: 'Pushing', id: '5f70bf18a086', current: 6_000_000, total: 315_000_000},
	]);
	assert.ok(Math.abs(overallFraction(start)! - 6 / 315) < 1e-9, String(overallFraction(start)));
	const later = applyMessages(start, [{status: 'Pushing', id: '5f70bf18a086', current: 157_500_000, total: 315_000_000}]);
	assert.equal(overallFraction(later), 0.5);
	// "Pushed" carries no sizes: the layer keeps the one it had, and the bar ends at 1.
	const done = applyMessages(later, [{status: 'Pushed', id: '5f70bf18a086'}]);
	assert.equal(done.layers[0]!.size, 315_000_000);
	assert.equal(overallFraction(done), 1);
});

test('push bar: a layer still waiting, size unknown, weighs the mean known size; with no size known, layers count alike', () => {
	const waiting = applyMessages(emptyProgress, [
		{status: 'Pushing', id: 'aaaaaaaaaaaa', current: 10, total: 100},
		{status: 'Waiting', id: 'bbbbbbbbbbbb'},
		{status: 'Mounted from team/base', id: 'cccccccccccc'},
	]);
	assert.equal(overallFraction(waiting), 10 / 200);
	const unsized = applyMessages(emptyProgress, [
		{status: 'Pushed', id: 'aaaaaaaaaaaa'},
		{status: 'Waiting', id: 'bbbbbbbbbbbb'},
	]);
	assert.equal(overallFraction(unsized), 0.5);
	// A pull: download and extract halves, weighted by the compressed size the engine gives.
	const pull = applyMessages(emptyProgress, [
		{status: 'Downloading', id: 'aaaaaaaaaaaa', current: 900, total: 1000},
		{status: 'Extracting', id: 'bbbbbbbbbbbb', current: 9000, total: 9000},
		{status: 'Already exists', id: 'cccccccccccc'},
	]);
	assert.equal(overallFraction(pull), (0.45 * 1000 + 1 * 9000) / 10_000);
});
