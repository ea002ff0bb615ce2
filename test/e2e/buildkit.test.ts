// A BuildKit build typed into the real binary in tmux: the builder chosen in the
// form, a target and a secret, the step tree while it runs, a refused secret
// file, and a failing step named in the job's line and its log.
import assert from 'node:assert/strict';
import {notOn} from '../helpers/engine-matrix.ts';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {after, before, test} from 'node:test';
import {docker} from '../bed/docker-cli.mjs';
import {BASE} from '../bed/fixture-names.mjs';
import {testHost} from '../helpers/test-engine.ts';
import {openTerminal, type Terminal} from '../helpers/tmux.ts';
import {writeTree} from '../helpers/write-tree.ts';

let terminal: Terminal;
let work: string;

before(async () => {
	work = mkdtempSync('/tmp/stowage-e2e-bk-');
	terminal = await openTerminal([], {DOCKER_HOST: testHost(), TERM: 'xterm-256color'}, 120, 40);
	await terminal.waitForScreen(screen => /─ Images \d+ /.test(screen), 'the image list');
});

after(async () => {
	await terminal?.close();
	await docker(['rmi', 'stowage-e2e-bk:1']);
	await docker(['builder', 'prune', '-af']);
	rmSync(work, {recursive: true, force: true});
});

/** Opens the build form and fills it: context, tag, builder buildkit, target, secrets. */
async function fillForm(context: string, {tag = '', target = '', secrets = ''}) {
	await terminal.keys('b');
	await terminal.waitForScreen(text => text.includes('Build an image'), 'the build form');
	await terminal.keys('C-u');
	await terminal.type(context);
	await terminal.keys('Tab', 'Tab');
	await terminal.type(tag);
	await terminal.keys('Tab', 'Space');
	await terminal.waitForScreen(text => text.includes('(•) buildkit'), 'buildkit chosen');
	await terminal.keys('Tab');
	await terminal.type(target);
	await terminal.keys('Tab');
	await terminal.type(secrets);
	await terminal.keys('Enter');
}

test(...notOn(['podman-4.3'], 'no BuildKit: Podman 4.3 builds with its own classic-compatible builder', 'b with buildkit: the step tree while it runs, the secret served, the target built'), async () => {
	const secret = path.join(work, 'token.txt');
	writeFileSync(secret, 'e2e-token');
	const context = writeTree(path.join(work, 'ok'), {'Dockerfile': `FROM ${BASE} AS final\nRUN --mount=type=secret,id=tok test "$(cat /run/secrets/tok)" = e2e-token\nRUN for i in 1 2 3 4 5; do echo "tick-$i"; sleep 1; done\nFROM final AS never\nRUN exit 1\n`});
	await fillForm(context, {tag: 'stowage-e2e-bk:1', target: 'final', secrets: `id=tok,src=${secret}`});
	const running = await terminal.waitForScreen(text => /running +\d+\.\ds +\[final 3\/3\] RUN for i/.test(text) && /│ tick-\d/.test(text), 'the running step with its output', 20_000);
	assert.match(running, /▶ build|build +stowage-e2e-bk:1 .*\d+\/\d+ steps/);
	const done = await terminal.waitForScreen(text => /✓ build +stowage-e2e-bk:1 +built [0-9a-f]{12} as stowage-e2e-bk:1 \(BuildKit\)/.test(text), 'the build to finish', 30_000);
	assert.doesNotMatch(done, /ERROR/);
});

test('a secret file that is not there is refused in the form, naming it', async () => {
	const context = writeTree(path.join(work, 'missing'), {'Dockerfile': `FROM ${BASE}\n`});
	await fillForm(context, {secrets: `id=tok,src=${path.join(work, 'nope.txt')}`});
	await terminal.waitForScreen(text => text.includes(`secret tok: no such file: ${path.join(work, 'nope.txt')}`), 'the refusal');
	await terminal.keys('Escape');
	await terminal.waitForScreen(text => !text.includes('Build an image'), 'the form closed');
});

test(...notOn(['podman-4.3'], 'no BuildKit: Podman 4.3 builds with its own classic-compatible builder', 'a failing step: its name and the reason on the job\'s line, ERROR in its log'), async () => {
	const context = writeTree(path.join(work, 'fail'), {'Dockerfile': `FROM ${BASE}\nRUN echo "e2e-before" && exit 4\n`});
	await fillForm(context, {tag: 'stowage-e2e-bk:fail'});
	await terminal.waitForScreen(text => /✗ build .*\[2\/2\] RUN echo "e2e-before" && exit 4 failed: exit code: 4 · last output: e2e-before/.test(text), 'the failure', 20_000);
	await terminal.keys('Tab', 'Tab');
	await terminal.waitForScreen(text => /Jobs \(.*\) ─ Enter log/.test(text), 'the jobs pane focused');
	await terminal.keys('Enter');
	const log = await terminal.waitForScreen(text => text.includes('STEPS'), 'the job log');
	assert.match(log, /#\d+ +ERROR +\d+\.\ds +\[2\/2\] RUN echo "e2e-before"/);
	assert.match(log, /#\d+ e2e-before/);
	await terminal.keys('Escape');
});
