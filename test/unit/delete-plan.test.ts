// The delete confirmation and the delete job's lines, from plain data.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {EngineError} from '../../source/engine/engine-error.ts';
import {ImageInUseError, type ContainerSummary} from '../../source/engine/operations.ts';
import type {ImageSummary} from '../../source/engine/types.ts';
import {rmiErrorLine, rmiLines} from '../../source/store/delete-images.ts';
import {deleteDialog, holdersByImage, planDelete} from '../../source/store/delete-plan.ts';
import {toRows} from '../../source/store/image-rows.ts';
import {rowReference} from '../../source/store/operations.ts';

const id = (name: string) => `sha256:${name.padEnd(64, '0')}`;
const image = (name: string, repoTags: string[], parent = ''): ImageSummary => ({
	id: id(name), parentId: parent ? id(parent) : '', repoTags, repoDigests: [], created: 100, size: 2_000_000, sharedSize: 0, containers: -1,
});
const container = (name: string, imageName: string, state: string): ContainerSummary => ({
	id: `${name}0123456789abcdef`, names: [name], image: imageName, imageId: id(imageName), state, running: ['running', 'paused', 'restarting'].includes(state), status: '', sizeRw: 0,
});

const rows = toRows([image('aaa', ['free:1']), image('bbb', ['run:1']), image('ccc', ['stop:1']), image('ddd', ['two:1', 'two:2'])]);
const row = (reference: string) => rows.find(item => rowReference(item) === reference)!;
const holders = holdersByImage([container('web', 'bbb', 'running'), container('old', 'ccc', 'exited'), container('also', 'bbb', 'exited'), container('paused', 'ddd', 'paused')]);

test('a running container\'s image: named, said to stay, not counted in what is freed, not attempted', () => {
	const dialog = deleteDialog(planDelete([row('run:1')], rows, holders, rowReference));
	assert.equal(dialog.title, 'Cannot delete run:1 while its container runs');
	const text = dialog.lines.join('\n');
	assert.match(text, /run:1 .*stays: a running container uses it/);
	assert.match(text, /used by web \(running\), also \(stopped\)/);
	assert.match(text, /image is being used by running container/);
	assert.doesNotMatch(text, /Frees/);
	assert.deepEqual(dialog.payload, {kind: 'delete', references: [], force: false});
	assert.equal(dialog.extraKey, undefined);
});

test('a stopped container\'s image: named, f offered to force; only what goes unforced is promised as freed', () => {
	const dialog = deleteDialog(planDelete([row('free:1'), row('stop:1'), row('run:1')], rows, holders, rowReference));
	assert.equal(dialog.title, 'Delete 2 of 3 images?');
	assert.equal(dialog.requireWord, 'yes');
	assert.deepEqual(dialog.extraKey, {key: 'f', label: 'force (docker rmi -f)'});
	assert.deepEqual(dialog.payload, {kind: 'delete', references: ['free:1', 'stop:1'], force: false});
	const text = dialog.lines.join('\n');
	assert.match(text, /free:1 .* deleted\n/);
	assert.match(text, /stop:1 .*deleted only forced \(f\)\n {2}used by old \(stopped\)/);
	assert.match(text, /f forces \(docker rmi -f\)/);
	assert.match(text, /Frees about 2MB, forced \(f\) about 4MB/);
});

test('untagging one name of several never conflicts, whoever uses the image; a paused container holds it as a running one', () => {
	const one = deleteDialog(planDelete([row('two:1')], rows, holders, rowReference));
	assert.equal(one.title, 'Delete two:1?');
	assert.match(one.lines[0]!, /untagged \(other tags remain\)$/);
	assert.doesNotMatch(one.lines.join('\n'), /Frees|used by/);
	const both = deleteDialog(planDelete([row('two:1'), row('two:2')], rows, holders, rowReference));
	assert.match(both.lines.join('\n'), /used by paused \(running\)/);
	assert.deepEqual(both.payload, {kind: 'delete', references: [], force: false});
});

test('the job\'s lines are the docker CLI\'s: Untagged, Deleted, and the daemon\'s error', () => {
	assert.deepEqual(rmiLines({untagged: ['x:1'], deleted: ['sha256:a', 'sha256:b']}), ['Untagged: x:1', 'Deleted: sha256:a', 'Deleted: sha256:b']);
	const describe = (error: unknown) => String(error);
	assert.equal(rmiErrorLine(new ImageInUseError('conflict: unable to delete 0123 (must be forced) - image is being used by stopped container abc', 'abc', false), describe), 'Error response from daemon: conflict: unable to delete 0123 (must be forced) - image is being used by stopped container abc');
	assert.equal(rmiErrorLine(new EngineError('No such image: x:1', 404), describe), 'Error: No such image: x:1');
});
