// An ssh:// engine in the real binary, as a person meets it the first time: an
// unknown host key to accept, then a passphrase-protected key to unlock.
import assert from 'node:assert/strict';
import {mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {after, before, test} from 'node:test';
import {run} from '../bed/docker-cli.mjs';
import {sshKeygen, startSshd, type Sshd} from '../bed/sshd.mjs';
import {testHost} from '../helpers/test-engine.ts';
import {openTerminal, type Terminal} from '../helpers/tmux.ts';

let work: string;
let home: string;
let sshd: Sshd | undefined;
let terminal: Terminal | undefined;
const passphrase = 'open sesame';

before(async () => {
	work = mkdtempSync('/tmp/stowage-e2e-ssh-');
	home = path.join(work, 'home');
	mkdirSync(path.join(home, '.ssh'), {recursive: true, mode: 0o700});
	const key = await sshKeygen(path.join(home, '.ssh', 'id_ed25519'), 'stowage-e2e-ssh');
	const locked = await run('ssh-keygen', ['-q', '-p', '-P', '', '-N', passphrase, '-f', key.privateKeyPath]);
	assert.equal(locked.code, 0, locked.stderr);
	sshd = await startSshd({authorizedKey: key.publicKey, env: {DOCKER_HOST: testHost()}});
	writeFileSync(path.join(work, 'empty'), '');
});

after(async () => {
	await terminal?.close();
	await sshd?.stop();
	rmSync(work, {recursive: true, force: true});
});

test('first connection over ssh: the host key is shown and accepted with y, the key\'s passphrase typed hidden, then the list', async () => {
	const fingerprint = (await run('ssh-keygen', ['-l', '-f', path.join(sshd!.dir, 'host_ed25519.pub')])).stdout.split(' ')[1]!;
	terminal = await openTerminal(['-H', `ssh://root@127.0.0.1:${sshd!.port}`], {HOME: home, SSH_AUTH_SOCK: '', TERM: 'xterm-256color', XDG_STATE_HOME: work}, 120, 40);
	await terminal.waitForScreen(screen => screen.includes('Unknown SSH host') && screen.includes(fingerprint), 'the host key question with its fingerprint', 15_000);
	assert.throws(() => statSync(path.join(home, '.ssh', 'known_hosts')), 'nothing written before the answer');
	await terminal.keys('y');
	await terminal.waitForScreen(screen => screen.includes('Passphrase for the SSH key') && screen.includes('id_ed25519'), 'the passphrase form', 15_000);
	await terminal.type(passphrase);
	const typed = await terminal.screen();
	assert.ok(!typed.includes(passphrase), 'the passphrase is not shown');
	await terminal.keys('Enter');
	await terminal.waitForScreen(screen => /─ Images \d+ /.test(screen) && screen.includes('connected'), 'the list over ssh', 20_000);
	const knownHosts = readFileSync(path.join(home, '.ssh', 'known_hosts'), 'utf8');
	assert.match(knownHosts, new RegExp(`^\\[127\\.0\\.0\\.1\\]:${sshd!.port} ssh-ed25519 `, 'm'));
});
