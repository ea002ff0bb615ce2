// The list's and disk usage's bodies read element by element (json-array-stream.ts): for
// any JSON and any cut into chunks, what is handed on is what JSON.parse of the whole reads.
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {test} from 'node:test';
import fc from 'fast-check';
import {readJsonArray} from '../../source/engine/json-array-stream.ts';

/** The body cut at `cuts` (byte offsets), read; what was handed on. */
function read(body: Buffer, cuts: number[], member?: string) {
	const elements: unknown[] = [];
	const rest: unknown[] = [];
	const reader = readJsonArray(value => elements.push(value), value => rest.push(value), member);
	let at = 0;
	for (const cut of [...cuts.map(value => value % (body.length + 1))].sort((a, b) => a - b)) {
		reader.push(body.subarray(at, Math.max(at, cut)));
		at = Math.max(at, cut);
	}

	reader.push(body.subarray(at));
	reader.end();
	return {elements, rest};
}

// Strings with quotes, backslashes (runs of them before a quote), brackets and multibyte characters.
const text = fc.string({unit: fc.constantFrom('a', '"', '\\', '\\\\', '[', ']', '{', '}', ',', ':', 'é', '日', ' ', '\n'), maxLength: 12});
const json = fc.letrec(tie => ({
	value: fc.oneof({depthSize: 'small'}, text, fc.integer(), fc.boolean(), fc.constant(null), tie('array'), tie('object')),
	array: fc.array(tie('value'), {maxLength: 4}),
	object: fc.dictionary(text, tie('value'), {maxKeys: 4}),
})).value;
const cuts = fc.array(fc.nat(), {maxLength: 8});
const spaced = (value: unknown, spaces: boolean) => Buffer.from(JSON.stringify(value, undefined, spaces ? 1 : undefined));
// What JSON.parse makes of it (fast-check's objects have no prototype).
const parsed = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

test('a top-level array hands on each element as JSON.parse reads it, however the bytes are cut', () => {
	fc.assert(fc.property(fc.array(json, {maxLength: 6}), cuts, fc.boolean(), (array, at, spaces) => {
		assert.deepEqual(read(spaced(array, spaces), at), {elements: parsed(array), rest: []});
	}), {numRuns: 500});
});

test('a body that is not an array is parsed whole and handed on as the rest', () => {
	fc.assert(fc.property(fc.oneof(text, fc.integer(), fc.constant(null), fc.dictionary(text, json, {maxKeys: 3})), cuts, (value, at) => {
		assert.deepEqual(read(spaced(value, false), at), {elements: [], rest: [parsed(value)]});
	}), {numRuns: 300});
});

test('a member array hands on its elements; the object comes with that array empty', () => {
	fc.assert(fc.property(fc.dictionary(text, json, {maxKeys: 3}), fc.array(json, {maxLength: 5}), fc.dictionary(text, json, {maxKeys: 2}), cuts, fc.boolean(), (before, images, after, at, spaces) => {
		const object = {...before, Images: images, ...after};
		const got = read(spaced(object, spaces), at, 'Images');
		assert.deepEqual(got.elements, parsed(object.Images));
		assert.deepEqual(got.rest, [parsed({...object, Images: []})]);
	}), {numRuns: 500});
});

test('an array where the member is asked for is parsed whole, and broken JSON fails', () => {
	assert.deepEqual(read(Buffer.from('[1,2]'), [1], 'Images'), {elements: [], rest: [[1, 2]]});
	assert.throws(() => read(Buffer.from('[{"a":1},'), [3]), SyntaxError);
	assert.throws(() => read(Buffer.from('[{"a":1}] x'), []), SyntaxError);
	assert.throws(() => read(Buffer.from('[{"a":}]'), [4]), SyntaxError);
	assert.throws(() => read(Buffer.from('{"Images":[1,2'), [5], 'Images'), SyntaxError);
});

test('a real engine list of 1,000 bench images reads as JSON.parse reads it', () => {
	const body = readFileSync(new URL('fixtures/bench-images-1000.json', import.meta.url));
	assert.deepEqual(read(body, [100, 65_536, 131_072, 200_001]).elements, JSON.parse(body.toString('utf8')));
});
