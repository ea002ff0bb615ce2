// Property-based tests (fast-check) of the ssh_config and known_hosts readers: any text is
// read without throwing, what is written reads back, host patterns match as OpenSSH's do,
// and a hostile pattern cannot stall the matcher.
import assert from 'node:assert/strict';
import {createHmac, randomBytes} from 'node:crypto';
import {test} from 'node:test';
import fc from 'fast-check';
import {hostMatches} from '../../source/engine/ssh/host-patterns.ts';
import {checkHostKey, knownHostName, knownHostsLine, parseKnownHosts} from '../../source/engine/ssh/known-hosts.ts';
import {parseJumpHost, parseSshConfig, resolveSshConfig} from '../../source/engine/ssh/ssh-config.ts';

const runs = {numRuns: 500};
const anyText = fc.string({unit: 'binary', maxLength: 120});
const context = {home: '/home/me', localUser: 'me'};
const hostName = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,8}(?:\.[a-z0-9]{1,6}){0,2}$/);

/** The matcher as it was (a regular expression): the reference on inputs small enough for it. */
function regexMatches(pattern: string, name: string): boolean {
	const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*').replaceAll('?', '.');
	return new RegExp(`^${source}$`, 'is').test(name);
}

test('host patterns: * and ? match as a glob, case-insensitively; !negated excludes; any comma list', () => {
	const glob = fc.string({unit: fc.constantFrom('a', 'B', '.', '*', '?', '-', '1', '+', '('), maxLength: 8});
	const name = fc.string({unit: fc.constantFrom('a', 'b', 'A', '.', '-', '1', '+', '('), maxLength: 10});
	fc.assert(fc.property(glob, name, (pattern, host) => {
		assert.equal(hostMatches([pattern], host), pattern !== '' && !pattern.startsWith('!') && regexMatches(pattern, host), `${pattern} ~ ${host}`);
		assert.equal(hostMatches([`${pattern},!${host.replaceAll(/[*?,]/g, '')}`], host), false);
		assert.equal(hostMatches(['*'], host), true);
	}), {numRuns: 1000});
});

// Found by fast-check's timing of the property above (the regular expression took 11.5 s), kept as a plain case.
test('host patterns: a pattern of many stars against a long name is answered at once', {timeout: 2000}, () => {
	assert.equal(hostMatches(['*a*a*a*a*a*a*a*b'], 'a'.repeat(60)), false);
	assert.equal(hostMatches(['*a*a*a*a*a*a*a*b'], `${'a'.repeat(5000)}b`), true);
	fc.assert(fc.property(fc.string({unit: fc.constantFrom('*', 'a', '?'), minLength: 20, maxLength: 40}), fc.nat(400), (pattern, length) => {
		assert.equal(typeof hostMatches([`${pattern}b`], 'a'.repeat(length)), 'boolean');
	}), {numRuns: 200});
});

test('ssh_config: any text parses; Host blocks read back, the first value obtained wins, IdentityFile accumulates', () => {
	fc.assert(fc.property(anyText, text => {
		for (const block of parseSshConfig(text)) {
			for (const line of block.lines) {
				assert.equal(line.key, line.key.toLowerCase());
				assert.ok(line.key !== '' && !/\s/.test(line.key));
			}
		}
	}), runs);
	const block = fc.record({
		alias: hostName,
		hostName: fc.option(hostName, {nil: undefined}),
		user: fc.option(fc.stringMatching(/^[a-z_][a-z0-9_-]{0,8}$/), {nil: undefined}),
		port: fc.option(fc.integer({min: 1, max: 65_535}), {nil: undefined}),
		identity: fc.array(fc.stringMatching(/^[a-z][a-z0-9_.]{0,7}$/), {maxLength: 2}),
		equals: fc.boolean(),
	});
	fc.assert(fc.property(fc.uniqueArray(block, {selector: each => each.alias, minLength: 1, maxLength: 4}), fc.nat(3), (blocks, pick) => {
		const text = blocks.map(each => {
			const set = (key: string, value: string) => (each.equals ? `  ${key}=${value}` : `\t${key} ${value}  # note`);
			return [`Host ${each.alias}`,
				...(each.hostName ? [set('HostName', each.hostName)] : []),
				...(each.user ? [set('User', each.user)] : []),
				...(each.port ? [set('Port', String(each.port))] : []),
				...each.identity.map(file => set('IdentityFile', `~/.ssh/${file}`)),
			].join('\n');
		}).join('\n\n') + '\nHost *\n  User fallback\n  Port 2222\n  IdentityFile ~/.ssh/all\n';
		const wanted = blocks[pick % blocks.length]!;
		const config = resolveSshConfig(parseSshConfig(text, context), wanted.alias, context);
		assert.equal(config.hostName, wanted.hostName ?? wanted.alias);
		assert.equal(config.user, wanted.user ?? 'fallback');
		assert.equal(config.port, wanted.port ?? 2222);
		assert.deepEqual(config.identityFiles, [...wanted.identity.map(file => `/home/me/.ssh/${file}`), '/home/me/.ssh/all']);
		// The URL's user and port beat the file, as `ssh -l -p` do.
		assert.deepEqual([resolveSshConfig(parseSshConfig(text, context), wanted.alias, context, {user: 'given', port: 7}).user, resolveSshConfig(parseSshConfig(text, context), wanted.alias, context, {port: 7}).port], ['given', 7]);
	}), runs);
});

