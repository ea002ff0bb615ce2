import assert from 'node:assert/strict';
import {test} from 'node:test';
import type Docker from 'dockerode';
import {lacksBridge} from '../../source/engine/buildkit/buildkit-build.ts';
import {credentialKey} from '../../source/engine/reference.ts';
import {parseSecrets, stageName} from '../../source/store/build-secrets.ts';

test('secrets read as docker build --secret reads them, several at once', () => {
	assert.deepEqual(parseSecrets('id=npm,src=~/.npmrc  type=file,id=aws,source=creds.txt'), {secrets: [{id: 'npm', src: '~/.npmrc'}, {id: 'aws', src: 'creds.txt'}]});
	assert.deepEqual(parseSecrets(''), {secrets: []});
});

test('a secret that cannot be read says why', () => {
	assert.deepEqual(parseSecrets('src=x'), {error: 'secret "src=x": no id (expected id=NAME,src=PATH)'});
	assert.deepEqual(parseSecrets('id=tok'), {error: 'secret tok: no src (expected id=NAME,src=PATH)'});
	assert.deepEqual(parseSecrets('id=tok,env=TOKEN'), {error: 'secret "id=tok,env=TOKEN": unexpected "env=TOKEN" (expected id=NAME,src=PATH)'});
	assert.deepEqual(parseSecrets('id=tok,type=env,src=x'), {error: 'secret "id=tok,type=env,src=x": type env is not supported here, only type=file'});
	assert.deepEqual(parseSecrets('id=a,src=x id=a,src=y'), {error: 'secret a is given twice'});
});

test('stage names as the Dockerfile frontend takes them', () => {
	assert.ok(stageName.test('build-env_1.0'));
	assert.ok(!stageName.test('1st'));
	assert.ok(!stageName.test('a b'));
});

test('networkmode none only on an engine without a bridge network', async () => {
	const engine = (inspect: () => Promise<unknown>) => ({getNetwork: () => ({inspect})}) as unknown as Docker;
	assert.equal(await lacksBridge(engine(async () => ({Name: 'bridge'}))), false);
	assert.equal(await lacksBridge(engine(async () => {
		throw Object.assign(new Error('network bridge not found'), {statusCode: 404});
	})), true);
	await assert.rejects(lacksBridge(engine(async () => {
		throw Object.assign(new Error('boom'), {statusCode: 500});
	})), /boom/);
});

test('BuildKit\'s registry hosts map to the CLI\'s credential keys', () => {
	assert.equal(credentialKey('registry-1.docker.io'), 'https://index.docker.io/v1/');
	assert.equal(credentialKey('127.0.0.1:5000'), '127.0.0.1:5000');
});
