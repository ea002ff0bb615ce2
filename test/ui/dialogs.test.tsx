// Every action key's dialog against a recording fake of our own Engine and LocalFiles seams:
// what it asks, what it sends to the engine, what it shows. What Docker does with those calls
// is tested against the real engine in test/engine and test/e2e.
import assert from 'node:assert/strict';
import {afterEach, describe, test} from 'node:test';
import {dockerHubKey as dockerHub} from '../../source/engine/reference.ts';
import {image, recordingEngine, recordingFiles, type RecordingEngine, type RecordingFiles} from '../helpers/recording-engine.ts';
import {keys, renderApp, rowOf, type RenderedApp} from '../helpers/render-app.tsx';
import {waitFor} from '../helpers/test-engine.ts';

const ctrlU = '\u0015';
const app1 = image('a1', ['team/app:1']);
// Older, so the list (newest first) selects team/app:1.
const base = image('b2', ['base:latest'], {created: Date.now() / 1000 - 7200});
let app: RenderedApp | undefined;

afterEach(() => {
	app?.unmount();
	app = undefined;
});

async function open(engine: RecordingEngine, files: RecordingFiles = recordingFiles({})): Promise<RenderedApp> {
	app = renderApp(engine, 120, 40, files);
	await app.waitForFrame(frame => Boolean(rowOf(frame, 'team/app:1')), 'the list');
	return app;
}

/** Key by key, as a person types. */
async function type(opened: RenderedApp, text: string) {
	await opened.press(...text.split(''));
}

const calledOnce = async (engine: RecordingEngine, name: string) => waitFor(() => (engine.callsTo(name).length > 0 ? engine.callsTo(name) : undefined), `a ${name} call`, 5000);

describe('p pull', () => {
	test('a bad reference is refused in the form with the grammar\'s reason, and nothing is sent', async () => {
		const engine = recordingEngine([app1]);
		const opened = await open(engine);
		await opened.press('p');
		await opened.waitForFrame(frame => frame.includes('Pull an image'), 'the pull form');
		await type(opened, 'Alpine');
		await opened.press(keys.enter);
		// The docker CLI's words for it.
		await opened.waitForFrame(frame => frame.includes('invalid reference format: repository name (library/Alpine) must be lowercase'), 'the reason');
		assert.equal(engine.callsTo('pull').length, 0);
		assert.equal(opened.store.getState().dialog.kind, 'form', 'the form stays open with what was typed');
	});

	test('a good one is pulled under its familiar name with the stored credentials; the outcome is the job\'s result', async () => {
		const auth = {username: 'u', password: 'p', serveraddress: '127.0.0.1:5000'};
		const engine = recordingEngine([app1], {
			async pull(_reference, _auth, onProgress) {
				onProgress({status: 'Status: Downloaded newer image for 127.0.0.1:5000/team/tool:latest'});
			},
		});
		const opened = await open(engine, recordingFiles({}, {}, auth));
		await opened.press('p');
		await type(opened, '127.0.0.1:5000/team/tool');
		await opened.press(keys.enter);
		const [[reference, sent]] = await calledOnce(engine, 'pull') as [[string, unknown]];
		assert.equal(reference, '127.0.0.1:5000/team/tool:latest');
		assert.deepEqual(sent, auth);
		await opened.waitForFrame(frame => frame.includes('Downloaded newer image for 127.0.0.1:5000/team/tool:latest'), 'the outcome');
	});
});

