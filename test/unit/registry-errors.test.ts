// Registry refusals as the engine words them (Docker 20.10, distribution 2.8, Docker Hub).
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {abortError, AuthRequiredError, engineMessage, isAuthFailure, LoginRefusedError, redact, registryDisplayName} from '../../source/engine/registry-errors.ts';

test('auth failures are recognized in the words engines and registries use', () => {
	for (const text of [
		'no basic auth credentials',
		'unauthorized: authentication required',
		'Head "http://127.0.0.1:5000/v2/team/app/manifests/one": no basic auth credentials',
		'login attempt to http://127.0.0.1:5000/v2/ failed with status: 401 Unauthorized',
		'denied: requested access to the resource is denied',
		'Get "https://registry-1.docker.io/v2/": unauthorized: incorrect username or password',
	]) {
		assert.ok(isAuthFailure(text), text);
	}

	for (const text of [
		'manifest for 127.0.0.1:5000/team/app:zzz not found: manifest unknown: manifest unknown',
		'tag does not exist: 127.0.0.1:5000/team/app:nope',
		'Get "http://127.0.0.1:1/v2/": dial tcp 127.0.0.1:1: connect: connection refused',
		'sha256:4019e1401aa74016e2a2b401c1d9e5c2b0b1a401f2c0e7a4c5b1d401e2f3a4b5',
	]) {
		assert.ok(!isAuthFailure(text), text);
	}
});

test('the messages say what to do; Docker Hub reads as docker.io', () => {
	const error = new AuthRequiredError('127.0.0.1:5000', 'no basic auth credentials');
	assert.equal(error.message, 'registry 127.0.0.1:5000 requires authentication: log in with l');
	assert.equal(error.registry, '127.0.0.1:5000');
	assert.equal(error.reason, 'no basic auth credentials');
	assert.equal(error.name, 'AuthRequiredError');
	assert.equal(new AuthRequiredError('https://index.docker.io/v1/', 'denied').message, 'registry docker.io requires authentication: log in with l');
	assert.equal(registryDisplayName('https://index.docker.io/v1/'), 'docker.io');
	assert.equal(new LoginRefusedError('127.0.0.1:5000', 'alice', 'x').message, 'registry 127.0.0.1:5000 refused the credentials for alice: check the user name and password');
});

test('engineMessage unwraps docker-modem errors, streamed or not', () => {
	const streamed = Object.assign(new Error('(HTTP code 500) server error - Head "http://h/v2/x/manifests/1": no basic auth credentials '), {statusCode: 500, json: null});
	assert.deepEqual(engineMessage(streamed), {status: 500, message: 'Head "http://h/v2/x/manifests/1": no basic auth credentials'});
	const withJson = Object.assign(new Error('(HTTP code 500) server error - x '), {statusCode: 500, json: {message: 'login attempt failed \u001B[2J'}});
	assert.deepEqual(engineMessage(withJson), {status: 500, message: 'login attempt failed ^[[2J'});
	const text = Object.assign(new Error('(HTTP code 404) unexpected - page not found '), {statusCode: 404, json: Buffer.from('page not found\n')});
	assert.deepEqual(engineMessage(text), {status: 404, message: 'page not found'});
	assert.deepEqual(engineMessage(new Error('connect ENOENT /x.sock')), {status: undefined, message: 'connect ENOENT /x.sock'});
});

test('redact removes a secret and its base64 forms', () => {
	const password = 'p@ss/word+1';
	const text = `got ${password} and ${Buffer.from(password).toString('base64')} and ${Buffer.from(password).toString('base64url')}`;
	assert.equal(redact(text, [password, undefined, '']), 'got *** and *** and ***');
});

test('abortError is an AbortError whatever the signal was aborted with', () => {
	const plain = new AbortController();
	plain.abort();
	assert.equal(abortError(plain.signal).name, 'AbortError');
	const custom = new AbortController();
	custom.abort('user pressed esc');
	assert.equal(abortError(custom.signal).name, 'AbortError');
});
