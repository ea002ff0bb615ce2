// The registry client's pure parts: WWW-Authenticate challenges, Link paging, the
// token cache's expiry, where plain HTTP is allowed, and manifest shapes.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {parseChallenges} from '../../source/engine/registry/challenge.ts';
import {insecurePolicy, isInsecure} from '../../source/engine/registry/insecure.ts';
import {parseManifest} from '../../source/engine/registry/manifest.ts';
import {nextPage} from '../../source/engine/registry/paging.ts';
import {TokenCache} from '../../source/engine/registry/token-cache.ts';
import {registryReason} from '../../source/engine/registry/errors.ts';

test('challenges: Bearer with quoted parameters (Docker Hub\'s), Basic, several headers', () => {
	assert.deepEqual(parseChallenges('Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/ubuntu:pull"'), [
		{scheme: 'bearer', params: {realm: 'https://auth.docker.io/token', service: 'registry.docker.io', scope: 'repository:library/ubuntu:pull'}},
	]);
	assert.deepEqual(parseChallenges(['Basic realm="stowage-test"', 'Bearer realm=http://x/token']), [
		{scheme: 'basic', params: {realm: 'stowage-test'}},
		{scheme: 'bearer', params: {realm: 'http://x/token'}},
	]);
	assert.deepEqual(parseChallenges('Bearer realm="a\\"b",scope="repository:a:pull repository:b:pull"')[0]?.params, {realm: 'a"b', scope: 'repository:a:pull repository:b:pull'});
	assert.deepEqual(parseChallenges(undefined), []);
});

test('Link: the next page on the same listing only', () => {
	assert.equal(nextPage('</v2/_catalog?last=r%2Fb&n=2>; rel="next"', '/v2/_catalog'), '/v2/_catalog?last=r%2Fb&n=2');
	assert.equal(nextPage('<https://r.example/v2/a/tags/list?n=5&last=x>; rel=next', '/v2/a/tags/list'), '/v2/a/tags/list?n=5&last=x');
	assert.equal(nextPage('</v2/other/tags/list?n=5>; rel="next"', '/v2/a/tags/list'), undefined, 'a link elsewhere is not followed');
	assert.equal(nextPage('</v2/_catalog?n=2>; rel="prev"', '/v2/_catalog'), undefined);
	assert.equal(nextPage(undefined, '/v2/_catalog'), undefined);
});

test('tokens: kept until expires_in less a second; 60 s when none is given', () => {
	let now = 1_000_000;
	const cache = new TokenCache(() => now);
	cache.set('a', 'T', 3);
	cache.set('b', 'U', undefined);
	now += 1900;
	assert.equal(cache.get('a'), 'T');
	now += 200;
	assert.equal(cache.get('a'), undefined);
	now += 55_000;
	assert.equal(cache.get('b'), 'U');
	now += 5000;
	assert.equal(cache.get('b'), undefined);
});

test('plain HTTP: loopback and the engine\'s insecure registries only', () => {
	const policy = insecurePolicy({RegistryConfig: {InsecureRegistryCIDRs: ['127.0.0.0/8', '10.1.0.0/16'], IndexConfigs: {'docker.io': {Name: 'docker.io', Secure: true}, 'reg.lan:5000': {Name: 'reg.lan:5000', Secure: false}}}});
	assert.deepEqual(policy, {names: ['reg.lan:5000'], cidrs: ['127.0.0.0/8', '10.1.0.0/16']});
	assert.equal(isInsecure('127.0.0.1:5000', policy), true);
	assert.equal(isInsecure('localhost:5000', policy), true);
	assert.equal(isInsecure('[::1]:5000', policy), true);
	assert.equal(isInsecure('10.1.2.3:5000', policy), true);
	assert.equal(isInsecure('10.2.2.3:5000', policy), false);
	assert.equal(isInsecure('reg.lan:5000', policy), true);
	assert.equal(isInsecure('ghcr.io', policy), false);
	assert.equal(isInsecure('registry-1.docker.io', policy), false);
});

test('manifests: shapes a registry could send, each read or refused with its reason', () => {
	const digest = `sha256:${'a'.repeat(64)}`;
	const config = {mediaType: 'application/vnd.oci.image.config.v1+json', digest, size: 10};
	const read = (value: unknown, type?: string) => parseManifest(Buffer.from(JSON.stringify(value)), type, digest);
	assert.equal(read({schemaVersion: 2, config, layers: []}).mediaType, 'application/vnd.oci.image.manifest.v1+json', 'OCI without mediaType: by its shape');
	assert.equal(read({schemaVersion: 2, manifests: []}).kind, 'index');
	assert.throws(() => read({schemaVersion: 1, name: 'x'}), /schema 1 manifest/);
	assert.throws(() => read({schemaVersion: 2, mediaType: 'application/vnd.docker.distribution.manifest.v2+json', config, layers: 'x'}), /without a layers list/);
	assert.throws(() => read({schemaVersion: 2, config, layers: [{digest, size: 1.5}]}), /layers\[0\] has no valid size/);
	assert.throws(() => read([1]), /not a JSON object/);
	assert.throws(() => parseManifest(Buffer.from('{'), undefined, digest), /not valid JSON/);
	assert.throws(() => read({schemaVersion: 2, mediaType: 'text/\u001B[31m', config, layers: []}), /unsupported manifest media type text\/\^\[\[31m/);
});

test('registry errors: the first error of the body, sanitized; a page that is not JSON, cut', () => {
	assert.deepEqual(registryReason('{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest \\u001b[2J unknown"}]}', 404), {code: 'MANIFEST_UNKNOWN', reason: 'manifest unknown: manifest ^[[2J unknown'});
	assert.deepEqual(registryReason('<html>bad gateway</html>', 502), {code: undefined, reason: 'HTTP 502: <html>bad gateway</html>'});
	assert.equal(registryReason('x'.repeat(5000), 500).reason.length, 'HTTP 500: '.length + 301);
	assert.deepEqual(registryReason('', 503), {code: undefined, reason: 'HTTP 503'});
});
