// The CLI's JSON outputs (`analyze --json`, `ls --json`): what JSON.stringify leaves raw
// (C1 controls such as U+009B, a one-byte CSI; bidi overrides such as U+202E) is written
// as a \u escape, so a `cat` of the output is inert and parses back to the same strings.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {listCommand} from '../../source/commands/ls.ts';
import {inertJson} from '../../source/format/sanitize.ts';
import {fakeEngine} from '../helpers/fake-engine.ts';

 
const raw = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\u2028\u2029]/;
const hostile = 'a\u009B31mb\u202Ecd\u2066e\u0085f\u007Fg\u001B]0;T\u0007h\u2028i';

test('inertJson escapes C1, bidi and DEL that JSON.stringify leaves raw, and parses back to the same value', () => {
	assert.match(JSON.stringify(hostile), raw, 'JSON.stringify itself leaves them raw');
	const value = {[hostile]: [hostile, 1, null, {nested: hostile}], plain: 'é ✓ 日本'};
	for (const space of [undefined, 2]) {
		const text = inertJson(value, space);
		assert.doesNotMatch(text, raw);
		assert.deepEqual(JSON.parse(text), value);
	}

	assert.equal(inertJson('\u009B\u202E'), String.raw`"\u009b\u202e"`);
	assert.equal(inertJson({a: 'plain'}, 2), JSON.stringify({a: 'plain'}, null, 2));
});

test('`ls --json` and `ls` from an engine whose repository and tag carry U+009B and U+202E: inert, the JSON exact', async () => {
	const repository = 'evil\u009B2Jrepo\u202Etxt';
	const tag = 'v\u202E1';
	const engine = fakeEngine([{id: `sha256:${'a'.repeat(64)}`, parentId: '', repoTags: [`${repository}:${tag}`], repoDigests: [], created: 1_700_000_000, size: 1000, sharedSize: -1, containers: -1}], {});
	let json = '';
	await listCommand(engine, {quiet: false, all: false, json: true, filters: []}, text => {
		json += text;
	});
	assert.doesNotMatch(json, raw);
	const row = JSON.parse(json) as {Repository: string; Tag: string};
	assert.equal(row.Repository, repository);
	assert.equal(row.Tag, tag);
	let table = '';
	await listCommand(engine, {quiet: false, all: false, json: false, filters: []}, text => {
		table += text;
	});
	assert.doesNotMatch(table, raw);
	assert.match(table, /evil<U\+009B>2Jrepo<U\+202E>txt +v<U\+202E>1 /);
});