// Found by fast-check (seed -1731671408): a lone CR inside a line ended the value's `.`, so the whole line became its keyword.
test('ssh_config: a CR inside a line does not make the line one keyword', () => {
	assert.deepEqual(parseSshConfig('\u0000\t\u0000\r\u0000')[0]?.lines, [{key: '\u0000', args: ['\u0000', '\u0000']}]);
	assert.deepEqual(parseSshConfig('Host a\n  User me\rx\n')[1]?.lines, [{key: 'user', args: ['me', 'x']}]);
});

test('ProxyJump hops: [user@]host[:port], with ssh:// and [IPv6], read back', () => {
	fc.assert(fc.property(fc.option(fc.stringMatching(/^[a-z][a-z0-9.@-]{0,8}$/), {nil: undefined}), fc.oneof(hostName, fc.constantFrom('[::1]', '[fe80::1]')), fc.option(fc.integer({min: 1, max: 65_535}), {nil: undefined}), fc.boolean(), (user, host, port, scheme) => {
		const text = `${scheme ? 'ssh://' : ''}${user ? `${user}@` : ''}${host}${port ? `:${port}` : ''}`;
		assert.deepEqual(parseJumpHost(text), {host: host.replace(/^\[(.*)\]$/, '$1'), user, port});
	}), runs);
});

const keyBlob = (type: string) => fc.uint8Array({minLength: 8, maxLength: 40}).map(body => {
	const name = Buffer.from(type, 'latin1');
	const head = Buffer.alloc(4);
	head.writeUInt32BE(name.length);
	return Buffer.concat([head, name, Buffer.from(body)]);
});
const keyType = fc.constantFrom('ssh-ed25519', 'ecdsa-sha2-nistp256', 'ssh-rsa');

test('known_hosts: any text is read without throwing, each entry three fields without spaces', () => {
	fc.assert(fc.property(fc.oneof(anyText, fc.string({unit: fc.constantFrom('@revoked ', '@cert-authority ', 'host ', 'ssh-ed25519 ', 'AAAA', '#', '\n', '\r\n', '|1|', ' '), maxLength: 20})), text => {
		for (const line of parseKnownHosts(text)) {
			for (const field of [line.hosts, line.keyType, line.key]) {
				assert.ok(field !== '' && !/\s/.test(field), JSON.stringify(line));
			}

			assert.ok(line.lineNumber >= 1 && line.lineNumber <= text.split('\n').length);
		}
	}), runs);
});

test('known_hosts: the line accept-new appends matches that key; another key of its type is "changed"; hashed and revoked entries hold', () => {
	fc.assert(fc.property(hostName, fc.oneof(fc.constant(22), fc.integer({min: 1, max: 65_535})), keyType.chain(type => fc.tuple(keyBlob(type), keyBlob(type))), hostName, (host, port, [key, other], stranger) => {
		fc.pre(!key.equals(other) && stranger !== host);
		const lines = parseKnownHosts(`# known\n${knownHostsLine(host, port, key)}\n`);
		assert.equal(checkHostKey(lines, host, port, key).status, 'match');
		assert.equal(checkHostKey(lines, host.toUpperCase(), port, key).status, 'match');
		assert.equal(checkHostKey(lines, host, port, other).status, 'changed');
		assert.equal(checkHostKey(lines, stranger, port, key).status, 'unknown');
		const salt = randomBytes(20);
		const hashed = `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(knownHostName(host, port)).digest('base64')}`;
		const hashedLines = parseKnownHosts(`${hashed} ${knownHostsLine(host, port, key).split(' ').slice(1).join(' ')}`);
		assert.equal(checkHostKey(hashedLines, host, port, key).status, 'match');
		assert.equal(checkHostKey(hashedLines, stranger, port, key).status, 'unknown');
		const revoked = parseKnownHosts(`${knownHostsLine(host, port, key)}\n@revoked * ${knownHostsLine(host, port, key).split(' ').slice(1).join(' ')}`);
		assert.equal(checkHostKey(revoked, host, port, key).status, 'revoked');
	}), runs);
});