describe('t tag', () => {
	test('the prefilled name is selected: the first key typed replaces it', async () => {
		const engine = recordingEngine([app1]);
		const opened = await open(engine);
		await opened.press('t');
		await opened.waitForFrame(frame => frame.includes('Tag team/app:1'), 'the tag form');
		await type(opened, 'other/app:2');
		await opened.press(keys.enter);
		const [[id, repository, tag]] = await calledOnce(engine, 'tag') as [[string, string, string]];
		assert.deepEqual([id, repository, tag], [app1.id, 'other/app', '2']);
		await opened.waitForFrame(frame => frame.includes('tagged a10000000000 as other/app:2'), 'the result');
	});

	test('End keeps the prefilled name for editing; with rename on, the old name is removed after', async () => {
		const engine = recordingEngine([app1]);
		const opened = await open(engine);
		await opened.press('t');
		await opened.waitForFrame(frame => frame.includes('Tag team/app:1'), 'the tag form');
		await opened.press(keys.end);
		await type(opened, '-rc');
		await opened.press(keys.tab, ' ', keys.enter);
		await calledOnce(engine, 'removeImage');
		assert.deepEqual(engine.calls.map(call => [call.name, ...call.args.slice(0, 3)]), [['tag', app1.id, 'team/app', '1-rc'], ['removeImage', 'team/app:1', false]]);
		await opened.waitForFrame(frame => frame.includes('renamed team/app:1 to team/app:1-rc'), 'the result');
	});

	test('the same name again is refused, saying so', async () => {
		const engine = recordingEngine([app1]);
		const opened = await open(engine);
		await opened.press('t', keys.enter);
		await opened.waitForFrame(frame => frame.includes('team/app:1 already has that tag'), 'the refusal');
		assert.equal(engine.calls.length, 0);
	});
});

test('P pushes exactly the selected tag, never asking which, and counts the layers', async () => {
	const engine = recordingEngine([app1], {
		async push(_repository, _tag, _auth, onProgress) {
			onProgress({id: 'l1', status: 'Pushed'});
			onProgress({id: 'l2', status: 'Layer already exists'});
		},
	});
	const opened = await open(engine);
	await opened.press('P');
	const [[repository, tag]] = await calledOnce(engine, 'push') as [[string, string]];
	assert.deepEqual([repository, tag], ['team/app', '1']);
	assert.equal(opened.store.getState().dialog.kind, 'none', 'no question asked');
	await opened.waitForFrame(frame => frame.includes('pushed team/app:1 (1 layer sent, 1 already there)'), 'the result');
});

describe('S save', () => {
	test('into a missing directory: refused, naming it', async () => {
		const engine = recordingEngine([app1]);
		const opened = await open(engine, recordingFiles({}));
		await opened.press('S');
		await opened.waitForFrame(frame => frame.includes('Save team/app:1 to a tar'), 'the save form');
		await type(opened, '/nowhere/x.tar');
		await opened.press(keys.enter);
		await opened.waitForFrame(frame => frame.includes('no such directory: /nowhere'), 'the refusal');
		assert.equal(engine.callsTo('save').length, 0);
	});

	test('into a directory: said before any "Overwrite?", with a file name to give instead; nothing saved', async () => {
		const engine = recordingEngine([app1]);
		const opened = await open(engine, recordingFiles({'/tmp': {kind: 'directory', size: 0}, '/tmp/out': {kind: 'directory', size: 4096}}));
		await opened.press('S');
		await opened.waitForFrame(frame => frame.includes('Save team/app:1 to a tar'), 'the save form');
		await type(opened, '/tmp/out');
		await opened.press(keys.enter);
		await opened.waitForFrame(frame => frame.includes('/tmp/out is a directory: give a file name (e.g. /tmp/out/team_app_1.tar)'), 'the refusal');
		assert.equal(opened.store.getState().dialog.kind, 'form', 'the form stays open, no "Overwrite?"');
		assert.doesNotMatch(opened.frame(), /Overwrite/);
		assert.equal(engine.callsTo('save').length, 0);
	});

	test('over an existing file: asks, showing its size; y saves', async () => {
		const engine = recordingEngine([app1]);
		const opened = await open(engine, recordingFiles({'/work': {kind: 'directory', size: 0}, '/work/out.tar': {kind: 'file', size: 2_000_000}}));
		await opened.press('S');
		await type(opened, 'out.tar');
		await opened.press(keys.enter);
		await opened.waitForFrame(frame => frame.includes('/work/out.tar exists (2MB)'), 'the overwrite question');
		assert.equal(engine.callsTo('save').length, 0, 'nothing written before the answer');
		await opened.press('y');
		const [[images, target]] = await calledOnce(engine, 'save') as [[string[], string]];
		assert.deepEqual([images, target], [['team/app:1'], '/work/out.tar']);
	});
});

