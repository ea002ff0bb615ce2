// The action keys, driven through the rendered UI against the real test engine.
import assert from 'node:assert/strict';
import {existsSync, mkdtempSync, rmSync} from 'node:fs';
import path from 'node:path';
import {after, before, describe, test} from 'node:test';
import {docker} from '../bed/docker-cli.mjs';
import {BASE} from '../bed/fixture-names.mjs';
import {startEngine, type TestEngine} from '../bed/engine.mjs';
import {parseHost} from '../../source/engine/endpoint.ts';
import {createDockerEngine} from '../../source/engine/docker-client.ts';
import {selectedRow} from '../../source/store/selectors.ts';
import {importImage} from '../helpers/engine-images.ts';
import {keys, renderApp, rowOf, type RenderedApp} from '../helpers/render-app.tsx';
import {testEngine, withinEngineTime} from '../helpers/test-engine.ts';
import {startSilentListener} from '../helpers/silent-listener.ts';

const ctrlU = '\u0015';

async function cli(args: string[], host?: string): Promise<string> {
	const result = await docker(args, host ? {host} : {});
	assert.equal(result.code, 0, `docker ${args.join(' ')}: ${result.stderr}`);
	return result.stdout.trim();
}

describe('action keys on the shared engine', () => {
	let app: RenderedApp;
	before(async () => {
		app = renderApp(testEngine());
		await app.waitForFrame(frame => frame.includes('Layer history ('), 'the first frame');
	});
	after(async () => {
		app.unmount();
		await docker(['rmi', 'stowage-ui-tag:v1', 'stowage-ui-renamed:v2', 'stowage-ui-del:1', 'stowage-ui-mark:1', 'stowage-ui-mark:2']);
	});

	test('t tags: an invalid reference gets the grammar reason, a valid one a new row', async () => {
		await app.filterTo(BASE);
		await app.press('t');
		await app.waitForFrame(frame => frame.includes(`Tag ${BASE}`), 'the tag dialog');
		await app.press(ctrlU, ...'team/Name:v1'.split(''), keys.enter);
		await app.waitForFrame(frame => frame.includes('repository name (team/Name) must be lowercase'), 'the grammar reason');
		await app.press(ctrlU, ...'stowage-ui-tag:v1'.split(''), keys.enter);
		await app.filterTo('stowage-ui-tag');
		await app.waitForFrame(frame => Boolean(rowOf(frame, 'stowage-ui-tag:v1')), 'the new row, within a second', withinEngineTime(2000));
		assert.equal(await cli(['image', 'inspect', '--format', '{{.Id}}', 'stowage-ui-tag:v1']), await cli(['image', 'inspect', '--format', '{{.Id}}', BASE]));
	});

	test('t with "rename" moves the name: the new tag appears, the old one goes, the image stays', async () => {
		await app.filterTo('stowage-ui-tag:v1');
		await app.waitForFrame(frame => Boolean(rowOf(frame, 'stowage-ui-tag:v1')), 'the row to rename');
		await app.press('t');
		await app.waitForFrame(frame => frame.includes('Tag stowage-ui-tag:v1') && frame.includes('rename'), 'the tag dialog with its rename toggle');
		await app.press(ctrlU, ...'stowage-ui-renamed:v2'.split(''), keys.tab, ' ');
		await app.waitForFrame(frame => frame.includes('[x]'), 'the toggle on');
		await app.press(keys.enter);
		await app.filterTo('stowage-ui-');
		await app.waitForFrame(frame => Boolean(rowOf(frame, 'stowage-ui-renamed:v2')) && !rowOf(frame, 'stowage-ui-tag:v1'), 'the new name in place of the old', 3000);
		assert.equal(await cli(['image', 'inspect', '--format', '{{.Id}}', 'stowage-ui-renamed:v2']), await cli(['image', 'inspect', '--format', '{{.Id}}', BASE]));
		assert.equal((await docker(['image', 'inspect', 'stowage-ui-tag:v1'])).code, 1, 'the old name is gone');
	});

	test('p validates before any request; Esc cancels', async () => {
		await app.press('p');
		await app.waitForFrame(frame => frame.includes('Pull an image'), 'the pull dialog');
		await app.press(...'team/UPPER'.split(''), keys.enter);
		await app.waitForFrame(frame => frame.includes('must be lowercase'), 'the reason');
		await app.press(keys.escape);
		await app.waitForFrame(frame => !frame.includes('Pull an image'), 'the dialog closed');
		assert.equal(app.store.getState().jobs.filter(job => job.kind === 'pull').length, 0, 'no pull was started');
	});

	test('d asks first: n keeps the image, y deletes it', async () => {
		await cli(['tag', BASE, 'stowage-ui-del:1']);
		await app.filterTo('stowage-ui-del');
		await app.waitForFrame(frame => Boolean(rowOf(frame, 'stowage-ui-del:1')), 'the row');
		await app.press('d');
		await app.waitForFrame(frame => frame.includes('Delete stowage-ui-del:1?') && frame.includes('untagged (other tags remain)'), 'the confirmation naming what goes');
		await app.press('n');
		await app.waitForFrame(frame => !frame.includes('Delete stowage-ui-del:1?') && Boolean(rowOf(frame, 'stowage-ui-del:1')), 'nothing deleted');
		await app.press('d');
		await app.waitForFrame(frame => frame.includes('Delete stowage-ui-del:1?'), 'the confirmation again');
		await app.press('y');
		await app.waitForFrame(frame => !rowOf(frame, 'stowage-ui-del:1'), 'the row gone', withinEngineTime(3000));
		assert.equal((await docker(['image', 'inspect', 'stowage-ui-del:1'])).code, 1);
		await app.waitForFrame(() => app.store.getState().jobs.some(job => job.kind === 'delete' && job.status === 'done'), 'a finished delete job');
	});

	test('marks: a marks all, d asks for the word yes, A clears', async () => {
		await cli(['tag', BASE, 'stowage-ui-mark:1']);
		await cli(['tag', BASE, 'stowage-ui-mark:2']);
		await app.filterTo('stowage-ui-mark');
		await app.waitForFrame(frame => Boolean(rowOf(frame, 'stowage-ui-mark:1')) && Boolean(rowOf(frame, 'stowage-ui-mark:2')), 'two rows');
		await app.press('a');
		await app.waitForFrame(frame => frame.includes('2 marked'), 'two marked');
		await app.press('A');
		await app.waitForFrame(frame => !frame.includes('marked'), 'marks cleared');
		await app.press(keys.home, ' ', ' ');
		await app.waitForFrame(frame => frame.includes('2 marked'), 'marked with space');
		await app.press('d');
		await app.waitForFrame(frame => frame.includes('Delete 2 images?') && frame.includes('Type yes'), 'the typed confirmation');
		await app.press('y', keys.enter);
		await app.waitForFrame(frame => frame.includes('type yes to go ahead'), 'y alone is not enough');
		await app.press(keys.backspace, ...'yes'.split(''), keys.enter);
		await app.waitForFrame(frame => !rowOf(frame, 'stowage-ui-mark:1') && !rowOf(frame, 'stowage-ui-mark:2'), 'both gone', withinEngineTime(3000));
	});

	test('K cancels a running job: a pull from a registry that never answers', async () => {
		// A real listener that accepts and then says nothing: the pull hangs until cancelled.
		const silent = await startSilentListener();
		const {port} = silent;
		try {
			await app.press('p', ...`127.0.0.1:${port}/silent/app:1`.split(''), keys.enter);
			await app.waitForFrame(() => app.store.getState().jobs[0]?.kind === 'pull' && app.store.getState().jobs[0]?.status === 'running', 'the pull running');
			while (app.store.getState().focus !== 'jobs') {
				await app.press(keys.tab);
			}

			await app.press(keys.home, 'K');
			await app.waitForFrame(frame => app.store.getState().jobs[0]?.status === 'cancelled' && frame.includes('cancelled'), 'the job cancelled', 5000);
			await app.press(keys.shiftTab, keys.shiftTab);
			await app.waitForFrame(() => app.store.getState().focus === 'images', 'focus back on the images');
		} finally {
			silent.close();
		}
	});

	test('S saves to a tar, L loads it back; the jobs pane keeps the log', async () => {
		const dir = mkdtempSync('/tmp/stowage-ui-save-');
		try {
			const target = path.join(dir, 'base.tar');
			await app.filterTo(BASE);
			await app.press('S');
			await app.waitForFrame(frame => frame.includes(`Save ${BASE} to a tar`), 'the save dialog');
			await app.press(ctrlU, ...target.split(''), keys.enter);
			await app.waitForFrame(() => app.store.getState().jobs.some(job => job.kind === 'save' && job.status !== 'running'), 'the save job to end', 10_000);
			const save = app.store.getState().jobs.find(job => job.kind === 'save')!;
			assert.equal(save.status, 'done', save.error);
			assert.ok(existsSync(target));
			await app.press('L');
			await app.waitForFrame(frame => frame.includes('Load images from a tar'), 'the load dialog');
			await app.press(...target.split(''), keys.enter);
			await app.waitForFrame(() => app.store.getState().jobs.some(job => job.kind === 'load' && job.status !== 'running'), 'the load job to end', 10_000);
			const load = app.store.getState().jobs.find(job => job.kind === 'load')!;
			assert.equal(load.status, 'done', load.error);
			assert.match(load.result ?? '', /stowage-base:1\.0|sha256:/);
			// The jobs pane: focus it, open the newest job's log.
			while (app.store.getState().focus !== 'jobs') {
				await app.press(keys.tab);
			}

			await app.press(keys.home, keys.enter);
			await app.waitForFrame(frame => frame.includes('STATUS   done') && frame.includes('LOG'), 'the job log');
			await app.press(keys.escape, keys.shiftTab, keys.shiftTab);
		} finally {
			rmSync(dir, {recursive: true, force: true});
		}
	});
});

