// Pull, delete with confirmation, and build, typed into the real binary in a real terminal.
import assert from 'node:assert/strict';
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {after, before, test} from 'node:test';
import {docker} from '../bed/docker-cli.mjs';
import {APP, BASE} from '../bed/fixture-names.mjs';
import {startRegistry, type TestRegistry} from '../bed/registry.mjs';
import {testHost} from '../helpers/test-engine.ts';
import {openTerminal, type Terminal} from '../helpers/tmux.ts';

let terminal: Terminal;
let registry: TestRegistry;
let work: string;
let pushed: string;

async function cli(args: string[], env: Record<string, string> = {}): Promise<string> {
	const result = await docker(args, {env});
	assert.equal(result.code, 0, `docker ${args.join(' ')}: ${result.stderr}`);
	return result.stdout.trim();
}

before(async () => {
	registry = await startRegistry({users: {tester: 'secret-pass'}});
	work = mkdtempSync('/tmp/stowage-e2e-actions-');
	const config = path.join(work, 'docker-config');
	mkdirSync(config);
	// Credentials the docker CLI's way, for both the docker CLI and stowage.
	writeFileSync(path.join(config, 'config.json'), JSON.stringify({auths: {[registry.host]: {auth: Buffer.from('tester:secret-pass').toString('base64')}}}));
	pushed = `${registry.host}/e2e/app:1.0`;
	await cli(['tag', APP, pushed]);
	await cli(['push', pushed], {DOCKER_CONFIG: config});
	await cli(['rmi', pushed]);
	terminal = await openTerminal([], {DOCKER_HOST: testHost(), DOCKER_CONFIG: config, TERM: 'xterm-256color'}, 140, 50);
	await terminal.waitForScreen(screen => /─ Images \d+ /.test(screen), 'the image list');
});

after(async () => {
	await terminal?.close();
	await docker(['rmi', pushed, 'stowage-e2e-del:1', 'stowage-e2e-built:1']);
	await registry?.stop();
	rmSync(work, {recursive: true, force: true});
});

test('p pulls from a registry with stored credentials, with per-layer progress and the outcome', async () => {
	await terminal.keys('p');
	await terminal.waitForScreen(screen => screen.includes('Pull an image'), 'the pull dialog');
	await terminal.type(pushed);
	await terminal.keys('Enter');
	const screen = await terminal.waitForScreen(text => /✓ pull/.test(text), 'the pull to finish', 20_000);
	assert.match(screen, /Downloaded newer image|sha256:[a-f0-9]{6}/);
	await terminal.keys('/');
	await terminal.type('e2e/app');
	await terminal.keys('Enter');
	await terminal.waitForScreen(text => text.includes(`${registry.host}/e2e/app`), 'the pulled image in the list');
	assert.equal(await cli(['image', 'inspect', '--format', '{{.Id}}', pushed]), await cli(['image', 'inspect', '--format', '{{.Id}}', APP]));
	await terminal.keys('Escape');
	await terminal.waitForScreen(text => !text.includes('filter:'), 'the filter cleared');
});

test('d deletes only after the confirmation', async () => {
	await cli(['tag', BASE, 'stowage-e2e-del:1']);
	await terminal.keys('/');
	await terminal.type('stowage-e2e-del');
	await terminal.keys('Enter');
	await terminal.waitForScreen(text => /stowage-e2e-del\s+1\s/.test(text), 'the row');
	await terminal.keys('d');
	await terminal.waitForScreen(text => text.includes('Delete stowage-e2e-del:1?') && text.includes('y yes'), 'the confirmation');
	await terminal.keys('y');
	await terminal.waitForScreen(text => !/stowage-e2e-del\s+1\s/.test(text) && text.includes('✓ delete'), 'the row gone', 10_000);
	assert.equal((await docker(['image', 'inspect', 'stowage-e2e-del:1'])).code, 1);
	await terminal.keys('Escape');
	await terminal.waitForScreen(text => !text.includes('filter:'), 'the filter cleared');
});

test('b builds from the form: -f, a tag, .dockerignore honoured', async () => {
	const context = path.join(work, 'context');
	mkdirSync(path.join(context, 'docker'), {recursive: true});
	writeFileSync(path.join(context, 'docker', 'Build.dockerfile'), `FROM ${BASE}\nCOPY . /ctx\nRUN ls /ctx > /listing\n`);
	writeFileSync(path.join(context, 'kept.txt'), 'kept\n');
	writeFileSync(path.join(context, 'secret.env'), 'TOKEN=1\n');
	writeFileSync(path.join(context, '.dockerignore'), 'secret.env\n');
	await terminal.keys('b');
	await terminal.waitForScreen(text => text.includes('Build an image'), 'the build form');
	await terminal.keys('C-u');
	await terminal.type(context);
	await terminal.keys('Tab');
	await terminal.type(path.join(context, 'docker', 'Build.dockerfile'));
	await terminal.keys('Tab');
	await terminal.type('stowage-e2e-built:1');
	await terminal.keys('Enter');
	await terminal.waitForScreen(text => /✓ build/.test(text), 'the build to finish', 30_000);
	const listing = await cli(['run', '--rm', '--network', 'none', 'stowage-e2e-built:1', 'cat', '/listing']);
	assert.match(listing, /kept\.txt/);
	assert.doesNotMatch(listing, /secret\.env/);
});