test('L load: a missing file is refused by name; an existing one is loaded and the names shown', async () => {
	const engine = recordingEngine([app1], {load: async () => ['team/app:9']});
	const opened = await open(engine, recordingFiles({'/work/in.tar': {kind: 'file', size: 10}}));
	await opened.press('L');
	await type(opened, 'gone.tar');
	await opened.press(keys.enter);
	await opened.waitForFrame(frame => frame.includes('no such file: /work/gone.tar'), 'the refusal');
	await opened.press(ctrlU);
	await type(opened, 'in.tar');
	await opened.press(keys.enter);
	const [[source]] = await calledOnce(engine, 'load') as [[string]];
	assert.equal(source, '/work/in.tar');
	await opened.waitForFrame(frame => frame.includes('loaded team/app:9'), 'the result');
});

test('b build: context, -f, tags and args as docker build reads them (a bare NAME from the environment)', async () => {
	const engine = recordingEngine([app1]);
	const files = recordingFiles({'/ctx': {kind: 'directory', size: 0}, '/work/alt.Dockerfile': {kind: 'file', size: 10}}, {FROM_ENV: 'yes'});
	const opened = await open(engine, files);
	await opened.press('b');
	await opened.waitForFrame(frame => frame.includes('Build an image'), 'the build form');
	await type(opened, '/ctx');
	await opened.press(keys.tab);
	await type(opened, 'alt.Dockerfile');
	await opened.press(keys.tab);
	await type(opened, 'Bad:Tag');
	await opened.press(keys.enter);
	await opened.waitForFrame(frame => frame.includes('tag "Bad:Tag": invalid reference format: repository name (library/Bad) must be lowercase'), 'the tag refused');
	await opened.press(ctrlU);
	await type(opened, 'team/new:1');
	// Builder (auto), then the target stage.
	await opened.press(keys.tab, keys.tab);
	await type(opened, 'final');
	// Secrets, no cache, then the build args.
	await opened.press(keys.tab, keys.tab, keys.tab);
	await type(opened, 'A=1 FROM_ENV UNSET');
	await opened.press(keys.enter);
	const [[options]] = await calledOnce(engine, 'build') as [[Record<string, unknown>]];
	assert.deepEqual(options, {contextDir: '/ctx', dockerfile: '/work/alt.Dockerfile', tags: ['team/new:1'], noCache: false, buildArgs: {A: '1', FROM_ENV: 'yes'}, builder: 'auto', target: 'final', secrets: []});
	await opened.waitForFrame(frame => frame.includes('built bbbbbbbbbbbb as team/new:1 (BuildKit)'), 'the result');
});

describe('l log in', () => {
	test('Docker Hub\'s key is stored after the engine accepts; the password is never shown', async () => {
		const engine = recordingEngine([app1]);
		const files = recordingFiles({});
		const opened = await open(engine, files);
		await opened.press('l');
		await opened.waitForFrame(frame => frame.includes('Log in to a registry'), 'the login form');
		await opened.press(keys.tab);
		await type(opened, 'me');
		await opened.press(keys.tab);
		await type(opened, 's3cret');
		assert.doesNotMatch(opened.frame(), /s3cret/);
		await opened.press(keys.enter);
		await opened.waitForFrame(frame => frame.includes('Login Succeeded (Docker Hub)'), 'the flash');
		assert.deepEqual(engine.callsTo('login'), [[{username: 'me', password: 's3cret', serveraddress: dockerHub}]]);
		// The flash goes after 4 s: a finished job keeps the engine's words in the jobs pane and its log.
		const job = await waitFor(() => opened.store.getState().jobs.find(each => each.kind === 'login' && each.status === 'done'), 'the login job');
		assert.deepEqual([job.title, job.result], ['login Docker Hub as me', 'Login Succeeded']);
		opened.store.dispatch({type: 'clearFlash'});
		await opened.waitForFrame(frame => !frame.includes('Login Succeeded (Docker Hub)') && /login Docker Hub as me.*Login Succeeded/.test(frame), 'the job line once the flash is gone');
		assert.deepEqual(files.stored, [[dockerHub, 'me', 's3cret', undefined]]);
	});

	test('a refusal is said once ("login failed: …" not doubled), and nothing is stored', async () => {
		const engine = recordingEngine([app1], {login: async () => Promise.reject(new Error('login to 127.0.0.1:5000 failed: unauthorized'))});
		const files = recordingFiles({});
		const opened = await open(engine, files);
		await opened.press('l', ctrlU);
		await type(opened, '127.0.0.1:5000');
		await opened.press(keys.tab);
		await type(opened, 'me');
		await opened.press(keys.tab);
		await type(opened, 'bad');
		await opened.press(keys.enter);
		const frame = await opened.waitForFrame(text => text.includes('failed: unauthorized'), 'the refusal');
		assert.doesNotMatch(frame, /login failed: login to/);
		assert.equal(files.stored.length, 0);
	});
});

