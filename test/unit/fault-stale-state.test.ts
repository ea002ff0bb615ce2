// What the store keeps when the engine is lost or a refresh fails: the last list and
// numbers, marked stale since when, until a load succeeds.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {DiskUsage, ImageSummary} from '../../source/engine/types.ts';
import {reducer} from '../../source/store/reducer.ts';
import {initialState, type State} from '../../source/store/state.ts';
import {listStaleNote, usageTitleDetail} from '../../source/store/staleness.ts';

const image: ImageSummary = {id: 'sha256:1', parentId: '', repoTags: ['app:1'], repoDigests: [], created: 0, size: 10, sharedSize: 0, containers: 0};
const category = {total: 1, active: 0, size: 10, reclaimable: 10, showPercent: true};
const usage = {images: category, containers: category, volumes: category, buildCache: category, perImage: new Map()} as unknown as DiskUsage;
const info = {product: 'docker', version: '20.10', apiVersion: '1.41', pinnedApiVersion: '1.41', os: 'linux', arch: 'amd64'} as const;
const at = new Date(2026, 0, 1, 12, 3, 4).getTime();

function loaded(): State {
	let state = reducer(initialState('unix:///x.sock'), {type: 'connected', info});
	state = reducer(state, {type: 'imagesLoaded', images: [image]});
	return reducer(state, {type: 'usageLoaded', usage});
}

test('fault engine lost: the list and the disk usage stay, stale since the loss; the header state says unreachable and why', () => {
	const state = reducer(loaded(), {type: 'engineLost', error: 'connection refused on /x.sock', retryAt: at + 1000, at});
	assert.equal(state.connection.status, 'failed');
	assert.deepEqual(state.images, [image]);
	assert.equal(listStaleNote(state), 'stale since 12:03:04');
	assert.equal(usageTitleDetail(state), 'stale (retrying): connection refused on /x.sock');
	// Lost again on the next ping: still stale since the first time.
	const again = reducer(state, {type: 'engineLost', error: 'no socket at /x.sock', retryAt: at + 2000, at: at + 1000});
	assert.equal(again.staleSince, at);
	assert.equal(again.connection.status === 'failed' && again.connection.attempt, 2);
});

test('fault list refresh fails: the rows stay, stale; the next good load clears it', () => {
	const failed = reducer(loaded(), {type: 'imagesFailed', error: 'engine error 500: boom', at});
	assert.deepEqual(failed.images, [image]);
	assert.equal(listStaleNote(failed), 'stale since 12:03:04');
	const back = reducer(failed, {type: 'imagesLoaded', images: [image]});
	assert.equal(listStaleNote(back), undefined);
	assert.equal(back.listError, undefined);
});

test('fault disk usage refresh fails: the last numbers stay, the title says stale and why, until the next good load', () => {
	const failed = reducer(loaded(), {type: 'usageFailed', error: 'engine error 500: a disk usage operation is already running'});
	assert.equal(failed.usage, usage);
	assert.equal(usageTitleDetail(failed), 'stale (retrying): engine error 500: a disk usage operation is already running');
	assert.equal(usageTitleDetail(reducer(failed, {type: 'usageLoaded', usage})), 'docker system df');
});

test('fault a refresh failed on the link, then reconnecting is refused: the disk usage says why it is refused now, not the older error', () => {
	const dropped = reducer(loaded(), {type: 'usageFailed', error: 'the SSH connection to [127.0.0.1]:2222 was lost'});
	const refused = reducer(dropped, {type: 'connectFailed', attempt: 1, error: 'WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED for [127.0.0.1]:2222', retryAt: 0});
	assert.equal(usageTitleDetail(refused), 'stale (retrying): WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED for [127.0.0.1]:2222');
	// Connected again, a refresh that still fails says its own reason.
	const back = reducer(refused, {type: 'connected', info: {version: '28.0', apiVersion: '1.48'} as never});
	assert.equal(usageTitleDetail(back), 'stale (retrying): the SSH connection to [127.0.0.1]:2222 was lost');
});

test('fault at start-up, nothing loaded yet: nothing is called stale (the start-up screen explains instead)', () => {
	const state = reducer(initialState('unix:///x.sock'), {type: 'engineLost', error: 'connection refused', retryAt: 0, at});
	assert.equal(listStaleNote(state), undefined);
	assert.equal(state.staleSince, undefined);
});
