// The temp files a save writes beside its target: their names, and which of them a later save may remove.
import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {after, test} from 'node:test';
import {hostTag, pidAlive, removeStaleTemps, tempOwner, tempPathBeside} from '../../source/engine/temp-name.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'stowage-temp-name-'));
after(() => rmSync(dir, {recursive: true, force: true}));

const here = hostTag();
const self = {host: here, pid: 4242};

test('the name: hidden, beside the target, with this machine\'s tag and the pid', () => {
	const target = '/srv/out/app.tar';
	const temp = tempPathBeside(target, {host: here, pid: 31_337});
	assert.equal(path.dirname(temp), '/srv/out');
	assert.match(path.basename(temp), new RegExp(`^\\.app\\.tar\\.stowage-${here}-31337-[0-9a-f]{8}\\.tmp$`));
	assert.deepEqual(tempOwner(target, path.basename(temp)), {host: here, pid: 31_337});
	assert.notEqual(tempPathBeside(target), tempPathBeside(target), 'two saves of one process get two names');
	assert.match(path.basename(tempPathBeside(target)), new RegExp(`-${process.pid}-`));
	assert.match(hostTag('build-01'), /^[0-9a-f]{8}$/);
	assert.notEqual(hostTag('build-01'), hostTag('build-02'));
});

test('only a name of today\'s scheme, for this very target, has an owner', () => {
	const target = '/srv/app.tar';
	for (const name of [
		'.app.tar.stowage-e485dd68.tmp', // before the pid was in the name: nothing tells whether its writer lives
		`.app.tar.gz.stowage-${here}-12-0123abcd.tmp`, // another target's
		`.app.stowage-${here}-12-0123abcd.tmp`,
		`.app.tar.stowage-${here}-0-0123abcd.tmp`,
		`.app.tar.stowage-${here}-012-0123abcd.tmp`,
		`.app.tar.stowage-${here}-12-0123abcd.tmp.bak`,
		`.app.tar.stowage-${here}-12-0123abcd-x.tmp`,
		`app.tar.stowage-${here}-12-0123abcd.tmp`,
	]) {
		assert.equal(tempOwner(target, name), undefined, name);
	}
});

test('pidAlive: this process is, a process that has exited is not', async () => {
	assert.equal(pidAlive(process.pid), true);
	const child = spawn('true');
	await new Promise(resolve => child.on('exit', resolve));
	assert.equal(pidAlive(child.pid!), false);
});

test('a save removes only what a dead process of this machine left beside the same target', async () => {
	const folder = path.join(dir, 'sweep');
	mkdirSync(folder);
	const target = path.join(folder, 'out.tar');
	const name = (host: string, pid: number) => path.basename(tempPathBeside(target, {host, pid}));
	const dead = name(here, 1001);
	const alive = name(here, 1002);
	const ours = name(here, self.pid);
	const elsewhere = name('0badc0de', 1001);
	const legacy = '.out.tar.stowage-e485dd68.tmp';
	const otherTarget = path.basename(tempPathBeside(path.join(folder, 'other.tar'), {host: here, pid: 1001}));
	const aDirectory = name(here, 1003);
	const aLink = name(here, 1004);
	for (const file of [dead, alive, ours, elsewhere, legacy, otherTarget]) {
		writeFileSync(path.join(folder, file), 'partial');
	}

	writeFileSync(path.join(folder, 'out.tar'), 'the target itself');
	mkdirSync(path.join(folder, aDirectory));
	writeFileSync(path.join(dir, 'precious'), 'not ours');
	symlinkSync(path.join(dir, 'precious'), path.join(folder, aLink));
	const removed = await removeStaleTemps(target, {self, alive: pid => pid === 1002});
	assert.deepEqual(removed, [dead]);
	assert.deepEqual(readdirSync(folder).sort(), [alive, ours, elsewhere, legacy, otherTarget, aDirectory, aLink, 'out.tar'].sort());
	assert.deepEqual(readdirSync(dir).filter(file => file === 'precious'), ['precious']);
});

test('a folder that cannot be read is no error: the save itself reports what is wrong', async () => {
	assert.deepEqual(await removeStaleTemps(path.join(dir, 'missing', 'out.tar')), []);
});
