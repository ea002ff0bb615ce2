// config.json's credentials part, checked against the docker CLI's configfile and file store.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {authFromEntry, ConfigFileError, containsAuth, convertToHostname, decodeAuth, encodeAuth, fileEntry, findAuthEntry, helperEntry, helperFor, parseDockerConfig, withAuthEntry, withDefaultStore} from '../../source/engine/docker-config.ts';

const b64 = (text: string) => Buffer.from(text).toString('base64');

test('parsing: empty file is an empty config; broken JSON names the file but never quotes it', () => {
	assert.deepEqual(parseDockerConfig('', '/x/config.json'), {});
	assert.deepEqual(parseDockerConfig('  \n', '/x/config.json'), {});
	const secret = 'hunter2-in-the-file';
	assert.throws(() => parseDockerConfig(`{"auths": {"r": {"auth": "${secret}"`, '/x/config.json'), (error: unknown) => {
		assert.ok(error instanceof ConfigFileError);
		assert.equal(error.message, '/x/config.json is not valid JSON');
		return true;
	});
	assert.throws(() => parseDockerConfig('[]', 'f'), /does not hold a JSON object/);
	assert.throws(() => parseDockerConfig('{"auths": []}', 'f'), /"auths" is not an object/);
	assert.throws(() => parseDockerConfig('{"credsStore": 1}', 'f'), /"credsStore" is not a string/);
});

test('helper choice: credHelpers for the registry wins over credsStore; an empty name means the file', () => {
	const config = {credsStore: 'desktop', credHelpers: {'gcr.io': 'gcloud', 'plain.example': ''}};
	assert.equal(helperFor(config, 'gcr.io'), 'gcloud');
	assert.equal(helperFor(config, 'other.example'), 'desktop');
	assert.equal(helperFor(config, 'plain.example'), undefined);
	assert.equal(helperFor({auths: {}}, 'x'), undefined);
	assert.equal(helperFor({}, 'x'), undefined);
});

test('the platform default becomes credsStore only when the file holds no credentials at all', () => {
	assert.deepEqual(withDefaultStore({}, 'secretservice'), {credsStore: 'secretservice'});
	assert.deepEqual(withDefaultStore({auths: {}, psFormat: 'x'}, 'pass'), {auths: {}, psFormat: 'x', credsStore: 'pass'}, 'an empty auths is no credentials (ContainsAuth)');
	assert.deepEqual(withDefaultStore({auths: {y: {}}}, 'secretservice'), {auths: {y: {}}});
	assert.deepEqual(withDefaultStore({credHelpers: {y: 'h'}}, 'secretservice'), {credHelpers: {y: 'h'}});
	assert.deepEqual(withDefaultStore({}, undefined), {});
	assert.equal(containsAuth({HttpHeaders: {}}), false);
});

test('ConvertToHostname as the CLI does it', () => {
	assert.equal(convertToHostname('https://index.docker.io/v1/'), 'index.docker.io');
	assert.equal(convertToHostname('http://127.0.0.1:5000'), '127.0.0.1:5000');
	assert.equal(convertToHostname('https://Registry.Example.com:443/v2/'), 'Registry.Example.com:443');
	assert.equal(convertToHostname('https://user@host:5000/x'), 'host:5000');
	assert.equal(convertToHostname('https://[::1]:5000/'), '[::1]:5000');
	assert.equal(convertToHostname('https://[::1]/'), '::1');
	assert.equal(convertToHostname('registry.example.com/v1/'), 'registry.example.com');
	assert.equal(convertToHostname('127.0.0.1:5000'), '127.0.0.1:5000');
});

