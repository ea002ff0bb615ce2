import assert from 'node:assert/strict';
import {test} from 'node:test';
import {hostMatches} from '../../source/engine/ssh/host-patterns.ts';
import {expandTokens, parseJumpHost, parseSshConfig, resolveSshConfig} from '../../source/engine/ssh/ssh-config.ts';

const context = {home: '/home/me', localUser: 'me'};

const config = `
# comment
Host build
	HostName build.internal.example
	User deploy
	Port 2222
	IdentityFile ~/.ssh/build_%r@%h
	IdentityFile "/keys/with space"
	IdentitiesOnly yes
	ConnectTimeout 7

Host *.lab !secret.lab
	User=labuser
	ProxyJump jumper@gate:2200,second

Host build * 
	User ignored
	Port 9999
	IdentityFile %d/.ssh/id_extra
`;

test('a Host alias: HostName, User, Port, IdentityFile with tokens, IdentitiesOnly, ConnectTimeout', () => {
	const resolved = resolveSshConfig(parseSshConfig(config), 'build', context);
	assert.deepEqual(resolved, {
		alias: 'build',
		hostName: 'build.internal.example',
		user: 'deploy',
		port: 2222,
		identityFiles: ['/home/me/.ssh/build_deploy@build.internal.example', '/keys/with space', '/home/me/.ssh/id_extra'],
		identitiesOnly: true,
		proxyJump: [],
		connectTimeout: 7,
	});
});

test('the first obtained value wins; values from the URL beat the file', () => {
	const blocks = parseSshConfig(config);
	assert.equal(resolveSshConfig(blocks, 'other', context).user, 'ignored');
	assert.equal(resolveSshConfig(blocks, 'other', context).port, 9999);
	const given = resolveSshConfig(blocks, 'build', context, {user: 'root', port: 22});
	assert.equal(given.user, 'root');
	assert.equal(given.port, 22);
	// %r follows the user that will really be used.
	assert.equal(given.identityFiles[0], '/home/me/.ssh/build_root@build.internal.example');
});

test('wildcards, negation and ProxyJump chains', () => {
	const blocks = parseSshConfig(config);
	const lab = resolveSshConfig(blocks, 'db.lab', context);
	assert.equal(lab.user, 'labuser');
	assert.equal(lab.hostName, 'db.lab');
	assert.deepEqual(lab.proxyJump, ['jumper@gate:2200', 'second']);
	assert.equal(resolveSshConfig(blocks, 'secret.lab', context).user, 'ignored');
	assert.deepEqual(parseJumpHost('jumper@gate:2200'), {host: 'gate', user: 'jumper', port: 2200});
	assert.deepEqual(parseJumpHost('second'), {host: 'second', user: undefined, port: undefined});
	assert.deepEqual(parseJumpHost('ssh://a@[::1]:23'), {host: '::1', user: 'a', port: 23});
});

test('host patterns: * ? ! and comma lists, case-insensitive', () => {
	assert.ok(hostMatches(['web?'], 'web1'));
	assert.ok(!hostMatches(['web?'], 'web12'));
	assert.ok(hostMatches(['a', 'WEB*'], 'web12'));
	assert.ok(hostMatches(['x,y,z*'], 'zeta'));
	assert.ok(!hostMatches(['*', '!zeta'], 'zeta'));
	assert.ok(!hostMatches(['!zeta'], 'other'), 'a negation alone matches nothing');
	assert.ok(hostMatches(['*.example.com'], 'a.example.com'));
	assert.ok(!hostMatches(['*.example.com'], 'aexample.com'));
});

test('tokens and escapes', () => {
	assert.equal(expandTokens('%d/%u/%%h/%h', {d: '/h', u: 'me', h: 'box'}), '/h/me/%h/box');
});

test('Include inlines another file; Match blocks never apply; IdentityFile none', () => {
	const files: Record<string, string> = {'/home/me/.ssh/extra.conf': 'Host inc\n  HostName included.example\n'};
	const blocks = parseSshConfig('Include extra.conf\nMatch exec "true"\n  User matched\nHost plain\n  IdentityFile none\n', {...context, readFile: file => files[file]});
	assert.equal(resolveSshConfig(blocks, 'inc', context).hostName, 'included.example');
	assert.equal(resolveSshConfig(blocks, 'inc', context).user, undefined);
	assert.deepEqual(resolveSshConfig(blocks, 'plain', context).identityFiles, []);
});
