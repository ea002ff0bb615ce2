// Process faults: the built binary in a real terminal is told to stop (q, Ctrl-C, SIGTERM,
// SIGHUP, SIGINT) or loses its terminal (the pty closed) while a save or a load runs. What
// must hold: no temp file or partial target left, the exit status a CLI gives (128 + the
// signal), nothing on stderr. The engine is real; it sits behind a paced proxy (a slow
// link, test/helpers/paced-proxy.ts) so the job is surely still under way when the fault comes.
import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {randomBytes} from 'node:crypto';
import path from 'node:path';
import {after, before, test} from 'node:test';
import {docker} from '../bed/docker-cli.mjs';
import {BASE} from '../bed/fixture-names.mjs';
import {hostTag, pidAlive, tempPathBeside} from '../../source/engine/temp-name.ts';
import {importRandomImage} from '../helpers/engine-images.ts';
import {startPacedProxy, type PacedProxy} from '../helpers/paced-proxy.ts';
import {testHost, waitFor} from '../helpers/test-engine.ts';
import {openWrappedTerminal, type WrappedTerminal} from '../helpers/wrapped-terminal.ts';

const big = 'stowage-fault-big:1';
const loadTag = 'stowage-fault-load:1';
const small = 'stowage-fault-small:1';
const blobBytes = 64 * 1024 * 1024;
// 64 MiB at 8 MiB/s: a save or load takes ~8 s, the fault comes after the first few MB (a loaded
// machine may take seconds to show the quit question: the job must still be running then).
const linkBytesPerSecond = 8 * 1024 * 1024;

let work: string;
let proxy: PacedProxy;
let loadTar: string;
let runs = 0;

async function cli(args: string[]): Promise<string> {
	const result = await docker(args);
	assert.equal(result.code, 0, `docker ${args.join(' ')}: ${result.stderr}`);
	return result.stdout.trim();
}

before(async () => {
	work = mkdtempSync('/tmp/stowage-fault-process-');
	// One layer of random bytes (nothing for a filesystem or the engine to squeeze), made offline.
	await importRandomImage(testHost(), big, blobBytes);
	// The tar to load: the same image under a tag the engine does not have (a load that was
	// cut short must not leave it tagged).
	loadTar = path.join(work, 'load.tar');
	await cli(['tag', big, loadTag]);
	await cli(['save', '-o', loadTar, loadTag]);
	await cli(['rmi', loadTag]);
	await cli(['tag', BASE, small]);
	proxy = await startPacedProxy(new URL(testHost()).pathname, path.join(work, 'paced.sock'), linkBytesPerSecond);
});

after(async () => {
	await proxy?.stop();
	await docker(['rmi', '-f', big, loadTag, small]);
	rmSync(work, {recursive: true, force: true});
});

type Opened = {terminal: WrappedTerminal; dir: string; pid: number};

/** stowage in its own terminal and folder, through the slow link, its list shown. */
async function open(): Promise<Opened> {
	const dir = path.join(work, `run-${runs++}`);
	mkdirSync(dir);
	const terminal = await openWrappedTerminal(dir, {DOCKER_HOST: `unix://${proxy.socket}`, TERM: 'xterm-256color'}, 140, 45);
	try {
		await terminal.waitForScreen(screen => /─ Images \d+ /.test(screen), 'the image list', 15_000);
		return {terminal, dir, pid: await terminal.pid()};
	} catch (error) {
		await terminal.close();
		throw error;
	}
}

const tempsIn = (dir: string, name: string) => readdirSync(dir).filter(file => file.startsWith(`.${name}.stowage-`));

async function startSave({terminal, dir}: Opened, image: string, target = path.join(dir, 'out.tar')): Promise<string> {
	await terminal.keys('/');
	await terminal.type(image.split(':')[0]!);
	await terminal.keys('Enter');
	await terminal.waitForScreen(screen => screen.includes(`filter: ${image.split(':')[0]}`) && /Images 1\b/.test(screen), 'the image alone in the list');
	await terminal.keys('S');
	await terminal.waitForScreen(screen => screen.includes(`Save ${image} to a tar`), 'the save form');
	await terminal.type(target);
	await terminal.keys('Enter');
	return target;
}

/** The save is under way: its temp file has a few MB in it. */
async function saving(dir: string): Promise<void> {
	await waitFor(() => tempsIn(dir, 'out.tar').some(file => (statSync(path.join(dir, file), {throwIfNoEntry: false})?.size ?? 0) > 2_000_000), 'the save to be writing', 20_000);
}

async function startLoad({terminal}: Opened): Promise<void> {
	await terminal.keys('L');
	await terminal.waitForScreen(screen => screen.includes('Load images from a tar'), 'the load form');
	await terminal.type(loadTar);
	await terminal.keys('Enter');
	// "12.5MB of 67.1MB": a few MB sent, most still to go.
	await terminal.waitForScreen(screen => Number(/ load .*?(\d+(?:\.\d+)?)MB of /.exec(screen)?.[1] ?? 0) >= 2, 'the load to be sending', 20_000);
}

type Fault = {name: string; status: number; inject(opened: Opened, job: RegExp): Promise<void>};

const signal = (name: NodeJS.Signals, status: number): Fault => ({name, status, async inject({pid}) {
	process.kill(pid, name);
}});

const faults: Fault[] = [
	{name: 'q answered y', status: 0, async inject({terminal}, job) {
		await terminal.keys('q');
		// The question names the job and how far it got.
		await terminal.waitForScreen(screen => screen.includes('Quit stowage?') && job.test(screen), 'the quit question naming the job');
		await terminal.keys('y');
	}},
	signal('SIGTERM', 143),
	signal('SIGHUP', 129),
	signal('SIGINT', 130),
	{name: 'a closed pty', status: 129, async inject({terminal}) {
		await terminal.close();
	}},
];

