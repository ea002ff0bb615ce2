import assert from 'node:assert/strict';
import {mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {test} from 'node:test';
import {listContexts, recentHosts, rememberHosts} from '../../source/engine/contexts.ts';
import {contextDirHash} from '../../source/engine/endpoint.ts';
import {switchEntries} from '../../source/store/switch-targets.ts';

function configWith(contexts: Record<string, {host?: string; description?: string}>, current?: string): string {
	const dir = mkdtempSync('/tmp/stowage-ctx-');
	for (const [name, {host, description}] of Object.entries(contexts)) {
		const meta = path.join(dir, 'contexts', 'meta', contextDirHash(name));
		mkdirSync(meta, {recursive: true});
		writeFileSync(path.join(meta, 'meta.json'), JSON.stringify({Name: name, Metadata: {Description: description ?? ''}, Endpoints: host ? {docker: {Host: host}} : {}}));
	}

	writeFileSync(path.join(dir, 'config.json'), JSON.stringify(current ? {currentContext: current} : {}));
	return dir;
}

test('contexts are listed like `docker context ls`: default first, then by name, the current one starred', () => {
	const config = configWith({remote: {host: 'ssh://me@box', description: 'the box'}, alpha: {host: 'tcp://10.0.0.1:2375'}}, 'remote');
	const entries = listContexts({DOCKER_CONFIG: config, HOME: '/nonexistent'});
	assert.deepEqual(entries.map(({name, url, description, current}) => ({name, url, description, current})), [
		{name: 'default', url: 'unix:///var/run/docker.sock', description: 'Current DOCKER_HOST based configuration', current: false},
		{name: 'alpha', url: 'tcp://10.0.0.1:2375', description: '', current: false},
		{name: 'remote', url: 'ssh://me@box', description: 'the box', current: true},
	]);
	assert.equal(entries[2]!.resolved?.context, 'remote');
});

test('DOCKER_HOST makes default the current context and gives it that host', () => {
	const config = configWith({remote: {host: 'ssh://me@box'}}, 'remote');
	const entries = listContexts({DOCKER_CONFIG: config, DOCKER_HOST: 'tcp://127.0.0.1:2999'});
	assert.deepEqual(entries.map(entry => [entry.name, entry.url, entry.current]), [['default', 'tcp://127.0.0.1:2999', true], ['remote', 'ssh://me@box', false]]);
});

test('a context without a docker endpoint is listed with its reason, not dropped', () => {
	const config = configWith({broken: {}});
	const broken = listContexts({DOCKER_CONFIG: config}).find(entry => entry.name === 'broken');
	assert.equal(broken?.url, '');
	assert.match(broken?.error ?? '', /no docker endpoint/);
});

test('hosts used before: most recent first, no repeats, at most ten, in a 0600 file', () => {
	const state = mkdtempSync('/tmp/stowage-state-');
	const env = {XDG_STATE_HOME: state};
	assert.deepEqual(recentHosts(env), []);
	rememberHosts(['ssh://a'], env);
	rememberHosts(['tcp://b:2375', 'ssh://a'], env);
	assert.deepEqual(recentHosts(env), ['tcp://b:2375', 'ssh://a']);
	for (let i = 0; i < 12; i++) {
		rememberHosts([`tcp://h${i}:2375`], env);
	}

	assert.equal(recentHosts(env).length, 10);
	assert.equal(recentHosts(env)[0], 'tcp://h11:2375');
	const file = path.join(state, 'stowage', 'hosts.json');
	assert.equal(statSync(file).mode & 0o777, 0o600);
	assert.ok(JSON.parse(readFileSync(file, 'utf8')).hosts);
});

test('an unwritable history is not an error', () => {
	// A regular file where the directory should be: mkdir fails with ENOTDIR.
	const file = path.join(mkdtempSync('/tmp/stowage-state-'), 'file');
	writeFileSync(file, '');
	assert.doesNotThrow(() => rememberHosts(['ssh://a'], {XDG_STATE_HOME: file}));
	assert.deepEqual(recentHosts({XDG_STATE_HOME: file}), []);
});

test('the switcher shows context names, descriptions and errors inert', () => {
	const config = configWith({'evil\u001B]0;PWNED\u0007': {host: 'tcp://10.0.0.9:2375', description: 'clear \u001B[2J screen'}, 'broken\u001B[31m': {}});
	const entries = switchEntries(new Set(), '', {DOCKER_CONFIG: config, HOME: '/nonexistent', XDG_STATE_HOME: '/nonexistent'});
	// What the switcher draws, and the label the header then shows.
	const text = JSON.stringify(entries.map(({label, detail, error, target}) => [label, detail, error, target?.label]));
	assert.doesNotMatch(text, /\\u001b|\\u0007/i);
	assert.match(text, /evil\^\[\]0;PWNED\^G/);
	assert.match(text, /clear \^\[\[2J screen/);
});
