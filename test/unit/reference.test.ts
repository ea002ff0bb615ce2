import assert from 'node:assert/strict';
import {test} from 'node:test';
import {familiarString, parseNormalizedNamed, registryKey, withDefaultTag} from '../../source/engine/reference.ts';

const digest = 'sha256:' + 'a'.repeat(64);

test('valid references from the distribution grammar normalize as docker does', () => {
	const cases: Array<[string, string, string, string | undefined, string | undefined]> = [
		['ubuntu', 'docker.io', 'library/ubuntu', undefined, undefined],
		['ubuntu:20.04', 'docker.io', 'library/ubuntu', '20.04', undefined],
		['me/app', 'docker.io', 'me/app', undefined, undefined],
		['docker.io/ubuntu', 'docker.io', 'library/ubuntu', undefined, undefined],
		['index.docker.io/me/app:v1', 'docker.io', 'me/app', 'v1', undefined],
		['localhost/app', 'localhost', 'app', undefined, undefined],
		['localhost:5000/team/app:v1', 'localhost:5000', 'team/app', 'v1', undefined],
		[`host:5000/team/app@${digest}`, 'host:5000', 'team/app', undefined, digest],
		[`ubuntu:22.04@${digest}`, 'docker.io', 'library/ubuntu', '22.04', digest],
		['[::1]:5000/app', '[::1]:5000', 'app', undefined, undefined],
		['registry.example.com/a/b/c_d__e-f.g:tag_1.0-rc', 'registry.example.com', 'a/b/c_d__e-f.g', 'tag_1.0-rc', undefined],
		['a-----b/c', 'docker.io', 'a-----b/c', undefined, undefined],
	];
	for (const [text, domain, path, tag, dgst] of cases) {
		assert.deepEqual(parseNormalizedNamed(text), {domain, path, tag, digest: dgst}, text);
	}
});

test('invalid references fail with the grammar reason', () => {
	const cases: Array<[string, RegExp]> = [
		// docker normalizes '' to docker.io/library/, which fails the grammar.
		['', /invalid reference format/],
		['Ubuntu', /repository name \(library\/Ubuntu\) must be lowercase/],
		['me/App:v1', /repository name \(me\/App\) must be lowercase/],
		['ubuntu:', /invalid reference format/],
		['ubuntu:-bad', /invalid reference format/],
		['ubuntu:' + 'x'.repeat(129), /invalid reference format/],
		['a..b', /invalid reference format/],
		['a/_b', /invalid reference format/],
		['-a', /invalid reference format/],
		['a b', /invalid reference format/],
		[`app@sha256:${'a'.repeat(63)}`, /invalid checksum digest length/],
		[`app@md5:${'a'.repeat(32)}`, /unsupported digest algorithm/],
		['a'.repeat(64), /cannot specify 64-byte hexadecimal strings/],
		['x/' + 'a'.repeat(255), /must not be more than 255 characters/],
	];
	for (const [text, reason] of cases) {
		assert.throws(() => parseNormalizedNamed(text), reason, text);
	}
});

test('a missing tag means latest; familiar names and registry keys', () => {
	assert.equal(withDefaultTag(parseNormalizedNamed('ubuntu')).tag, 'latest');
	assert.equal(withDefaultTag(parseNormalizedNamed(`ubuntu@${digest}`)).tag, undefined);
	assert.equal(familiarString(withDefaultTag(parseNormalizedNamed('docker.io/library/ubuntu'))), 'ubuntu:latest');
	assert.equal(familiarString(parseNormalizedNamed('localhost:5000/team/app:v1')), 'localhost:5000/team/app:v1');
	assert.equal(registryKey(parseNormalizedNamed('ubuntu')), 'https://index.docker.io/v1/');
	assert.equal(registryKey(parseNormalizedNamed('127.0.0.1:5000/x')), '127.0.0.1:5000');
});