test('lookup: the exact key, else a legacy key with scheme or path naming the same host', () => {
	const config = {auths: {'https://127.0.0.1:5000/v1/': {auth: b64('old:pw')}, 'reg.example': {auth: b64('new:pw')}}};
	assert.equal(findAuthEntry(config, 'reg.example')?.key, 'reg.example');
	assert.equal(findAuthEntry(config, '127.0.0.1:5000')?.key, 'https://127.0.0.1:5000/v1/');
	assert.equal(findAuthEntry(config, 'missing.example'), undefined);
	// Docker Hub's key is itself a URL: only the exact key matches it.
	assert.equal(findAuthEntry({auths: {'index.docker.io': {auth: b64('a:b')}}}, 'https://index.docker.io/v1/'), undefined);
});

test('decodeAuth/encodeAuth: base64 of user:password, strict, user required', () => {
	assert.deepEqual(decodeAuth(b64('alice:pa:ss')), {username: 'alice', password: 'pa:ss'});
	assert.deepEqual(decodeAuth(b64('alice:')), {username: 'alice', password: ''});
	assert.deepEqual(decodeAuth(b64('alice:pw\0\0')), {username: 'alice', password: 'pw'});
	assert.equal(decodeAuth(b64(':pw')), undefined);
	assert.equal(decodeAuth(b64('nocolon')), undefined);
	assert.equal(decodeAuth('not base64!'), undefined);
	assert.equal(decodeAuth('YWxpY2U6cHc'), undefined, 'unpadded, as Go\'s StdEncoding refuses');
	assert.equal(encodeAuth('alice', 'pw'), b64('alice:pw'));
	assert.equal(encodeAuth('', ''), '');
});

test('an entry becomes X-Registry-Auth; an identity token is preferred to the password', () => {
	assert.deepEqual(authFromEntry({auth: b64('alice:pw')}, 'r', 'f'), {username: 'alice', password: 'pw', serveraddress: 'r'});
	assert.deepEqual(authFromEntry({auth: b64('alice:'), identitytoken: 'tok'}, 'r', 'f'), {username: 'alice', identitytoken: 'tok', serveraddress: 'r'});
	assert.deepEqual(authFromEntry({auth: b64('alice:pw'), identitytoken: 'tok'}, 'r', 'f'), {username: 'alice', identitytoken: 'tok', serveraddress: 'r'});
	assert.deepEqual(authFromEntry({username: 'bob', password: 'x'}, 'r', 'f'), {username: 'bob', password: 'x', serveraddress: 'r'});
	assert.equal(authFromEntry({}, 'r', 'f'), undefined, 'the empty entry a helper leaves behind');
	assert.equal(authFromEntry({email: 'a@b'}, 'r', 'f'), undefined);
	assert.throws(() => authFromEntry({auth: 'bad!'}, 'r', '/c.json'), (error: unknown) => error instanceof ConfigFileError && !error.message.includes('bad!'));
});

test('what login writes: auth, or auth of "user:" plus the identity token; helpers leave only the e-mail', () => {
	assert.deepEqual(fileEntry('alice', 'pw'), {auth: b64('alice:pw')});
	assert.deepEqual(fileEntry('alice', 'pw', 'tok'), {auth: b64('alice:'), identitytoken: 'tok'});
	assert.deepEqual(helperEntry({auth: b64('a:b'), email: 'a@example.com'}), {email: 'a@example.com'});
	assert.deepEqual(helperEntry(undefined), {});
});

test('withAuthEntry keeps every other key and reports no change as undefined', () => {
	const config = {auths: {other: {auth: b64('o:p')}}, credHelpers: {x: 'y'}, psFormat: 'table', plugins: {a: {b: 'c'}}};
	const updated = withAuthEntry(config, 'reg', {auth: b64('a:b')});
	assert.deepEqual(updated, {...config, auths: {other: {auth: b64('o:p')}, reg: {auth: b64('a:b')}}});
	assert.deepEqual(config.auths, {other: {auth: b64('o:p')}}, 'the input is not changed');
	assert.equal(withAuthEntry(updated!, 'reg', {auth: b64('a:b')}), undefined);
	assert.deepEqual(withAuthEntry({}, 'reg', {}), {auths: {reg: {}}});
});
