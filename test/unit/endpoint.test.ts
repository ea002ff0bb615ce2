import assert from 'node:assert/strict';
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {after, test} from 'node:test';
import {contextDirHash, parseHost, resolveEndpoint, UsageError} from '../../source/engine/endpoint.ts';

const config = mkdtempSync(path.join(os.tmpdir(), 'stowage-config-'));
after(() => rmSync(config, {recursive: true, force: true}));

function addContext(name: string, host: string) {
	const dir = path.join(config, 'contexts', 'meta', contextDirHash(name));
	mkdirSync(dir, {recursive: true});
	writeFileSync(path.join(dir, 'meta.json'), JSON.stringify({Name: name, Metadata: {}, Endpoints: {docker: {Host: host, SkipTLSVerify: false}}}));
}

addContext('remote', 'ssh://deploy@build.example:2222');
addContext('other', 'tcp://10.0.0.9:2375');
writeFileSync(path.join(config, 'config.json'), JSON.stringify({currentContext: 'other'}));

const env = (extra: Record<string, string> = {}) => ({DOCKER_CONFIG: config, HOME: '/nonexistent', ...extra});

test('context directory names are the SHA-256 of the name, as the docker CLI stores them', () => {
	assert.equal(contextDirHash('default'), '37a8eec1ce19687d132fe29051dca629d164e2c4958ba141d5f4133a33f0688f');
});

test('precedence: --context > --host > DOCKER_HOST > DOCKER_CONTEXT > currentContext > default', () => {
	const all = env({DOCKER_HOST: 'unix:///from/env.sock', DOCKER_CONTEXT: 'remote'});
	assert.equal(resolveEndpoint({context: 'remote', env: all}).endpoint.url, 'ssh://deploy@build.example:2222');
	assert.equal(resolveEndpoint({host: 'unix:///flag.sock', env: all}).endpoint.url, 'unix:///flag.sock');
	assert.equal(resolveEndpoint({env: all}).endpoint.url, 'unix:///from/env.sock');
	assert.equal(resolveEndpoint({env: env({DOCKER_CONTEXT: 'remote'})}).context, 'remote');
	assert.equal(resolveEndpoint({env: env()}).endpoint.url, 'tcp://10.0.0.9:2375');
	assert.equal(resolveEndpoint({env: {DOCKER_CONFIG: path.join(config, 'missing'), HOME: '/nonexistent'}}).endpoint.url, 'unix:///var/run/docker.sock');
	assert.equal(resolveEndpoint({context: 'default', env: env()}).endpoint.url, 'unix:///var/run/docker.sock');
});

test('--host and --context together are refused, like the docker CLI', () => {
	assert.throws(() => resolveEndpoint({host: 'unix:///a.sock', context: 'remote', env: env()}), /conflicting options/);
});

test('an unknown context is refused by name', () => {
	assert.throws(() => resolveEndpoint({context: 'nope', env: env()}), (error: unknown) => error instanceof UsageError && /context "nope" does not exist/.test(error.message));
});

test('host URLs parse like docker -H', () => {
	assert.deepEqual(parseHost('unix:///var/run/docker.sock'), {kind: 'unix', url: 'unix:///var/run/docker.sock', socketPath: '/var/run/docker.sock'});
	assert.equal(parseHost('tcp://127.0.0.1').url, 'tcp://127.0.0.1:2375');
	assert.equal(parseHost('tcp://127.0.0.1', {verify: true}).url, 'tcp://127.0.0.1:2376');
	assert.equal(parseHost('192.168.1.5:4243').url, 'tcp://192.168.1.5:4243');
	assert.equal(parseHost('tcp://[::1]:2375').url, 'tcp://[::1]:2375');
	const ssh = parseHost('ssh://me@box:2200');
	assert.deepEqual(ssh, {kind: 'ssh', url: 'ssh://me@box:2200', host: 'box', port: 2200, username: 'me'});
	assert.equal(parseHost('ssh://box').kind, 'ssh');
});

test('malformed hosts are refused with the reason', () => {
	const cases: Array<[string, RegExp]> = [
		['', /empty host/],
		['unix://relative.sock', /absolute path/],
		['tcp://', /no host name/],
		['tcp://host:99999', /invalid port/],
		['tcp://host:2375/path', /host\[:port\]/],
		['ssh://me:secret@box', /passwords are not supported/],
		['ssh://me@box/var/run', /extra path/],
		['http://box', /unsupported scheme/],
		['npipe:////./pipe/docker_engine', /unsupported scheme/],
	];
	for (const [host, reason] of cases) {
		assert.throws(() => parseHost(host), (error: unknown) => error instanceof UsageError && reason.test(error.message), host);
	}
});
