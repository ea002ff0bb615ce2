// X on an engine of its own: the preview's image count is the number of images
// `docker system prune -a` removes, and the result counts them the same way.
import assert from 'node:assert/strict';
import {randomBytes} from 'node:crypto';
import {after, before, test} from 'node:test';
import {run} from '../bed/docker-cli.mjs';
import {BASE} from '../bed/fixture-names.mjs';
import {startEngine, type TestEngine} from '../bed/engine.mjs';
import {createDockerEngine} from '../../source/engine/docker-client.ts';
import {parseHost} from '../../source/engine/endpoint.ts';
import {buildFromStdin, cli} from '../engine/own-images.ts';
import {keys, renderApp, type RenderedApp} from '../helpers/render-app.tsx';
import {testHost} from '../helpers/test-engine.ts';

let bed: TestEngine;
let app: RenderedApp;
const on = async (args: string[]) => cli(args, {host: bed.host});
const allImages = async () => (await on(['images', '-a', '-q', '--no-trunc'])).split('\n').filter(Boolean);

before(async () => {
	bed = await startEngine();
	// The busybox base, from the shared engine: a running container needs a shell to sleep in.
	const copy = await run('sh', ['-c', `docker -H "$FROM" save ${BASE} | docker -H "$TO" load`], {env: {...process.env, FROM: testHost(), TO: bed.host}});
	assert.equal(copy.code, 0, copy.stderr);
	// Classic builds of two steps leave an intermediate image under each, which `docker images -a` lists.
	const twoSteps = (name: string) => `FROM ${BASE}\nLABEL org.example.probe=${randomBytes(6).toString('hex')}\nRUN echo ${name} > /${name}\n`;
	await buildFromStdin('live:1', twoSteps('live'), bed.host);
	await buildFromStdin('held:1', twoSteps('held'), bed.host);
	await buildFromStdin('app:1', twoSteps('app'), bed.host);
	// The tag moves on: the first app:1 is left dangling, its intermediate under it.
	await buildFromStdin('app:1', twoSteps('app'), bed.host);
	await on(['create', '--name', 'held-ctr', 'held:1', 'true']);
	await on(['run', '-d', '--network', 'none', '--name', 'live-ctr', 'live:1', 'sleep', '300']);
	app = renderApp(createDockerEngine(parseHost(bed.host)));
	await app.waitForFrame(frame => frame.includes('live') && frame.includes('held'), 'the images');
});

after(async () => {
	app?.unmount();
	await bed?.stop();
});

test('X: the preview counts the images the prune removes (those stopped containers held too), and the result says the same number', async () => {
	const before = await allImages();
	// What `docker system df` calls unused: fewer, since it counts neither intermediates nor what stopped containers hold.
	const df = (await on(['system', 'df', '--format', '{{.Type}} {{.TotalCount}} {{.Active}}'])).split('\n').find(line => line.startsWith('Images '))!.split(' ');
	await app.press('X');
	const frame = await app.waitForFrame(text => /Unused images\s+\d+/.test(text), 'the preview');
	const previewed = Number(/Unused images\s+(\d+)/.exec(frame)![1]);
	assert.notEqual(previewed, Number(df[1]) - Number(df[2]), 'more than docker system df counts');
	assert.match(frame, /1 of them is used only by stopped containers/);

	await app.press(...'yes'.split(''), keys.enter);
	await app.waitForFrame(() => app.store.getState().jobs.some(job => job.kind === 'prune' && job.status !== 'running'), 'the prune job', 20_000);
	const job = app.store.getState().jobs.find(job => job.kind === 'prune')!;
	assert.equal(job.status, 'done', job.error);
	const after = new Set(await allImages());
	const removed = before.filter(id => !after.has(id)).length;
	assert.equal(previewed, removed, `preview ${previewed}, removed ${removed}`);
	assert.match(job.result ?? '', new RegExp(`, ${removed} images,`));
	// What stays: the running container's image and its parents (the base and an intermediate).
	assert.equal(after.size, 3, [...after].join(' '));
	assert.equal(await on(['ps', '-aq', '--filter', 'name=live-ctr', '--filter', 'status=running']) !== '', true);
});
