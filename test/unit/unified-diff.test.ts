// diff -u's hunks, checked against GNU diff's output for the same texts.
import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {test} from 'node:test';
import {lineEdits, unifiedHunks} from '../../source/format/unified-diff.ts';

function gnuDiff(a: string[], b: string[]): string[] {
	const dir = mkdtempSync('/tmp/stowage-udiff-');
	try {
		writeFileSync(path.join(dir, 'a'), a.map(line => `${line}\n`).join(''));
		writeFileSync(path.join(dir, 'b'), b.map(line => `${line}\n`).join(''));
		try {
			execFileSync('diff', ['-u', path.join(dir, 'a'), path.join(dir, 'b')], {encoding: 'utf8'});
			return [];
		} catch (error) {
			return (error as {stdout: string}).stdout.split('\n').slice(2, -1);
		}
	} finally {
		rmSync(dir, {recursive: true, force: true});
	}
}

const letters = 'abcdefghijklmnopqrstuvwxyz'.split('');

test('the same hunks as GNU diff -u: a change, an addition at the end, far apart and close together', () => {
	const cases: Array<[string[], string[]]> = [
		[letters.slice(0, 13), ['a', 'B', ...letters.slice(2, 13), 'n']],
		[letters, [...letters.slice(0, 5), 'X', ...letters.slice(6, 9), 'Y', ...letters.slice(10)]],
		[[], ['one', 'two']],
		[['one', 'two'], []],
		[['same'], ['same']],
		[letters.slice(0, 8), [...letters.slice(2, 8), 'z', 'z']],
		[['colour=red'], ['colour=blu']],
		[['a', 'b'], ['a', 'b', 'c']],
	];
	for (const [a, b] of cases) {
		assert.deepEqual(unifiedHunks(a, b), gnuDiff(a, b), `${a.join('')} → ${b.join('')}`);
	}
});

test('a shortest edit script; too many differences give up instead of working without end', () => {
	assert.equal(lineEdits(['a', 'b', 'c'], ['a', 'x', 'c'])!.filter(edit => edit.kind !== ' ').length, 2);
	const many = Array.from({length: 300}, (_, index) => `a${index}`);
	const other = Array.from({length: 300}, (_, index) => `b${index}`);
	assert.equal(lineEdits(many, other, 100), undefined);
});
