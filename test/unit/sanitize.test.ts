import assert from 'node:assert/strict';
import {test} from 'node:test';
import {sanitizeJson, sanitizeLine, sanitizeText} from '../../source/format/sanitize.ts';

const title = '\u001B]0;PWNED\u0007';
const clear = '\u001B[2J';

test('escape sequences become visible and inert', () => {
	assert.equal(sanitizeLine(`a${title}b`), 'a^[]0;PWNED^Gb');
	assert.equal(sanitizeLine(`x${clear}y`), 'x^[[2Jy');
	assert.equal(sanitizeLine('8-bit CSI \u009B2J'), '8-bit CSI <U+009B>2J');
	assert.equal(sanitizeLine('del\u007F'), 'del^?');
	assert.equal(sanitizeLine('rtl \u202Egnp.exe'), 'rtl <U+202E>gnp.exe');
	assert.doesNotMatch(sanitizeLine(`${title}${clear}\u0000\u0008`), /[\u0000-\u001F\u007F-\u009F]/);
});

test('line breaks and tabs: spaces on one line, kept in text', () => {
	assert.equal(sanitizeLine('RUN a \\\n\tb'), 'RUN a \\  b');
	assert.equal(sanitizeText('one\ntwo\tthree\r'), 'one\ntwo  three^M');
});

test('ordinary text is untouched, including non-ASCII', () => {
	const text = 'café 日本語 ✓ [ok] ~/path';
	assert.equal(sanitizeLine(text), text);
});

test('JSON documents are cleaned deeply, keys too', () => {
	const doc = {Config: {Labels: {[`k${clear}`]: `v${title}`}}, List: [`a${clear}`, 1, null, true]};
	assert.deepEqual(sanitizeJson(doc), {Config: {Labels: {'k^[[2J': 'v^[]0;PWNED^G'}}, List: ['a^[[2J', 1, null, true]});
});
