// d against the real test engine: images containers hold, a batch where some fail,
// the force follow-up, and the job's log. Every image and container here is our own.
import assert from 'node:assert/strict';
import {randomBytes} from 'node:crypto';
import {after, before, describe, test} from 'node:test';
import {docker} from '../bed/docker-cli.mjs';
import {BASE, USED, USED_CONTAINER} from '../bed/fixture-names.mjs';
import {buildFromStdin, cli, removeNewSince, snapshot, type Snapshot} from '../engine/own-images.ts';
import {refusedByTag} from '../helpers/engine-wording.ts';
import {keys, renderApp, rowOf, type RenderedApp} from '../helpers/render-app.tsx';
import {isPodman, testEngine} from '../helpers/test-engine.ts';

const free = 'stowage-delb/free:1';
const stopped = 'stowage-delb/stop:1';
const race = 'stowage-delb/race:1';
const running = 'stowage-delr/run:1';

const ownImage = async (ref: string) => buildFromStdin(ref, `FROM ${BASE}\nLABEL org.example.probe=${randomBytes(6).toString('hex')}\n`);
const exists = async (ref: string) => (await docker(['image', 'inspect', ref])).code === 0;

describe('d on images containers hold', () => {
	let app: RenderedApp;
	let start: Snapshot;
	const ids: Record<string, string> = {};
	before(async () => {
		start = await snapshot();
		for (const ref of [free, stopped, race, running]) {
			ids[ref] = await ownImage(ref);
		}

		await cli(['create', '--name', 'stowage-delb-stop-ctr', stopped, 'true']);
		await cli(['run', '-d', '--network', 'none', '--name', 'stowage-delr-run-ctr', running, 'sleep', '300']);
		app = renderApp(testEngine());
		await app.waitForFrame(frame => frame.includes('Layer history ('), 'the first frame');
	});
	after(async () => {
		app.unmount();
		await removeNewSince(start, [free, stopped, race, running]);
	});

	test('an image a running container uses: the question names it and says it cannot go; nothing is promised or attempted', async () => {
		await app.filterTo('stowage-delr/');
		await app.waitForFrame(frame => Boolean(rowOf(frame, running)), 'the row');
		await app.press('d');
		const frame = await app.waitForFrame(text => text.includes(`Cannot delete ${running} while its container runs`), 'the confirmation');
		assert.match(frame, /used by stowage-delr-run-ctr \(running\)/);
		assert.match(frame, /image is being used by running container/);
		assert.doesNotMatch(frame, /Frees/);
		// It can only be closed: y is not offered and does nothing; Esc closes.
		assert.match(frame, /Esc close/);
		assert.doesNotMatch(frame, /y yes/);
		await app.press('y');
		assert.ok(app.store.getState().dialog.kind === 'confirm', 'y does not answer a question that can only be closed');
		await app.press(keys.escape);
		await app.waitForFrame(text => !text.includes('Cannot delete'), 'the dialog closed');
		assert.equal(app.store.getState().jobs.filter(job => job.kind === 'delete').length, 0, 'no delete was started');
		assert.ok(await exists(running));
	});

	test('an image a stopped container uses: the question names it and offers f to force', async () => {
		await app.filterTo(USED);
		await app.waitForFrame(frame => Boolean(rowOf(frame, USED)), 'the fixture row');
		await app.press('d');
		const frame = await app.waitForFrame(text => text.includes(`Delete ${USED}?`), 'the confirmation');
		assert.match(frame, new RegExp(`used by ${USED_CONTAINER} \\(stopped\\)`));
		assert.match(frame, /deleted only forced \(f\)/);
		assert.match(frame, /f force \(docker rmi -f\)/);
		assert.doesNotMatch(frame, /Frees about/);
		await app.press(keys.escape);
		await app.waitForFrame(text => !text.includes(`Delete ${USED}?`), 'the dialog closed');
	});

	test('a batch where two fail: docker\'s lines per image in the log, a summary, then a force question about the stopped one alone', async () => {
		await app.filterTo('stowage-delb/');
		await app.waitForFrame(frame => [free, stopped, race].every(ref => rowOf(frame, ref)), 'three rows');
		await app.press('a');
		await app.waitForFrame(frame => frame.includes('3 marked'), 'all three marked');
		await app.press('d');
		await app.waitForFrame(frame => frame.includes('Delete 3 images?'), 'the confirmation');
		// Started after the question was asked: the engine refuses it, whatever the question said.
		await cli(['run', '-d', '--network', 'none', '--name', 'stowage-delb-race-ctr', race, 'sleep', '300']);
		await app.press(...'yes'.split(''), keys.enter);
		await app.waitForFrame(() => app.store.getState().jobs.some(job => job.kind === 'delete' && job.status !== 'running'), 'the delete job to end', 10_000);
		const job = app.store.getState().jobs.find(job => job.kind === 'delete')!;
		assert.equal(job.status, 'failed');
		assert.equal(job.title, '3 images');
		const {log} = job.progress;
		assert.ok(log.includes(`Untagged: ${free}`) && log.includes(`Deleted: ${ids[free]!}`), log.join('\n'));
		// Refused by tag, the engine names the container without saying whether it runs.
		for (const ref of [stopped, race]) {
			const container = await cli(['inspect', '--format', '{{.Id}}', `stowage-delb-${ref === stopped ? 'stop' : 'race'}-ctr`]);
			assert.ok(log.includes(`Error response from daemon: ${refusedByTag(ref, container, ids[ref]!)}`), log.join('\n'));
		}

		assert.equal(log.length, 4, log.join('\n'));
		assert.match(job.error ?? '', /^2 of 3 failed: stowage-delb\/(stop|race):1 not removed: used by (stopped|running) container stowage-delb-(stop|race)-ctr \(and 1 more, see the log\); deleted 1$/);

		// The follow-up: only the image force can take, and one key that forces.
		const frame = await app.waitForFrame(text => text.includes(`Force-remove ${stopped}? (docker rmi -f)`), 'the force question');
		assert.match(frame, /used by stowage-delb-stop-ctr \(stopped\)/);
		assert.doesNotMatch(frame, /race/);
		assert.match(frame, /y yes · n no · Esc cancel/);
		assert.doesNotMatch(frame, /f force/);
		await app.press('f');
		await new Promise(resolve => setTimeout(resolve, 200));
		assert.equal(app.store.getState().dialog.kind, 'confirm', 'f is not a key of this question');
		assert.ok(await exists(stopped));
		await app.press('y');
		await app.waitForFrame(() => app.store.getState().jobs[0]?.title === `-f ${stopped}` && app.store.getState().jobs[0]?.status === 'done', 'the forced delete', 10_000);
		assert.ok(!(await exists(stopped)));
		assert.ok(await exists(race));

		// The jobs pane reads each verb once; Enter on the failed job shows docker's lines.
		while (app.store.getState().focus !== 'jobs') {
			await app.press(keys.tab);
		}

		const panes = await app.waitForFrame(text => text.includes(`✓ delete -f ${stopped}`), 'the forced job\'s line');
		assert.doesNotMatch(panes, /delete (delete|force-delete)/);
		assert.match(panes, /✗ delete 3 images/);
		await app.press(keys.home, keys.down, keys.enter);
		await app.waitForFrame(text => text.includes('LOG') && text.includes(`Untagged: ${free}`) && text.includes(isPodman() ? 'Error response from daemon: image ' : 'Error response from daemon: conflict'), 'the failed job\'s log');
		await app.press(keys.escape, keys.shiftTab, keys.shiftTab);
	});
});
