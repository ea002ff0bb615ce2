// SSH faults against a real OpenSSH sshd of this file's own, in front of the test
// engine, with the whole UI rendered over stowage's SSH transport: the per-connection
// sshd process killed while idle and during a job, sshd stopped and started again,
// and a changed host key mid-session (sshd restarted with another key).
import assert from 'node:assert/strict';
import {mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {after, before, test} from 'node:test';
import {docker} from '../bed/docker-cli.mjs';
import {sshKeygen, startSshd, type Sshd, type SshKey} from '../bed/sshd.mjs';
import {createDockerEngine} from '../../source/engine/docker-client.ts';
import {parseHost} from '../../source/engine/endpoint.ts';
import type {Job} from '../../source/store/jobs.ts';
import type {State} from '../../source/store/state.ts';
import {importImage} from '../helpers/engine-images.ts';
import {keys, renderApp, rowOf, type RenderedApp} from '../helpers/render-app.tsx';
import {startSilentListener} from '../helpers/silent-listener.ts';
import {testHost, waitFor, withinEngineTime} from '../helpers/test-engine.ts';

const host = testHost();
const ownImage = 'stowage-fault-ssh:own';
let work: string;
let key: SshKey;
let sshd: Sshd;
let home: string;
let app: RenderedApp;
const ctrlU = '\u0015';
// Every SSH link state the store saw, in order, with its detail.
const links: string[] = [];

const url = () => `ssh://root@127.0.0.1:${sshd.port}`;
const knownHostsLine = () => `[127.0.0.1]:${sshd.port} ${sshd.hostKeyPub.split(' ').slice(0, 2).join(' ')}\n`;
const knownHostsFile = () => path.join(home, '.ssh', 'known_hosts');
const state = (): State => app.store.getState();
const describe = () => `${links.join('\n')}\n--- frame ---\n${app.frame()}`;

before(async () => {
	work = mkdtempSync('/tmp/stowage-faultssh-');
	key = await sshKeygen(path.join(work, 'keys', 'id_test'), 'stowage-fault-ssh');
	await importImage(host, ownImage);
	sshd = await startSshd({authorizedKey: key.publicKey, env: {DOCKER_HOST: host}});
	home = path.join(work, 'home');
	mkdirSync(path.join(home, '.ssh'), {recursive: true, mode: 0o700});
	writeFileSync(path.join(home, '.ssh', 'id_ed25519'), key.privateKey, {mode: 0o600});
	writeFileSync(knownHostsFile(), knownHostsLine(), {mode: 0o600});
	// Short waits between reconnection attempts keep the test quick; the schedule is the only difference.
	const engine = createDockerEngine(parseHost(url()), {env: {HOME: home}, retryDelaysMs: [100, 200, 400, 800]});
	app = renderApp(engine);
	app.store.subscribe((now, previous) => {
		if (now.link !== previous.link && now.link) {
			links.push(`${now.link.state}${now.link.detail ? `: ${now.link.detail}` : ''}`);
		}
	});
	await app.waitForFrame(frame => frame.includes('connected · live') && frame.includes('Layer history ('), 'the UI over ssh', withinEngineTime(20_000));
});

after(async () => {
	app?.unmount();
	await Promise.all([sshd?.stop(), docker(['rmi', ownImage, 'stowage-fault-ssh:after-kill', 'stowage-fault-ssh:after-restart'], {host})]);
	rmSync(work, {recursive: true, force: true});
});

/** The list follows the engine again: a tag made by the docker CLI shows up over the new link. */
async function followsAgain(tag: string): Promise<void> {
	await app.waitForFrame(frame => frame.includes('connected · live') && !frame.includes('ssh reconnecting'), 'connected · live again', withinEngineTime(15_000));
	await docker(['tag', ownImage, tag], {host});
	await app.filterTo('stowage-fault-ssh');
	await app.waitForFrame(frame => Boolean(rowOf(frame, tag)), `${tag} in the list`, withinEngineTime(10_000));
	await app.press(keys.escape);
}

/** Waits for the header to have said `text` in a frame drawn after `since` (app.written()'s length then; every frame is kept). */
async function headerSaid(text: RegExp, what: string, since: number): Promise<void> {
	await waitFor(() => app.written().slice(since).split('\n').some(line => line.includes('stowage ssh://') && text.test(line)), what, 10_000, describe);
}

test('sshd per-connection child SIGKILL while idle: the header says "ssh reconnecting: the connection dropped", then it recovers', async () => {
	const from = links.length;
	const since = app.written().length;
	assert.ok(sshd.killConnections() > 0, 'the connection\'s sshd process was there to kill');
	await headerSaid(/ssh reconnecting: the connection dropped/, 'the header to say the link dropped', since);
	await waitFor(() => links.slice(from).includes('connected'), 'the link back', 10_000, describe);
	assert.equal(links[from], 'reconnecting: the connection dropped', describe());
	await followsAgain('stowage-fault-ssh:after-kill');
});

test('sshd per-connection child SIGKILL during a job: the job fails with "the SSH connection … was lost", the link comes back', async () => {
	// A registry that accepts and never answers: the pull stays in flight, on the SSH link, until the link goes.
	const silent = await startSilentListener();
	const {port} = silent;
	try {
		const before = state().jobs[0]?.id ?? 0;
		await app.press('p');
		await app.waitForFrame(frame => frame.includes('Pull an image'), 'the pull dialog');
		await app.press(ctrlU, ...`127.0.0.1:${port}/silent/app:1`.split(''), keys.enter);
		const running = await waitFor(() => (state().jobs[0]?.id ?? 0) > before && state().jobs[0]?.status === 'running' && state().jobs[0], 'the pull running', 5000, describe);
		await waitFor(() => silent.accepted() > 0, 'the engine to reach the silent registry', withinEngineTime(10_000), describe);
		assert.ok(sshd.killConnections() > 0);
		const done = await waitFor(() => {
			const job = state().jobs.find(each => each.id === running.id);
			return job?.status === 'running' ? undefined : job;
		}, 'the job to end', 10_000, describe) as Job;
		assert.equal(done.status, 'failed', JSON.stringify(done));
		// Lost while connecting (dockerd answers a pull's headers only later) or mid-stream (Podman's come at once):
		// either way the link is named, never a bare "aborted" that reads like a cancel.
		assert.match(done.error ?? '', new RegExp(`^the SSH connection to (\\[127\\.0\\.0\\.1\\]:${sshd.port}|ssh://root@127\\.0\\.0\\.1:${sshd.port}) was lost`));
		await app.waitForFrame(frame => frame.includes('was lost'), 'the reason in the jobs pane');
	} finally {
		silent.close();
	}

	await app.waitForFrame(frame => frame.includes('connected · live'), 'connected · live again', withinEngineTime(15_000));
});

test('sshd stopped, then started again: the header says why it cannot reconnect, and it recovers by itself', async () => {
	const from = links.length;
	const since = app.written().length;
	await sshd.halt();
	// The reason itself, within the header's 120 columns (the header names the host already).
	await headerSaid(/ssh reconnecting: connection refused/, 'the header to say the connection is refused', since);
	assert.ok(links.slice(from).every(link => link.startsWith('reconnecting')), describe());
	await sshd.restart();
	await waitFor(() => links.slice(from).at(-1) === 'connected', 'the link back', 15_000, describe);
	await followsAgain('stowage-fault-ssh:after-restart');
});

test('changed host key mid-session (sshd restarted with another key): refused before authenticating, said plainly, never accepted', async t => {
	const from = links.length;
	const logins = sshd.acceptedLogins();
	const known = readFileSync(knownHostsFile(), 'utf8');
	const since = app.written().length;
	await sshd.restart({newHostKey: true});
	await headerSaid(/ssh failed: WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED/, 'the header to refuse the changed key', since);
	assert.ok(links.slice(from).some(link => link.startsWith('failed: WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED')), describe());
	assert.ok(!links.slice(from).includes('connected'), describe());
	// Refused at the key exchange: sshd saw no login attempt, known_hosts is as it was.
	assert.equal(sshd.acceptedLogins(), logins);
	const log = readFileSync(path.join(sshd.dir, 'sshd.log'), 'utf8');
	assert.doesNotMatch(log.slice(log.lastIndexOf('Server listening')), /publickey for|Accepted|Failed/);
	assert.equal(readFileSync(knownHostsFile(), 'utf8'), known);
	// Still refused on the next try, and Ctrl-R asks no question that could accept it; the panes say why too.
	const again = app.written().length;
	await app.press(keys.ctrlR);
	await headerSaid(/ssh failed: WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED/, 'still refused', again);
	await app.waitForFrame(frame => /ssh failed: WARNING/.test(frame.split('\n')[0] ?? '') && frame.includes('REMOTE HOST IDENTIFICATION HAS CHANGED for [127.0.0.1]') && !frame.includes('Reloading'), 'the refusal in the header and the panes');
	assert.equal(state().dialog.kind, 'none', 'no prompt to accept a changed key');
	t.diagnostic(app.frame());
	assert.equal(sshd.acceptedLogins(), logins);
});
