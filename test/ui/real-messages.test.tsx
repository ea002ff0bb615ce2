// The save and login dialogs' messages against the real parts: the real filesystem
// (localFiles) for a save into a directory, the bed's engine and registry for a login.
import assert from 'node:assert/strict';
import {randomBytes} from 'node:crypto';
import {mkdirSync, mkdtempSync, readdirSync, rmSync} from 'node:fs';
import path from 'node:path';
import {after, afterEach, before, test} from 'node:test';
import {startRegistry, type TestRegistry} from '../bed/registry.mjs';
import {APP} from '../bed/fixture-names.mjs';
import {localFiles} from '../../source/engine/local-files.ts';
import {keys, renderApp, rowOf, type RenderedApp} from '../helpers/render-app.tsx';
import {recordingFiles} from '../helpers/recording-engine.ts';
import {testEngine, waitFor} from '../helpers/test-engine.ts';

const ctrlU = '\u0015';
const user = 'stowage';
const password = `Pw-${randomBytes(8).toString('hex')}`;
let registry: TestRegistry;
let work: string;
let app: RenderedApp | undefined;

before(async () => {
	work = mkdtempSync('/tmp/stowage-real-messages-');
	registry = await startRegistry({users: {[user]: password}});
});

afterEach(() => {
	app?.unmount();
	app = undefined;
});

after(async () => {
	await registry?.stop();
	rmSync(work, {recursive: true, force: true});
});

async function type(opened: RenderedApp, text: string) {
	await opened.press(...text.split(''));
}

test('S save into a real directory: "is a directory" before any "Overwrite?", nothing written', async () => {
	const target = path.join(work, 'out');
	mkdirSync(target);
	app = renderApp(testEngine(), 160, 40, localFiles);
	const opened = app;
	await opened.waitForFrame(frame => Boolean(rowOf(frame, APP)), 'the list');
	// The newest image is selected first; go to the fixture app by filtering for it.
	await opened.press('/');
	await type(opened, APP);
	await opened.press(keys.enter);
	await opened.waitForFrame(frame => Boolean(rowOf(frame, APP)) && frame.includes(`filter: ${APP}`), 'the filtered list');
	await opened.press('S');
	await opened.waitForFrame(frame => frame.includes('to a tar'), 'the save form');
	await opened.press(ctrlU);
	await type(opened, target);
	await opened.press(keys.enter);
	await opened.waitForFrame(frame => frame.includes(`${target} is a directory: give a file name`), 'the refusal');
	const {dialog} = opened.store.getState();
	assert.equal(dialog.kind, 'form', 'the form stays open, no "Overwrite?"');
	assert.match(dialog.kind === 'form' ? dialog.error ?? '' : '', new RegExp(`^${target} is a directory: give a file name \\(e\\.g\\. ${target}/[\\w.-]+\\.tar\\)$`));
	assert.doesNotMatch(opened.frame(), /Overwrite/);
	assert.deepEqual(readdirSync(target), []);
});

test('l log in to the real registry: "Login Succeeded" in the status line, then in the jobs pane', async () => {
	// The credentials go to a recording seam, never to a docker config on disk.
	const files = recordingFiles({});
	app = renderApp(testEngine(), 160, 40, files);
	const opened = app;
	await opened.waitForFrame(frame => frame.includes('connected'), 'the connection');
	await opened.press('l');
	await opened.waitForFrame(frame => frame.includes('Log in to a registry'), 'the login form');
	await opened.press(ctrlU);
	await type(opened, registry.host);
	await opened.press(keys.tab);
	await type(opened, user);
	await opened.press(keys.tab);
	await type(opened, password);
	await opened.press(keys.enter);
	await opened.waitForFrame(frame => /Login Succeeded!? \(127\.0\.0\.1:\d+\)/.test(frame), 'the flash', 15_000);
	assert.deepEqual(files.stored.map(entry => entry.slice(0, 2)), [[registry.host, user]]);
	const job = await waitFor(() => opened.store.getState().jobs.find(each => each.kind === 'login'), 'the login job');
	assert.equal(job.status, 'done');
	assert.match(job.result ?? '', /^Login Succeeded/);
	opened.store.dispatch({type: 'clearFlash'});
	assert.equal(job.title, `login ${registry.host} as ${user}`);
	await opened.waitForFrame(frame => /✓ login .*Login Succeeded/.test(frame) && !/Login Succeeded!? \(127/.test(frame), 'the job line once the flash is gone');
});
