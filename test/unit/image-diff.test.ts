// The comparison of two images over archives built here: every kind of change
// once, the tree's deltas and order, the history side by side, the report.
import assert from 'node:assert/strict';
import {Readable} from 'node:stream';
import {test} from 'node:test';
import {changedPaths, diffImages, type DiffSide} from '../../source/analysis/image-diff.ts';
import {diffHistory} from '../../source/analysis/history-diff.ts';
import {scanArchive, type ScanResult} from '../../source/analysis/image-scan.ts';
import {newRoot, type TreeNode} from '../../source/analysis/file-tree.ts';
import {diffReport} from '../../source/commands/diff.ts';
import {formatDiff, jsonDiff, signedSize, summaryLine, treeLines} from '../../source/commands/diff-report.ts';
import {diffArchives, expectedChanges, expectedSummary, DIFF_FROM, DIFF_TO} from '../helpers/diff-images.ts';
import {legacyToOci} from '../helpers/image-tar.ts';

const scan = (archive: Buffer) => scanArchive(Readable.from([archive]), undefined, undefined, {details: true});
const side = (result: ScanResult): DiffSide => ({final: result.final, diffIds: result.config.diffIds});

async function scans(): Promise<[ScanResult, ScanResult]> {
	const {from, to} = await diffArchives();
	return [await scan(from), await scan(to)];
}

test('every kind of change once: content at the same size, mode only, whiteout, a directory replaced by a file, an opaque directory, a symlink', async () => {
	const [a, b] = await scans();
	const diff = diffImages(side(a), side(b));
	const changes = [...changedPaths(diff.root)].map(node => (node.reasons ? [node.path, node.change, node.reasons] : [node.path, node.change])).sort((x, y) => (x[0]! < y[0]! ? -1 : 1));
	assert.deepEqual(changes, expectedChanges);
	assert.deepEqual(diff.summary, expectedSummary);
	assert.equal(diff.root.delta, expectedSummary.added.bytes - expectedSummary.removed.bytes + expectedSummary.changed.bytes);
});

test('the same differences from OCI layouts with gzip layers', async () => {
	const {from, to} = await diffArchives();
	const a = await scan(await legacyToOci(from, {gzip: true}));
	const b = await scan(await legacyToOci(to, {gzip: true}));
	assert.deepEqual(diffImages(side(a), side(b)).summary, expectedSummary);
});

test('an image against itself, and the reverse direction', async () => {
	const [a, b] = await scans();
	const same = diffImages(side(a), side(a));
	assert.deepEqual([same.root.changes, same.root.children], [0, []]);
	const back = diffImages(side(b), side(a));
	assert.deepEqual(back.summary.added, {count: expectedSummary.removed.count, bytes: expectedSummary.removed.bytes});
	assert.deepEqual(back.summary.removed, {count: expectedSummary.added.count, bytes: expectedSummary.added.bytes});
	assert.equal(back.summary.changed.count, expectedSummary.changed.count);
});

test('directories carry the delta of what is under them, largest first', async () => {
	const [a, b] = await scans();
	const {root} = diffImages(side(a), side(b));
	assert.deepEqual(root.children.map(node => [node.path, node.delta]), [
		['/new', 12_010], ['/data', 300 - 5000], ['/gone.txt', -2500], ['/opq', 50 - 700], ['/from.txt', -5], ['/bin', 0], ['/etc', 0], ['/link', 0],
	]);
	assert.deepEqual(treeLines(root).slice(0, 4), [
		'  +12kB  + /new/  2 paths',
		'  \u22124.7kB  ~ /data  dir \u2192 file',
		'  \u22124kB  \u2212   x  4kB',
		'  \u22121kB  \u2212   y  1kB',
	].map(line => line.replace(/^ *(\S+)/, (_, size: string) => size.padStart(9))));
});

function fileNode(size: number, layer: number, hash: string): TreeNode {
	return {size, layer, dir: false, entry: {path: '', size, kind: 'file', meta: {mode: 0o644, uid: 0, gid: 0, hash}}};
}