describe('d delete', () => {
	const stopped = {id: 'c1', names: ['/keeper'], image: 'team/app:1', imageId: app1.id, state: 'exited', running: false, status: 'Exited (0)', sizeRw: 0};

	test('a free image: y deletes it, without force', async () => {
		const engine = recordingEngine([app1, base], {removeImage: async () => ({untagged: ['team/app:1'], deleted: [app1.id]})});
		const opened = await open(engine);
		await opened.press('d');
		await opened.waitForFrame(frame => frame.includes('Delete team/app:1'), 'the confirmation');
		assert.equal(engine.callsTo('removeImage').length, 0);
		await opened.press('y');
		const [[reference, force]] = await calledOnce(engine, 'removeImage') as [[string, boolean]];
		assert.deepEqual([reference, force], ['team/app:1', false]);
	});

	test('one a stopped container holds: the question names the container and offers f, which forces', async () => {
		const engine = recordingEngine([app1, base], {}, [stopped]);
		const opened = await open(engine);
		await opened.press('d');
		const frame = await opened.waitForFrame(text => text.includes('keeper'), 'the confirmation naming the container');
		assert.match(frame, /f force/);
		await opened.press('f');
		const [[reference, force]] = await calledOnce(engine, 'removeImage') as [[string, boolean]];
		assert.deepEqual([reference, force], ['team/app:1', true]);
	});
});

test('x with nothing dangling says so and asks nothing', async () => {
	const engine = recordingEngine([app1]);
	const opened = await open(engine);
	await opened.press('x');
	await opened.waitForFrame(frame => frame.includes('No dangling images to prune.'), 'the flash');
	assert.equal(opened.store.getState().dialog.kind, 'none');
	assert.equal(engine.callsTo('pruneImages').length, 0);
});

test('eleven jobs: the newest is the highlighted one on top, and K and Enter act on the job highlighted', async () => {
	const aborted: string[] = [];
	const engine = recordingEngine([app1], {
		// Each pull runs until it is cancelled.
		pull: async (reference, _auth, _onProgress, signal) => new Promise((_resolve, reject) => {
			signal.addEventListener('abort', () => {
				aborted.push(reference);
				reject(signal.reason as Error);
			});
		}),
	});
	const opened = await open(engine);
	for (let index = 0; index < 11; index++) {
		await opened.press('p');
		await type(opened, `tool-${index}`);
		await opened.press(keys.enter);
		await opened.waitForFrame(frame => frame.includes(`tool-${index}:latest`) && !frame.includes('Pull an image'), `job ${index}`);
	}

	await opened.press(keys.tab, keys.tab);
	await waitFor(() => opened.store.getState().focus === 'jobs', 'the jobs pane focused');
	const jobsPane = (frame: string) => frame.slice(frame.indexOf('─ Jobs'));
	const shown = jobsPane(opened.frame()).split('\n').filter(line => /tool-\d+/.test(line));
	assert.match(shown[0]!, /tool-10:latest/, 'the newest job is on top');
	assert.match(jobsPane(opened.frame()), /more below/, 'the title counts what is hidden');
	await opened.press('K');
	await waitFor(() => aborted.length === 1, 'one cancelled');
	assert.deepEqual(aborted, ['tool-10:latest']);
	await opened.press(keys.down, keys.enter);
	await opened.waitForFrame(frame => /pull tool-9:latest/.test(frame) && frame.includes('Esc close'), 'the log of the job highlighted');
	await opened.press(keys.escape);
});
