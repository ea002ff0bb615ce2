// The helpers tests use to state per-engine expectations and declared exclusions,
// and the bed's own pieces that need no engine: the mirror, the TAP counts.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {debianMirror} from '../bed/engine-packages.mjs';
import {selectEngines} from '../bed/engines.mjs';
import {tapFailures, tapSummary} from '../bed/tap-summary.mjs';
import {notOn, perEngine} from '../helpers/engine-matrix.ts';

function as<T>(name: string, body: () => T): T {
	const saved = process.env.STOWAGE_TEST_ENGINE;
	process.env.STOWAGE_TEST_ENGINE = name;
	try {
		return body();
	} finally {
		if (saved === undefined) {
			delete process.env.STOWAGE_TEST_ENGINE;
		} else {
			process.env.STOWAGE_TEST_ENGINE = saved;
		}
	}
}

test('perEngine: the engine\'s own entry, else other; an engine with neither throws', () => {
	const table = {'docker-20.10': 'a', other: 'b'};
	assert.equal(as('docker-20.10', () => perEngine(table)), 'a');
	assert.equal(as('docker-26.1', () => perEngine(table)), 'b');
	assert.throws(() => as('podman-4.3', () => perEngine({'docker-20.10': 'a'})), /no expectation for engine podman-4\.3 \(have docker-20\.10\)/);
});

test('notOn: the name says where it does not apply, on every engine; skipped there with the reason', () => {
	assert.deepEqual(as('docker-20.10', () => notOn(['podman-4.3'], 'no BuildKit', 'builds')), ['builds (not on podman-4.3: no BuildKit)', {skip: false}]);
	assert.deepEqual(as('podman-4.3', () => notOn(['podman-4.3'], 'no BuildKit', 'builds')), ['builds (not on podman-4.3: no BuildKit)', {skip: 'podman-4.3: no BuildKit'}]);
});

test('STOWAGE_TEST_ENGINES picks engines by name, in the matrix order; an unknown name is refused', () => {
	assert.deepEqual(selectEngines('docker-28.5-containerd, docker-20.10').map(engine => engine.name), ['docker-20.10', 'docker-28.5-containerd']);
	// Empty means the whole matrix (the bed itself may run under STOWAGE_TEST_ENGINES, so not selectEngines()).
	assert.deepEqual(selectEngines('').map(engine => engine.name), ['docker-20.10', 'docker-26.1', 'docker-28.5-containerd', 'podman-4.3']);
	assert.throws(() => selectEngines('docker-1.0'), /STOWAGE_TEST_ENGINES names docker-1\.0; known: docker-20\.10, docker-26\.1/);
});

test('the mirror comes from the release\'s own stanza of debian.sources, not -security', () => {
	const sources = [
		'Types: deb\nURIs: http://security.example/debian-security\nSuites: bookworm-security\nComponents: main',
		'Types: deb\n# a comment\nURIs: http://mirror.example/debian\nSuites: bookworm bookworm-updates\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg',
	].join('\n\n');
	assert.equal(debianMirror(sources), 'http://mirror.example/debian');
	assert.throws(() => debianMirror('Types: deb\n'), /no URIs: line/);
});

test('the TAP summary counts', () => {
	assert.deepEqual(tapSummary('ok 1 - a\n# tests 3\n# suites 0\n# pass 2\n# fail 1\n# cancelled 0\n# skipped 0\n# todo 0\n'), {tests: 3, pass: 2, fail: 1, skipped: 0, cancelled: 0});
});

test('the TAP failures: each failed test with its place and error, not the suites around it', () => {
	const tap = [
		'TAP version 13',
		'# Subtest: group',
		'    # Subtest: inner fails',
		'    not ok 1 - inner fails',
		'      ---',
		'      duration_ms: 1.6',
		'      location: \'/tmp/a.test.mjs:3:27\'',
		'      failureType: \'testCodeFailure\'',
		'      error: |-',
		'        one is not two',
		'        ',
		'        1 !== 2',
		'        ',
		'      code: \'ERR_ASSERTION\'',
		'      ...',
		'    ok 2 - inner ok',
		'not ok 1 - group',
		'  ---',
		'  type: \'suite\'',
		'  location: \'/tmp/a.test.mjs:3:1\'',
		'  failureType: \'subtestsFailed\'',
		'  error: \'1 subtest failed\'',
		'  ...',
		'not ok 2 - top fails',
		'  ---',
		'  location: \'/tmp/a.test.mjs:4:1\'',
		'  failureType: \'testCodeFailure\'',
		'  error: \'boom\'',
		'  ...',
		'ok 3 - ok',
		'# fail 2',
	].join('\n');
	assert.deepEqual(tapFailures(tap), [
		{name: 'inner fails', location: '/tmp/a.test.mjs:3:27', error: ['one is not two', '1 !== 2']},
		{name: 'top fails', location: '/tmp/a.test.mjs:4:1', error: ['boom']},
	]);
});
