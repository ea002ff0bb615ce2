// The build form's build args, against what `docker build --build-arg` sends
// (measured with the classic builder: an unset NAME leaves the ARG's default,
// `=V` is "invalid argument "=V" for "--build-arg" flag: invalid environment variable: =V").
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {parseBuildArgs} from '../../source/store/build-args.ts';

const env = {HOME: '/root', PROXY: 'http://proxy:3128', EMPTY: ''};

test('NAME=value as is, split on any whitespace; the value may hold "=" or be empty', () => {
	assert.deepEqual(parseBuildArgs('  A=1\tB=x=y \n C= ', env), {args: {A: '1', B: 'x=y', C: ''}});
	assert.deepEqual(parseBuildArgs('', env), {args: {}});
	assert.deepEqual(parseBuildArgs('A=1 A=2', env), {args: {A: '2'}}, 'the last one wins, as docker\'s map does');
});

test('a bare NAME takes its value from the environment, and is left out when unset there', () => {
	assert.deepEqual(parseBuildArgs('PROXY HOME=/home/me', env), {args: {PROXY: 'http://proxy:3128', HOME: '/home/me'}});
	assert.deepEqual(parseBuildArgs('EMPTY', env), {args: {EMPTY: ''}}, 'set but empty is still set');
	assert.deepEqual(parseBuildArgs('UNSET A=1', env), {args: {A: '1'}});
	assert.deepEqual(parseBuildArgs('PROXY', {}), {args: {}});
});

test('a pair without a name is refused, naming it', () => {
	const result = parseBuildArgs('A=1 =oops', env);
	assert.ok('error' in result);
	assert.match(result.error, /build arg "=oops": no name/);
	assert.ok('error' in parseBuildArgs('=', env));
	// Like docker, names are not checked further.
	assert.deepEqual(parseBuildArgs('1x.y=2', env), {args: {'1x.y': '2'}});
});
