// Walking the layer explorer through the history: the filesystem as of each step
// (replayed from the scan's changes), and the view kept on the same path.
import assert from 'node:assert/strict';
import {Readable} from 'node:stream';
import {test} from 'node:test';
import {scanArchive, type ScanResult} from '../../source/analysis/image-scan.ts';
import {walk} from '../../source/analysis/file-tree.ts';
import {analysisReducer, type ExplorerOverlay} from '../../source/store/analysis-state.ts';
import {explorerView, layerAsOf, lineOf, treeAsOf} from '../../source/store/explorer-lines.ts';
import {layerTar, legacyArchive} from '../helpers/image-tar.ts';

const history = [
	{created_by: '/bin/sh -c #(nop) ADD file:base in / '},
	{created_by: '/bin/sh -c #(nop)  ENV A=b', empty_layer: true},
	{created_by: '/bin/sh -c write /app'},
	{created_by: '/bin/sh -c rm -rf /tmp/build && rewrite /etc'},
];

async function scan(): Promise<ScanResult> {
	const layers = [
		await layerTar([{name: 'etc/', type: 'directory'}, {name: 'etc/conf', size: 10}, {name: 'etc/keep', size: 3}, {name: 'tmp/', type: 'directory'}, {name: 'tmp/build/', type: 'directory'}, {name: 'tmp/build/a.o', size: 500}]),
		await layerTar([{name: 'app/', type: 'directory'}, {name: 'app/main', size: 2000}, {name: 'app/lib/', type: 'directory'}, {name: 'app/lib/x.so', size: 700}]),
		await layerTar([{name: '.wh.tmp'}, {name: 'etc/', type: 'directory'}, {name: 'etc/.wh..wh..opq'}, {name: 'etc/conf', size: 12}]),
	];
	return scanArchive(Readable.from([await legacyArchive(layers, history)]));
}

const files = (root: ReturnType<typeof treeAsOf>) => [...walk(root, '/')].filter(([, node]) => !node.dir).map(([path, node]) => `${path} ${node.size}`).sort();

test('the filesystem as of each layer, whiteouts and opaque directories applied; the last one is the final filesystem', async () => {
	const result = await scan();
	assert.deepEqual(files(treeAsOf(result, 0)), ['/etc/conf 10', '/etc/keep 3', '/tmp/build/a.o 500']);
	assert.deepEqual(files(treeAsOf(result, 1)), ['/app/lib/x.so 700', '/app/main 2000', '/etc/conf 10', '/etc/keep 3', '/tmp/build/a.o 500']);
	assert.deepEqual(files(treeAsOf(result, 2)), files(result.final));
	assert.deepEqual(files(result.final), ['/app/lib/x.so 700', '/app/main 2000', '/etc/conf 12']);
	// A metadata step shows the layer before it.
	assert.deepEqual([1, 2, 3, 4].map(step => layerAsOf(result, step)), [0, 0, 1, 2]);
});

test('the aggregated view as of a step, and its heading', async () => {
	const result = await scan();
	const asOf3 = explorerView(result, 3, true, '');
	assert.equal(asOf3.heading[1], 'filesystem as of step 3: 3.21kB in 5 files');
	assert.deepEqual(asOf3.paths, ['/app', '/app/main', '/app/lib', '/app/lib/x.so', '/tmp', '/tmp/build', '/tmp/build/a.o', '/etc', '/etc/conf', '/etc/keep']);
	assert.equal(explorerView(result, 4, true, '').heading[1], 'final filesystem: 2.71kB in 3 files');
	assert.equal(explorerView(result, 2, false, '').heading[1], 'this step made no layer (metadata only)');
	assert.deepEqual([lineOf(asOf3, '/etc/keep'), lineOf(asOf3, '/etc/gone/deeper'), lineOf(asOf3, '/nowhere')], [9, 7, 0]);
});

test('← and → walk the steps within the history, keeping the path at the top of the view', async () => {
	const result = await scan();
	const overlay: ExplorerOverlay = {kind: 'explorer', imageId: 'i', title: 'img', step: 3, finalView: true, filter: '', filtering: false, scroll: 7, cursor: 7};
	let state = {overlay, analysis: {imageId: 'i', status: 'done' as const, scan: result}};
	const explorer = () => state.overlay as ExplorerOverlay;
	// /etc at the top as of step 3; as of step 4 /tmp is gone, /etc comes after /app's four lines.
	state = analysisReducer(state, {type: 'explorerStep', delta: 1});
	assert.deepEqual([explorer().step, explorer().cursor, explorer().scroll], [4, 4, 4]);
	assert.equal(explorerView(result, 4, true, '').paths[4], '/etc');
	// Already at the newest step: nothing moves.
	assert.equal(analysisReducer(state, {type: 'explorerStep', delta: 1}), state);
	// f: the step's own changes, still on /etc.
	state = analysisReducer(state, {type: 'explorerToggleFinal'});
	const changes = explorerView(result, 4, false, '');
	assert.equal(changes.paths[explorer().cursor], '/etc');
	state = analysisReducer(state, {type: 'explorerStep', delta: -1});
	state = analysisReducer(state, {type: 'explorerStep', delta: -1});
	state = analysisReducer(state, {type: 'explorerStep', delta: -1});
	assert.equal(explorer().step, 1);
	assert.equal(analysisReducer(state, {type: 'explorerStep', delta: -1}), state);
});
