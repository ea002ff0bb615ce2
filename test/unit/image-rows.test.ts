import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {DiskUsage, ImageSummary} from '../../source/engine/types.ts';
import {familiarName, splitReference, toRows} from '../../source/store/image-rows.ts';
import {filterRows, nextSort, sortRows} from '../../source/store/select-rows.ts';

const image = (id: string, repoTags: string[], created: number, size: number, repoDigests: string[] = []): ImageSummary => ({
	id: `sha256:${id.padEnd(64, '0')}`, parentId: '', repoTags, repoDigests, created, size, sharedSize: -1, containers: -1,
});

const images = [
	image('aaa', ['app:1.0', 'app:latest', 'localhost:5000/team/app:v1'], 300, 5_000_000),
	image('bbb', [], 200, 9_000_000),
	image('ccc', ['busybox:latest'], 100, 1_000_000),
	image('ddd', [], 50, 2_000_000, ['docker.io/library/alpine@sha256:' + 'e'.repeat(64)]),
];

test('one row per repo:tag, untagged as <none>, digest-only as repo <none>', () => {
	const rows = toRows(images);
	assert.deepEqual(rows.map(row => [row.repository, row.tag, row.shortId]), [
		['app', '1.0', 'aaa000000000'],
		['app', 'latest', 'aaa000000000'],
		['localhost:5000/team/app', 'v1', 'aaa000000000'],
		['<none>', '<none>', 'bbb000000000'],
		['busybox', 'latest', 'ccc000000000'],
		['alpine', '<none>', 'ddd000000000'],
	]);
	assert.deepEqual(rows.map(row => row.untagged), [false, false, false, true, false, true]);
});

test('references split at the tag colon, never at a registry port', () => {
	assert.deepEqual(splitReference('localhost:5000/team/app:v1'), ['localhost:5000/team/app', 'v1']);
	assert.deepEqual(splitReference('localhost:5000/team/app'), ['localhost:5000/team/app', '<none>']);
	assert.equal(familiarName('docker.io/library/ubuntu'), 'ubuntu');
	assert.equal(familiarName('docker.io/me/tool'), 'me/tool');
	assert.equal(familiarName('ghcr.io/me/tool'), 'ghcr.io/me/tool');
});

test('containers and unique size come from disk usage when known', () => {
	const usage: DiskUsage = {
		images: {total: 0, active: 0, size: 0, reclaimable: 0, showPercent: true},
		containers: {total: 0, active: 0, size: 0, reclaimable: 0, showPercent: true},
		volumes: {total: 0, active: 0, size: 0, reclaimable: 0, showPercent: true},
		buildCache: {total: 0, active: 0, size: 0, reclaimable: 0, showPercent: false},
		perImage: new Map([[images[0]!.id, {containers: 2, sharedSize: 1_000_000, size: 5_000_000}]]),
	};
	const [row] = toRows(images, usage);
	assert.equal(row!.containers, 2);
	assert.equal(row!.uniqueSize, 4_000_000);
	assert.equal(toRows(images)[0]!.uniqueSize, -1);
});

test('sorts: created newest first, size largest first, name', () => {
	const rows = toRows(images);
	assert.deepEqual(sortRows(rows, 'created').map(row => row.repository + ':' + row.tag), ['app:1.0', 'app:latest', 'localhost:5000/team/app:v1', '<none>:<none>', 'busybox:latest', 'alpine:<none>']);
	assert.deepEqual(sortRows(rows, 'size').map(row => row.shortId.slice(0, 3)), ['bbb', 'aaa', 'aaa', 'aaa', 'ddd', 'ccc']);
	assert.deepEqual(sortRows(rows, 'name').map(row => row.repository + ':' + row.tag), ['alpine:<none>', 'app:1.0', 'app:latest', 'busybox:latest', 'localhost:5000/team/app:v1', '<none>:<none>']);
	assert.equal(nextSort('created'), 'size');
	assert.equal(nextSort('size'), 'name');
	assert.equal(nextSort('name'), 'created');
});

test('filter: case-insensitive substring of repo:tag or ID; untagged toggle', () => {
	const rows = toRows(images);
	assert.deepEqual(filterRows(rows, 'APP:L', true).map(row => row.tag), ['latest']);
	assert.deepEqual(filterRows(rows, 'bbb0', true).map(row => row.repository), ['<none>']);
	assert.deepEqual(filterRows(rows, 'sha256:ccc', true).map(row => row.repository), ['busybox']);
	assert.equal(filterRows(rows, '', false).length, 4);
	assert.equal(filterRows(rows, '', true), rows);
});
