// The prune-all preview's count, from plain data: what `docker system prune -a` removes.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {ContainerSummary} from '../../source/engine/operations.ts';
import type {DiskUsage, ImageSummary} from '../../source/engine/types.ts';
import {planPruneAll, pruneAllLines} from '../../source/store/prune-plan.ts';

const id = (name: string) => `sha256:${name.padEnd(64, '0')}`;
const image = (name: string, repoTags: string[], parent = ''): ImageSummary => ({
	id: id(name), parentId: parent ? id(parent) : '', repoTags, repoDigests: [], created: 100, size: 2_000_000, sharedSize: 0, containers: -1,
});
const container = (name: string, imageName: string, state: string): ContainerSummary => ({
	id: `${name}0123456789abcdef`, names: [name], image: imageName, imageId: id(imageName), state, running: ['running', 'paused', 'restarting'].includes(state), status: '', sizeRw: 0,
});

test('prune -a counts every image `docker images -a` lists that no running container needs, parents of kept ones excluded', () => {
	const images = [
		image('base', ['base:1']),
		image('mid', [], 'base'), // An intermediate image of the classic builder.
		image('live', ['live:1'], 'mid'),
		image('held', ['held:1'], 'base'),
		image('dang', []),
		image('lone', ['lone:1']),
	];
	const usage: DiskUsage = {
		images: {total: 5, active: 2, size: 10_000_000, reclaimable: 3_000_000, showPercent: true},
		containers: {total: 2, active: 1, size: 0, reclaimable: 0, showPercent: true},
		volumes: {total: 0, active: 0, size: 0, reclaimable: 0, showPercent: true},
		buildCache: {total: 0, active: 0, size: 0, reclaimable: 0, showPercent: false},
		perImage: new Map([[id('held'), {containers: 1, sharedSize: 1_000_000, size: 1_500_000}]]),
	};
	const plan = planPruneAll(images, [container('live-ctr', 'live', 'running'), container('held-ctr', 'held', 'exited')], usage);
	assert.deepEqual(plan.images, [id('held'), id('dang'), id('lone')]);
	assert.equal(plan.freedByContainers, 1);
	assert.equal(plan.imageBytes, 3_500_000);
	const lines = pruneAllLines(usage, plan, false);
	assert.match(lines.join('\n'), /Unused images\s+3\s+3\.5MB/);
	assert.match(lines.join('\n'), /1 of them is used only by stopped containers/);
});