/** Exits as a CLI does, within the cleanup's bound, and says nothing on stderr (no stack trace, no assertion). */
async function exitsCleanly(opened: Opened, fault: {status: number}, since: number): Promise<number> {
	const status = await opened.terminal.status(8000);
	const took = Date.now() - since;
	const stderr = opened.terminal.stderr();
	// Ink shows the cursor again on stderr: escape sequences only, no words.
	assert.equal(stderr.replaceAll(/\u001B\[[\d;?]*[A-Za-z]/g, '').trim(), '', `stderr:\n${stderr}`);
	assert.equal(status, fault.status, `exit status (stderr: ${stderr})`);
	assert.equal(pidAlive(opened.pid), false, 'stowage is gone');
	return took;
}

for (const fault of faults) {
	test(`${fault.name} during a save: the partial temp file is removed, no target, exit ${fault.status}, nothing on stderr`, async t => {
		const opened = await open();
		try {
			const target = await startSave(opened, big);
			await saving(opened.dir);
			const since = Date.now();
			// How far it got is what the job had reported when q was read: on a loaded machine the
			// file can be MBs ahead of the last progress flush the question was drawn from.
			await fault.inject(opened, /save stowage-fault-big:1 → \S*out\.tar \(\d[\d.]*[kMG]?B so far\)/);
			const took = await exitsCleanly(opened, fault, since);
			t.diagnostic(`exited ${took} ms after the fault`);
			assert.deepEqual(readdirSync(opened.dir).filter(file => file.includes('out.tar')), [], `left beside ${target}`);
		} finally {
			await opened.terminal.close();
		}
	});
}

test('Ctrl-C during a save: quits at once (no question), the temp file is removed, exit 130', async () => {
	const opened = await open();
	try {
		await startSave(opened, big);
		await saving(opened.dir);
		await opened.terminal.keys('C-c');
		await exitsCleanly(opened, {status: 130}, Date.now());
		assert.deepEqual(readdirSync(opened.dir).filter(file => file.includes('out.tar')), []);
	} finally {
		await opened.terminal.close();
	}
});

for (const fault of faults) {
	test(`${fault.name} during a load: nothing left beside the tar, the image not tagged, exit ${fault.status}, nothing on stderr`, async t => {
		const opened = await open();
		try {
			await startLoad(opened);
			const since = Date.now();
			await fault.inject(opened, /load \S*load\.tar \(\d+%\)/);
			const took = await exitsCleanly(opened, fault, since);
			t.diagnostic(`exited ${took} ms after the fault`);
			assert.deepEqual(readdirSync(work).filter(file => file.startsWith('.load.tar')), []);
			assert.notEqual((await docker(['image', 'inspect', loadTag])).code, 0, `${loadTag} must not have been loaded`);
		} finally {
			await opened.terminal.close();
		}
	});
}

/** The pid of a process that has exited: what a crashed stowage leaves in its temp file's name. */
async function deadPid(): Promise<number> {
	const child = spawn('true');
	await new Promise(resolve => child.on('exit', resolve));
	return child.pid!;
}

test('a crashed run\'s temp file (a dead pid) is removed by the next save to that target; a live process\'s is kept', async () => {
	const opened = await open();
	try {
		const target = path.join(opened.dir, 'out.tar');
		const stale = tempPathBeside(target, {host: hostTag(), pid: await deadPid()});
		// This test's own process stands for another stowage still writing its save.
		const live = tempPathBeside(target, {host: hostTag(), pid: process.pid});
		writeFileSync(stale, randomBytes(1024));
		writeFileSync(live, randomBytes(1024));
		await startSave(opened, small);
		await opened.terminal.waitForScreen(screen => screen.includes('✓ save'), 'the save to finish', 20_000);
		assert.deepEqual(readdirSync(opened.dir).filter(file => file.includes('out.tar')).sort(), [path.basename(live), 'out.tar'].sort());
		await opened.terminal.keys('q');
		await exitsCleanly(opened, {status: 0}, Date.now());
	} finally {
		await opened.terminal.close();
	}
});

test('SIGKILL during a save leaves its temp file (nothing can catch it); the next save to that target removes it', async () => {
	const killed = await open();
	let left: string[];
	try {
		await startSave(killed, big);
		await saving(killed.dir);
		process.kill(killed.pid, 'SIGKILL');
		assert.equal(await killed.terminal.status(), 137);
		left = tempsIn(killed.dir, 'out.tar');
		assert.equal(left.length, 1, 'the killed save\'s temp file');
	} finally {
		await killed.terminal.close();
	}

	// The next stowage saves to the same file: the killed one's temp file goes, the new save lands.
	const next = await open();
	try {
		await startSave(next, small, path.join(killed.dir, 'out.tar'));
		await next.terminal.waitForScreen(screen => screen.includes('✓ save'), 'the save to finish', 20_000);
		assert.deepEqual(readdirSync(killed.dir).filter(file => file.includes('out.tar')), ['out.tar'], `left: ${left.join(', ')}`);
		await next.terminal.keys('q');
		await exitsCleanly(next, {status: 0}, Date.now());
	} finally {
		await next.terminal.close();
	}
});

test('q with no job running quits at once, without a question, exit 0', async () => {
	const opened = await open();
	try {
		await opened.terminal.keys('q');
		await exitsCleanly(opened, {status: 0}, Date.now());
		assert.doesNotMatch(await opened.terminal.screen(), /Quit stowage\?/);
	} finally {
		await opened.terminal.close();
	}
});