test('content is compared only at equal sizes, and not at all for a version both take from the same layer', () => {
	const tree = (node: TreeNode) => {
		const root = newRoot();
		root.children!.set('f', node);
		return root;
	};

	// Different hashes, but the same layer digest: the same bytes (the hash is not even looked at).
	assert.equal(diffImages({final: tree(fileNode(5, 0, 'one')), diffIds: ['sha256:l']}, {final: tree(fileNode(5, 1, 'two')), diffIds: ['sha256:x', 'sha256:l']}).root.changes, 0);
	// Other layers, the same hash: unchanged.
	assert.equal(diffImages({final: tree(fileNode(5, 0, 'one')), diffIds: ['sha256:a']}, {final: tree(fileNode(5, 0, 'one')), diffIds: ['sha256:b']}).root.changes, 0);
	const sized = diffImages({final: tree(fileNode(5, 0, 'one')), diffIds: ['sha256:a']}, {final: tree(fileNode(6, 0, 'two')), diffIds: ['sha256:b']});
	assert.deepEqual(sized.root.children[0]!.reasons, ['size']);
});

test('history side by side: the shared base, then where they part', async () => {
	const [a, b] = await scans();
	const history = diffHistory({steps: a.steps, diffIds: a.config.diffIds}, {steps: b.steps, diffIds: b.config.diffIds});
	assert.deepEqual(history.rows.map(row => row.shared), [true, true, false]);
	assert.equal(history.divergeAt, 3);
	assert.equal(history.sharedLayers, 1);
	assert.equal(history.rows[2]!.layerInOther, false);
	const same = diffHistory({steps: a.steps, diffIds: a.config.diffIds}, {steps: a.steps, diffIds: a.config.diffIds});
	assert.equal(same.divergeAt, undefined);
	// One more step on one side: parts where the shorter one ends.
	const longer = diffHistory({steps: a.steps.slice(0, 2), diffIds: a.config.diffIds}, {steps: a.steps, diffIds: a.config.diffIds});
	assert.deepEqual([longer.divergeAt, longer.rows[2]!.a, longer.rows[2]!.b?.step], [3, undefined, 3]);
});

test('the summary line in docker\'s units', () => {
	assert.equal(summaryLine({added: {count: 12, bytes: 3_400_000}, removed: {count: 2, bytes: 120_000}, changed: {count: 7, bytes: 800_000}}), '+12 files (+3.4MB) \u22122 (\u2212120kB) ~7 (+800kB)');
	assert.equal(signedSize(0), '0B');
	assert.equal(signedSize(-1_980_000), '\u22121.98MB');
});

test('the text and JSON reports: names sanitized, every changed path and directory listed', async () => {
	const pair = await scans();
	const report = diffReport([DIFF_FROM, 'evil\u001B[2J:1'], pair);
	const text = formatDiff(report);
	assert.match(text, /^Comparing stowage-diff\/from:1 \(3 steps, 2 layers\) with evil.*\(3 steps, 2 layers\)\n\+3 files \(\+12\.1kB\) \u22125 \(\u22128\.21kB\) ~4 \(\+300B\)\n/);
	assert.doesNotMatch(text, /\u001B/);
	assert.match(text, /History: 2 steps shared \(1 layer\), parting at step 3/);
	assert.match(text, /~ {3}conf {2}content/);
	assert.match(text, /~ {3}tool {2}mode 0755 → 0700/);
	assert.match(text, /~ \/link {2}link etc\/conf → etc\/other/);
	const json = JSON.parse(jsonDiff(diffReport([DIFF_FROM, DIFF_TO], pair))) as {summary: unknown; changes: Array<{path: string}>; directories: Array<{path: string; delta: number}>; history: {divergeAt: number}};
	assert.deepEqual(json.summary, expectedSummary);
	assert.deepEqual(json.changes.map(change => change.path).sort(), expectedChanges.map(([path]) => path));
	assert.deepEqual(json.directories[0], {path: '/new', delta: 12_010, changes: 3});
	assert.deepEqual(json.directories.find(each => each.path === '/'), {path: '/', delta: 12_060 - 8205 + 300, changes: 13});
	assert.equal(json.history.divergeAt, 3);
});