describe('pruning, on an engine of its own', () => {
	let engine: TestEngine;
	let app: RenderedApp;
	before(async () => {
		engine = await startEngine();
		await importImage(engine.host, 'prune-me:1');
		await importImage(engine.host, 'keep-me:1');
		// prune-me:1 loses its tag to a newer import: dangling.
		await importImage(engine.host, 'prune-me:1');
		await cli(['create', '--name', 'holder', 'keep-me:1', 'true'], engine.host);
		app = renderApp(createDockerEngine(parseHost(engine.host)));
		await app.waitForFrame(frame => frame.includes('keep-me') && frame.includes('<none>'), 'the images');
	});
	after(async () => {
		app.unmount();
		await engine.stop();
	});

	test('x previews the exact dangling images, then prunes them', async () => {
		const dangling = await cli(['images', '-q', '--filter', 'dangling=true'], engine.host);
		await app.press('x');
		await app.waitForFrame(frame => frame.includes('Prune 1 dangling image?') && frame.includes(dangling), 'the preview naming the image');
		await app.press('y');
		await app.waitForFrame(() => app.store.getState().jobs.some(job => job.kind === 'prune' && job.status === 'done'), 'the prune job');
		assert.match(app.store.getState().jobs[0]!.result ?? '', /deleted 1 image, reclaimed/);
		assert.equal(await cli(['images', '-q', '--filter', 'dangling=true'], engine.host), '');
	});

	test('X previews what the prune removes, from `docker system df`\'s numbers, and asks for yes', async () => {
		const df = (await cli(['system', 'df', '--format', '{{.Type}}|{{.Reclaimable}}|{{.Size}}'], engine.host)).split('\n');
		const reclaimable = (type: string) => df.find(line => line.startsWith(`${type}|`))!.split('|')[1]!.split(' ')[0]!;
		const size = (type: string) => df.find(line => line.startsWith(`${type}|`))!.split('|')[2]!;
		const images = (await cli(['images', '-aq'], engine.host)).split('\n').length;
		await app.press('X');
		await app.waitForFrame(frame => frame.includes('Prune everything unused'), 'the preview');
		const frame = app.frame();
		assert.match(frame, new RegExp(`Stopped containers\\s+1\\s+${reclaimable('Containers').replace('.', '\\.')}`));
		// No container runs: every image goes, the one the stopped container held too, and with it every byte.
		assert.match(frame, new RegExp(`Unused images\\s+${images}\\s+${size('Images').replace('.', '\\.')}`));
		assert.match(frame, /not included \(press v/);
		await app.press('v');
		await app.waitForFrame(text => /Local volumes\s+0\s+0B/.test(text), 'volumes included');
		await app.press(...'yes'.split(''), keys.enter);
		await app.waitForFrame(() => app.store.getState().jobs.filter(job => job.kind === 'prune').length === 2 && app.store.getState().jobs[0]!.status !== 'running', 'the prune-all job', 10_000);
		assert.equal(app.store.getState().jobs[0]!.status, 'done', app.store.getState().jobs[0]!.error);
		assert.equal(await cli(['images', '-q'], engine.host), '', 'nothing unused is left');
		assert.equal(await cli(['ps', '-aq'], engine.host), '');
		// The list follows within a refresh interval (at most one every 250 ms while the prune's events come).
		await app.waitForFrame(() => selectedRow(app.store.getState()) === undefined, 'the emptied list', 2000);
	});
});
