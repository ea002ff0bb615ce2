// The UI's start with V8's code cache (source/start/code-cache.ts), as the built command runs it (its
// shebang's flags, in a real terminal): the first start writes the cache, the next one uses it, and a
// corrupt cache or one that cannot be written costs nothing but the cache: the list comes up every time.
import assert from 'node:assert/strict';
import {existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {after, test} from 'node:test';
import {docker} from '../bed/docker-cli.mjs';
import {testHost} from '../helpers/test-engine.ts';
import {cliPath, openTmuxSession, shellQuote} from '../helpers/tmux.ts';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'stowage-start-cache-'));
after(() => rmSync(scratch, {recursive: true, force: true}));

async function poll(check: () => Promise<boolean>, what: string, timeoutMs: number, last: () => string): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!(await check())) {
		if (Date.now() > deadline) {
			throw new Error(`timed out waiting for ${what}\n--- last screen ---\n${last()}`);
		}

		await new Promise(resolve => setTimeout(resolve, 50));
	}
}

/** Starts `stowage` (the bundle's own shebang) with XDG_CACHE_HOME set, waits for the full list, quits with q. */
async function startAndQuit(cacheHome: string): Promise<void> {
	const count = (await docker(['images', '-q'])).stdout.trim().split('\n').filter(Boolean).length;
	const env = ['env', '-u', 'CI', '-u', 'CONTINUOUS_INTEGRATION', `DOCKER_HOST=${testHost()}`, 'TERM=xterm-256color', `XDG_CACHE_HOME=${cacheHome}`];
	// The exit status through the shell: tmux does not always record a dead pane's.
	const statusFile = path.join(scratch, `status-${Date.now()}`);
	const session = await openTmuxSession('stowage-cache', ['sh', '-c', `${[...env, cliPath].map(shellQuote).join(' ')}; echo $? > ${shellQuote(statusFile)}`], 120, 40);
	try {
		await poll(async () => {
			const screen = await session.screen();
			return new RegExp(`─ Images ${count} `).test(screen) && /REPOSITORY\s+TAG\s+IMAGE ID/.test(screen);
		}, `the list of ${count} images`, 15_000, session.last);
		// A key typed in the very first moments can be lost before Ink puts the terminal in raw mode: a person's q comes later.
		await new Promise(resolve => setTimeout(resolve, 1000));
		await session.tmux('send-keys', '-t', 'main', 'q');
		await poll(async () => existsSync(statusFile) && readFileSync(statusFile, 'utf8') === '0\n', 'stowage to exit 0 after q', 10_000, session.last);
	} finally {
		await session.close();
	}
}

const cacheFiles = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter(name => name.endsWith('.code')) : []);

test('first start writes the code cache, the next uses it as it is, a corrupt one is replaced: the list comes up each time', async () => {
	const cacheHome = path.join(scratch, 'cache');
	const dir = path.join(cacheHome, 'stowage');
	await startAndQuit(cacheHome);
	const [file] = cacheFiles(dir);
	assert.ok(file, 'a cache file after the first start');
	assert.match(file, /^ui-[0-9a-f]{16}-node[\d.]+-[a-z0-9]+-[0-9a-f]{8}\.code$/);
	const written = readFileSync(path.join(dir, file));
	const writtenAt = statSync(path.join(dir, file)).mtimeMs;

	// Used: a cache that was used is never written again.
	await startAndQuit(cacheHome);
	assert.deepEqual(cacheFiles(dir), [file]);
	assert.equal(statSync(path.join(dir, file)).mtimeMs, writtenAt);
	assert.deepEqual(readFileSync(path.join(dir, file)), written);

	// Corrupt: the list still comes up, and a good cache replaces the bad one.
	const corrupt = Buffer.from(written);
	corrupt[corrupt.length >> 1]! ^= 0xFF;
	writeFileSync(path.join(dir, file), corrupt);
	await startAndQuit(cacheHome);
	assert.deepEqual(cacheFiles(dir), [file]);
	const rewritten = readFileSync(path.join(dir, file));
	assert.notDeepEqual(rewritten, corrupt);
	assert.equal(rewritten.subarray(0, 18).toString(), 'stowage-v8-code-1\n');
});

test('a cache directory that cannot be made does not keep the UI from starting', async () => {
	// A file where the cache directory would be (the tests run as root, whom permission bits do not stop).
	const blocker = path.join(scratch, 'not-a-dir');
	writeFileSync(blocker, '');
	await startAndQuit(blocker);
	assert.equal(readFileSync(blocker, 'utf8'), '');
});
