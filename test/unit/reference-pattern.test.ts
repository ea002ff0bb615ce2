// The reference filter's patterns: Go's path.Match syntax, checked against what
// dockerd 20.10 answered for each (`GET /images/json?filters={"reference":[P]}`:
// 500 "syntax error in pattern", or 200).
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {isValidPattern} from '../../source/engine/reference-pattern.ts';

test('patterns dockerd refuses with "syntax error in pattern"', () => {
	for (const pattern of ['[', 'a[', '[]', '[]]', '[]a]', '[a-]', '[-a]', 'a\\', '[a-c', '[\\', '[a\\', '[^]', '[^]]', 'stowage-app:[']) {
		assert.equal(isValidPattern(pattern), false, pattern);
	}
});

test('patterns dockerd takes', () => {
	for (const pattern of ['', 'a]', ']', '[^a]*', '[!a]*', 'a\\*', '[\\]]*', '[a-c]*', '*', '?', 'stowage-app:[0-9]*', '[z-a]*', 'stowage-*:1.0', '*/stowage-app', '\\\\', 'x\\y', 'localhost:5000/team/app', 'Upper-Case']) {
		assert.equal(isValidPattern(pattern), true, pattern);
	}
});
