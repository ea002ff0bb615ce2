import assert from 'node:assert/strict';
import {createHmac} from 'node:crypto';
import {test} from 'node:test';
import {checkHostKey, fingerprint, keyTypeOf, knownHostName, knownHostsLine, parseKnownHosts} from '../../source/engine/ssh/known-hosts.ts';

function blob(type: string, body: string): Buffer {
	const name = Buffer.from(type);
	const length = Buffer.alloc(4);
	length.writeUInt32BE(name.length);
	return Buffer.concat([length, name, Buffer.from(body)]);
}

const key = blob('ssh-ed25519', 'the real key');
const other = blob('ssh-ed25519', 'another key');
const rsa = blob('ssh-rsa', 'an rsa key');
const b64 = (value: Buffer) => value.toString('base64');

function hashed(name: string): string {
	const salt = Buffer.from('0123456789abcdefghij');
	return `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(name).digest('base64')}`;
}

test('names: bare on port 22, [host]:port elsewhere', () => {
	assert.equal(knownHostName('box', 22), 'box');
	assert.equal(knownHostName('127.0.0.1', 2222), '[127.0.0.1]:2222');
	assert.equal(knownHostsLine('box', 2222, key), `[box]:2222 ssh-ed25519 ${b64(key)}`);
	assert.equal(keyTypeOf(rsa), 'ssh-rsa');
});

test('plain names, comma lists and wildcards match', () => {
	const lines = parseKnownHosts(`# comment\n\nalpha,box,10.0.0.1 ssh-ed25519 ${b64(key)} comment\n`);
	assert.equal(checkHostKey(lines, 'box', 22, key).status, 'match');
	assert.equal(checkHostKey(lines, '10.0.0.1', 22, key).status, 'match');
	assert.equal(checkHostKey(lines, 'box', 2222, key).status, 'unknown', 'another port is another host');
	assert.equal(checkHostKey(parseKnownHosts(`*.lab ssh-ed25519 ${b64(key)}`), 'db.lab', 22, key).status, 'match');
});

test('hashed entries match the name they were made from', () => {
	const lines = parseKnownHosts(`${hashed('[127.0.0.1]:2200')} ssh-ed25519 ${b64(key)}`);
	assert.equal(checkHostKey(lines, '127.0.0.1', 2200, key).status, 'match');
	assert.equal(checkHostKey(lines, '127.0.0.1', 22, key).status, 'unknown');
});

test('another key of the same type is a changed key, naming its line', () => {
	const lines = parseKnownHosts(`x ssh-rsa ${b64(rsa)}\nbox ssh-ed25519 ${b64(other)}\n`);
	const result = checkHostKey(lines, 'box', 22, key);
	assert.equal(result.status, 'changed');
	assert.equal(result.status === 'changed' && result.line.lineNumber, 2);
	// Only a key of another type known: not a mismatch, the key is new.
	assert.equal(checkHostKey(parseKnownHosts(`box ssh-rsa ${b64(rsa)}`), 'box', 22, key).status, 'unknown');
});

test('@revoked wins over a matching line; @cert-authority lines are skipped', () => {
	const revoked = parseKnownHosts(`box ssh-ed25519 ${b64(key)}\n@revoked * ssh-ed25519 ${b64(key)}\n`);
	assert.equal(checkHostKey(revoked, 'box', 22, key).status, 'revoked');
	const ca = parseKnownHosts(`@cert-authority box ssh-ed25519 ${b64(key)}\n`);
	assert.equal(checkHostKey(ca, 'box', 22, key).status, 'unknown');
});

test('fingerprints are what ssh-keygen -l prints', () => {
	const real = Buffer.from('AAAAC3NzaC1lZDI1NTE5AAAAIMLpM1qXmx6fWzw2qbzI0zglBaS52uJEZS3L0qigqiwr', 'base64');
	assert.equal(fingerprint(real), 'SHA256:W3/1LRyR9ysgtB4Zkt8tHzuonQ+EJuZBpC/bVbi96eY');
	assert.equal(keyTypeOf(real), 'ssh-ed25519');
});
