// The frame drawn before the UI is loaded (source/start/first-paint.ts): what it shows, that it fits
// any terminal, that it is drawn only for a list the UI will show as it is, and how the UI's first
// frame replaces it.
import assert from 'node:assert/strict';
import {Readable} from 'node:stream';
import {test} from 'node:test';
import {clip} from '../../source/format/clip.ts';
import {earlyListReads} from '../../source/engine/early-list-reads.ts';
import {collectImages} from '../../source/engine/image-list-stream.ts';
import {parseImages} from '../../source/engine/parse.ts';
import type {ImageSummary} from '../../source/engine/types.ts';
import {clearOnFirstFrame, firstFrame, firstFrameLines} from '../../source/start/first-paint.ts';
import {headerLine, layoutColumns, measure, rowLine, tableWidth} from '../../source/ui/image-columns.ts';
import {computeLayout} from '../../source/ui/layout.ts';
import {toRows} from '../../source/store/image-rows.ts';
import {sortRows} from '../../source/store/select-rows.ts';

const now = Date.UTC(2026, 11, 4);
const docker2010 = {ApiVersion: '1.41', MinAPIVersion: '1.12', Version: '20.10.24'};
const image = (id: string, tags: string[], created: number, size = 1000): ImageSummary => ({id: `sha256:${id.padEnd(64, '0')}`, parentId: '', repoTags: tags, repoDigests: [], created, size, sharedSize: -1, containers: -1});
const images = () => [
	image('aaa', ['old/app:1.0'], now / 1000 - 86_400 * 30),
	image('bbb', ['new/app:latest', 'new/app:2.0'], now / 1000 - 3600),
	image('ccc', [], now / 1000 - 86_400),
	image('ddd', ['wide/名前:タグ'], now / 1000 - 7200),
];
const plain = (line: string) => line.replaceAll(/\u001B\[[\d;]*m/g, '');

test('the painted frame: the header, the images pane title, the column header and the rows newest first, the first one selected', () => {
	const lines = firstFrameLines({version: docker2010, images: images(), endpointLabel: 'unix:///var/run/docker.sock', columns: 120, rows: 40, now, styles: true});
	const shown = lines.map(line => plain(line));
	assert.match(shown[0]!, /^stowage unix:\/\/\/var\/run\/docker\.sock {2}⠋ connecting +\? help {2}q quit$/);
	assert.match(shown[1]!, /^─ Images 5 ─ sort: created ─+$/);
	assert.match(shown[2]!, /^ REPOSITORY\s+TAG\s+IMAGE ID\s+CREATED\s+SIZE\s+CTRS\s+UNIQUE/);
	assert.deepEqual(shown.slice(3).map(line => line.trim().split(/\s+/).slice(0, 2).join(':')), ['new/app:2.0', 'new/app:latest', 'wide/名前:タグ', '<none>:<none>', 'old/app:1.0']);
	// The cursor's row inverse and bold, an untagged one dimmed, as the UI draws them.
	assert.ok(lines[3]!.startsWith('\u001B[7;1m'), JSON.stringify(lines[3]));
	assert.ok(lines[6]!.startsWith('\u001B[2m'), JSON.stringify(lines[6]));
	// The same lines as the images pane's: its rows, columns and widths.
	const all = sortRows(toRows(images()), 'created');
	const measured = measure(all, now);
	const columns = layoutColumns(computeLayout(120, 40, 0, tableWidth(measured)).listWidth, measured);
	assert.equal(shown[2], headerLine(columns));
	assert.deepEqual(shown.slice(3), all.map(row => rowLine(row, columns, now, false, false, false)));
	// Where Ink draws no styles (FORCE_COLOR=0, a dumb terminal), neither does the painted frame.
	assert.deepEqual(firstFrameLines({version: docker2010, images: images(), endpointLabel: 'unix:///var/run/docker.sock', columns: 120, rows: 40, now, styles: false}), shown);
});

test('every line fits the terminal, however small, and a long list stops at the images pane', () => {
	const many = Array.from({length: 500}, (_, index) => image(`e${index}`, [`registry.example.com:5000/some/long/repository-name-${index}:tag-${index}`], now / 1000 - index));
	for (const [columns, rows] of [[120, 40], [200, 50], [60, 20], [30, 10], [12, 6]] as const) {
		const lines = firstFrameLines({version: docker2010, images: many, endpointLabel: `ssh://someone@a-very-long-host-name.example.com:2222 ${'x'.repeat(100)}`, columns, rows, now});
		const layout = computeLayout(columns, rows, 0, 0);
		assert.ok(lines.length <= layout.listHeight + 2, `${lines.length} lines at ${columns}x${rows}`);
		for (const line of lines) {
			assert.equal(clip(plain(line), columns), plain(line), `wider than ${columns}: ${plain(line)}`);
		}
	}
});

test('it is drawn only for a list that reads as the pinned API\'s: not when the engine lists platforms or speaks another API', () => {
	const paint = {images: images(), endpointLabel: 'x', columns: 80, rows: 24, now, styles: true};
	assert.equal(earlyListReads(docker2010), true);
	const frame = firstFrame({...paint, version: docker2010});
	assert.ok(frame?.startsWith('\u001B[?1049h\u001B[?25l\u001B[H\u001B[J\u001B[1;1H'), JSON.stringify(frame?.slice(0, 40)));
	assert.ok(frame?.endsWith('\u001B[H'), 'the cursor is left home for the UI');
	// API 1.47+ lists platforms (asked with manifests=1): the UI asks again, and draws that list.
	assert.equal(firstFrame({...paint, version: {ApiVersion: '1.51', MinAPIVersion: '1.24'}}), undefined);
	// A daemon newer than the API stowage pins gets versioned requests: its unversioned answer may differ.
	assert.equal(firstFrame({...paint, version: {ApiVersion: '9.99', MinAPIVersion: '1.24'}}), undefined);
	assert.equal(firstFrame({...paint, version: undefined}), undefined);
});

test('the UI\'s first frame clears the painted one in the same write; the writes before and after it are left alone', () => {
	const written: string[] = [];
	const stream = {write: (chunk: string) => written.push(chunk) > 0} as unknown as NodeJS.WriteStream;
	clearOnFirstFrame(stream);
	stream.write('\u001B[?2026h');
	stream.write('line one\nline two');
	stream.write('again\n');
	assert.deepEqual(written, ['\u001B[?2026h', '\u001B[H\u001B[Jline one\nline two', 'again\n']);
});

test('a list read whole (under 1 MiB) and one read as it streams give the same images', async () => {
	const raw = (count: number) => Array.from({length: count}, (_, index) => ({Id: `sha256:${String(index).padStart(64, '0')}`, ParentId: '', RepoTags: [`repo/n${index}:t`], RepoDigests: null, Created: 1_700_000_000 + index, Size: index, SharedSize: -1, Containers: -1, Labels: {index: String(index), pad: 'p'.repeat(200)}}));
	for (const count of [0, 3, 5000]) {
		const body = Buffer.from(JSON.stringify(raw(count)));
		// In chunks of 64 kB, as a socket hands them over.
		const chunks = Array.from({length: Math.ceil(body.length / 65_536)}, (_, index) => body.subarray(index * 65_536, (index + 1) * 65_536));
		assert.deepEqual(await collectImages(Readable.from(chunks)), parseImages(JSON.parse(body.toString('utf8'))), `${count} images, ${body.length} bytes`);
	}

	await assert.rejects(collectImages(Readable.from([Buffer.from('[{"Id": "sha256:1"')])));
});
