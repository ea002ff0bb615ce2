import assert from 'node:assert/strict';
import {test} from 'node:test';
import {formatGoG} from '../../source/format/go-float.ts';
import {formatHumanSize, formatImageSize} from '../../source/format/size.ts';

test('image sizes print as `docker images` does (%.3g, decimal units, no space)', () => {
	const cases: Array<[number, string]> = [
		[0, '0B'],
		[5, '5B'],
		[999, '999B'],
		[1000, '1kB'],
		[1984140, '1.98MB'],
		[124_000_000, '124MB'],
		[123_456_789, '123MB'],
		[1_020_000_000, '1.02GB'],
		[1_024_000_000, '1.02GB'],
		[2_500_000_000_000, '2.5TB'],
		[250_000, '250kB'],
		[100_000_000, '100MB'],
	];
	for (const [bytes, expected] of cases) {
		assert.equal(formatImageSize(bytes), expected, `${bytes} bytes`);
	}
});

test('disk usage sizes print as `docker system df` does (%.4g)', () => {
	assert.equal(formatHumanSize(1984132), '1.984MB');
	assert.equal(formatHumanSize(0), '0B');
	assert.equal(formatHumanSize(1_234_567_890), '1.235GB');
	assert.equal(formatHumanSize(999), '999B');
});

test("Go's %g quirks are kept: exponent form past the precision, ties to even", () => {
	// 999.5 rounds to 1000 at three digits, which Go prints in exponent form.
	assert.equal(formatGoG(999.5, 3), '1e+03');
	assert.equal(formatImageSize(999_500), '1e+03kB');
	// 1.125 is exact in binary: Go rounds the tie to even, toPrecision would round up.
	assert.equal(formatGoG(1.125, 3), '1.12');
	assert.equal(formatGoG(1.135, 3), '1.14');
	assert.equal(formatGoG(0.5, 3), '0.5');
	assert.equal(formatGoG(10, 3), '10');
	assert.equal(formatGoG(12.5, 4), '12.5');
	assert.equal(formatGoG(0.00001234, 3), '1.23e-05');
});
