// The published package as its users get it: `npm pack`, then `npm install -g` of the
// tarball into an empty prefix with no registry, then the installed `stowage` against the test engine.
import assert from 'node:assert/strict';
import {existsSync, mkdtempSync, readdirSync, readFileSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {after, test} from 'node:test';
import {docker, run as runCommand} from '../bed/docker-cli.mjs';
import {tableCells} from '../helpers/image-table.ts';
import {testHost} from '../helpers/test-engine.ts';
import {openTmuxSession, shellQuote} from '../helpers/tmux.ts';

const root = path.resolve(import.meta.dirname, '../..');
const scratch = mkdtempSync(path.join(os.tmpdir(), 'stowage-pack-'));
after(() => rmSync(scratch, {recursive: true, force: true}));

type Result = {stdout: string; stderr: string; code: number};

async function run(command: string, args: string[], env: Record<string, string | undefined> = {}, cwd = scratch): Promise<Result> {
	// CI=true would make npm and Ink behave differently from a user's shell.
	const base: NodeJS.ProcessEnv = {...process.env, ...env};
	delete base.CI;
	for (const [name, value] of Object.entries(env)) {
		if (value === undefined) {
			delete base[name];
		}
	}

	return runCommand(command, args, {cwd, env: base});
}

// npm's own cache, config and prefix stay in the scratch dir: nothing of the user's is read or written.
const npmEnv = {npm_config_cache: path.join(scratch, 'npm-cache'), npm_config_userconfig: path.join(scratch, 'npmrc'), npm_config_update_notifier: 'false'};
const prefix = path.join(scratch, 'prefix');
const bin = path.join(prefix, 'bin', 'stowage');

test('the packed tarball holds the bundle only and installs with no registry and no dependencies', async () => {
	// The bed's runner has built dist/ already; --ignore-scripts keeps this test from rebuilding it under other tests.
	const packed = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', scratch], npmEnv, root);
	assert.equal(packed.code, 0, packed.stderr);
	const [info] = JSON.parse(packed.stdout) as Array<{filename: string; files: Array<{path: string}>}>;
	assert.ok(info);
	const files = info.files.map(file => file.path);
	assert.ok(files.includes('dist/cli.js'), files.join(', '));
	assert.deepEqual(files.filter(file => !file.startsWith('dist/') && file !== 'package.json' && !/^(readme|license)/i.test(file)), []);

	const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {dependencies?: Record<string, string>};
	// What the bundle holds is not installed again.
	assert.deepEqual(manifest.dependencies ?? {}, {});

	const installed = await run('npm', ['install', '-g', '--offline', '--no-audit', '--no-fund', '--prefix', prefix, path.join(scratch, info.filename)], npmEnv);
	assert.equal(installed.code, 0, installed.stderr);
	assert.ok(existsSync(bin), `${bin} is missing`);
	assert.equal(existsSync(path.join(prefix, 'lib', 'node_modules', 'stowage', 'node_modules')), false, 'the install brought dependencies');
});

test('the installed `stowage --version` and `stowage ls` work against the engine', async () => {
	const {version} = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {version: string};
	const shown = await run(bin, ['--version']);
	assert.equal(shown.code, 0, shown.stderr);
	assert.equal(shown.stdout.trim(), version);

	const [ours, theirs] = await Promise.all([run(bin, ['ls'], {DOCKER_HOST: testHost(), DOCKER_CONTEXT: undefined}), docker(['images'])]);
	assert.equal(ours.code, 0, ours.stderr);
	assert.equal(ours.stderr, '');
	const header = (table: string) => table.split('\n')[0]!.split(/\s{2,}/);
	assert.deepEqual(header(ours.stdout), header(theirs.stdout));
	assert.deepEqual(tableCells(ours.stdout), tableCells(theirs.stdout));
});

test('the installed `stowage` opens the UI and lists the engine\'s images (its bundle and code cache found through the bin link)', async () => {
	const count = (await docker(['images', '-q'])).stdout.trim().split('\n').filter(Boolean).length;
	const cacheHome = path.join(scratch, 'xdg-cache');
	const env = ['env', '-u', 'CI', '-u', 'CONTINUOUS_INTEGRATION', `DOCKER_HOST=${testHost()}`, 'TERM=xterm-256color', `XDG_CACHE_HOME=${cacheHome}`];
	// The exit status through the shell: tmux does not always record a dead pane's.
	const statusFile = path.join(scratch, `status-${Date.now()}`);
	const session = await openTmuxSession('stowage-pack', ['sh', '-c', `${[...env, bin].map(shellQuote).join(' ')}; echo $? > ${shellQuote(statusFile)}`], 120, 40);
	try {
		const poll = async (check: (screen: string) => boolean, what: string) => {
			const deadline = Date.now() + 15_000;
			while (!check(await session.screen())) {
				assert.ok(Date.now() < deadline, `timed out waiting for ${what}\n${session.last()}`);
				await new Promise(resolve => setTimeout(resolve, 50));
			}
		};

		await poll(screen => new RegExp(`─ Images ${count} `).test(screen), `the list of ${count} images`);
		// A key typed in the very first moments can be lost before Ink puts the terminal in raw mode: a person's q comes later.
		await new Promise(resolve => setTimeout(resolve, 1000));
		await session.tmux('send-keys', '-t', 'main', 'q');
		const deadline = Date.now() + 10_000;
		while (!existsSync(statusFile) || readFileSync(statusFile, 'utf8') !== '0\n') {
			assert.ok(Date.now() < deadline, `no exit status 0 after q\n${session.last()}`);
			await new Promise(resolve => setTimeout(resolve, 50));
		}
	} finally {
		await session.close();
	}

	assert.equal(readdirSync(path.join(cacheHome, 'stowage')).filter(name => name.endsWith('.code')).length, 1);
});
