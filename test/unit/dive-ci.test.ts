// .dive-ci parsing and dive's three CI rules.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {defaultCiConfig, evaluateCi, parseBytes, parseDiveCi} from '../../source/analysis/dive-ci.ts';
import type {Metrics} from '../../source/analysis/types.ts';

const metrics = (efficiency: number, wastedBytes: number, userWastedPercent: number): Metrics => ({
	totalBytes: 0, finalBytes: 0, wastedBytes, userWastedBytes: 0, userBytes: 0, userWastedPercent, efficiency, dive: {efficiency: 0, wastedBytes: 0, userWastedPercent: 0},
});

test('camelCase and kebab-case keys, quotes, comments, disabled; the rest stays dive\'s default', () => {
	assert.deepEqual(parseDiveCi('rules:\n  # If the efficiency is measured below X%, mark as failed.\n  lowestEfficiency: 0.95\n  highestWastedBytes: 20MB\n  highestUserWastedPercent: 0.20\n'), {lowestEfficiency: '0.95', highestWastedBytes: '20MB', highestUserWastedPercent: '0.20'});
	assert.deepEqual(parseDiveCi('rules:\n  lowest-efficiency: "0.8"  # comment\n  highest-user-wasted-percent: disabled\n'), {lowestEfficiency: '0.8', highestWastedBytes: 'disabled', highestUserWastedPercent: 'disabled'});
	assert.deepEqual(parseDiveCi(''), defaultCiConfig);
	assert.deepEqual(parseDiveCi('other:\n  lowestEfficiency: 0.1\n'), defaultCiConfig);
	assert.throws(() => parseDiveCi('rules:\n  - nope\n'), {name: 'UsageError'});
});

test('byte sizes as go-humanize reads them', () => {
	assert.equal(parseBytes('20MB'), 20_000_000);
	assert.equal(parseBytes('20 mb'), 20_000_000);
	assert.equal(parseBytes('20MiB'), 20 * 1024 * 1024);
	assert.equal(parseBytes('1.5kB'), 1500);
	assert.equal(parseBytes('1048576'), 1_048_576);
	assert.throws(() => parseBytes('lots'), {name: 'UsageError'});
});

test('the three rules: thresholds, pass and fail, disabled skips', () => {
	const config = {lowestEfficiency: '0.9', highestWastedBytes: '1MB', highestUserWastedPercent: '0.1'};
	assert.deepEqual(evaluateCi(config, metrics(0.95, 1_000_000, 0.1)).map(result => result.status), ['pass', 'pass', 'pass']);
	assert.deepEqual(evaluateCi(config, metrics(0.89, 1_000_001, 0.11)).map(result => result.status), ['fail', 'fail', 'fail']);
	assert.deepEqual(evaluateCi(defaultCiConfig, metrics(1, 5e9, 0)).map(result => result.status), ['pass', 'skip', 'pass']);
	assert.throws(() => evaluateCi({...config, lowestEfficiency: 'high'}, metrics(1, 0, 0)), {name: 'UsageError'});
});

test('ratios outside 0..1 are refused, naming the key as written, the value and the range; the ends are allowed', () => {
	for (const [line, key, value] of [['lowestEfficiency: 90', 'lowestEfficiency', '90'], ['lowest-efficiency: -0.1', 'lowest-efficiency', '-0.1'], ['highestUserWastedPercent: 1.5', 'highestUserWastedPercent', '1.5'], ['highest-user-wasted-percent: Infinity', 'highest-user-wasted-percent', 'Infinity']] as const) {
		assert.throws(() => parseDiveCi(`rules:\n  ${line}\n`, 'ci.yaml'), {name: 'UsageError', message: `ci.yaml: ${key} "${value}" is out of range: a ratio between 0 and 1 (0.9 for 90%)`});
	}

	assert.deepEqual(parseDiveCi('rules:\n  lowestEfficiency: 0\n  highestUserWastedPercent: 1\n'), {...defaultCiConfig, lowestEfficiency: '0', highestUserWastedPercent: '1'});
	assert.throws(() => evaluateCi({...defaultCiConfig, lowestEfficiency: '2'}, metrics(1, 0, 0)), {name: 'UsageError', message: /lowestEfficiency "2" is out of range/});
});
