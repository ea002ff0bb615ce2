// dive's CI rules (runtime/ci/rules.go) read from a `.dive-ci` file: `rules:`
// with lowestEfficiency, highestWastedBytes (`20MB` or bytes, go-humanize's
// units), highestUserWastedPercent, each also in kebab-case, or `disabled`.
// Defaults as dive's: 0.9, disabled, 0.1. Pure.
import {UsageError} from '../engine/endpoint.ts';
import type {Metrics} from './types.ts';

export type CiRuleName = 'lowestEfficiency' | 'highestWastedBytes' | 'highestUserWastedPercent';
export type CiConfig = Record<CiRuleName, string>;
/** readableLayers: not a .dive-ci rule; fails when the scan could not read every layer. */
export type CiResult = {rule: CiRuleName | 'readableLayers'; status: 'pass' | 'fail' | 'skip'; threshold: string; value: number; message: string};

export const defaultCiConfig: CiConfig = {lowestEfficiency: '0.9', highestWastedBytes: 'disabled', highestUserWastedPercent: '0.1'};

const keys: Record<string, CiRuleName> = {
	lowestefficiency: 'lowestEfficiency',
	'lowest-efficiency': 'lowestEfficiency',
	'lowest-efficiency-threshold': 'lowestEfficiency',
	highestwastedbytes: 'highestWastedBytes',
	'highest-wasted-bytes': 'highestWastedBytes',
	highestuserwastedpercent: 'highestUserWastedPercent',
	'highest-user-wasted-percent': 'highestUserWastedPercent',
};

/** `source` names the file in errors. Every value is checked here, so a bad one is refused before any scan. */
export function parseDiveCi(text: string, source = '.dive-ci'): CiConfig {
	const config = {...defaultCiConfig};
	// The key as the file spells it, for the messages.
	const written: Partial<Record<CiRuleName, string>> = {};
	let inRules = false;
	for (const raw of text.split('\n')) {
		const line = raw.replace(/\s+#.*$/, '').replace(/^\s*#.*$/, '');
		if (line.trim() === '') {
			continue;
		}

		const match = /^(\s*)([\w-]+)\s*:\s*(.*)$/.exec(line);
		if (!match) {
			throw new UsageError(`${source}: cannot read "${raw.trim()}"`);
		}

		const [, indent, key, value] = match;
		if (indent === '') {
			inRules = key === 'rules';
			continue;
		}

		const name = keys[key!.toLowerCase()];
		if (inRules && name) {
			config[name] = value!.trim().replace(/^(["'])(.*)\1$/, '$2');
			written[name] = key;
		}
	}

	checkCiConfig(config, source, written);
	return config;
}

function checkCiConfig(config: CiConfig, source: string, written: Partial<Record<CiRuleName, string>>) {
	for (const rule of Object.keys(config) as CiRuleName[]) {
		if (config[rule].toLowerCase() !== 'disabled') {
			thresholdOf(rule, config[rule], source, written[rule]);
		}
	}
}

const units: Record<string, number> = {
	'': 1, b: 1,
	k: 1e3, kb: 1e3, ki: 1024, kib: 1024,
	m: 1e6, mb: 1e6, mi: 1024 ** 2, mib: 1024 ** 2,
	g: 1e9, gb: 1e9, gi: 1024 ** 3, gib: 1024 ** 3,
	t: 1e12, tb: 1e12, ti: 1024 ** 4, tib: 1024 ** 4,
	p: 1e15, pb: 1e15, pi: 1024 ** 5, pib: 1024 ** 5,
};

/** go-humanize's ParseBytes: `20MB` = 20,000,000, `20MiB` = 20,971,520, `1024` = 1024. */
export function parseBytes(text: string, source = '.dive-ci'): number {
	const match = /^\s*([\d.,]+)\s*([a-z]*)\s*$/i.exec(text);
	const factor = match ? units[match[2]!.toLowerCase()] : undefined;
	const number = match ? Number(match[1]!.replaceAll(',', '')) : Number.NaN;
	if (factor === undefined || Number.isNaN(number)) {
		throw new UsageError(`${source}: invalid highestWastedBytes "${text}" (bytes, as 20MB, 20MiB or 1048576)`);
	}

	return Math.floor(number * factor);
}

/** Both ratio rules compare a fraction (efficiency, wasted share) that is 0 to 1: a threshold outside that range would always fail, or never. */
function ratio(text: string, key: string, source: string): number {
	const value = Number(text);
	if (text.trim() === '' || Number.isNaN(value)) {
		throw new UsageError(`${source}: invalid ${key} "${text}" (a ratio between 0 and 1)`);
	}

	if (value < 0 || value > 1) {
		throw new UsageError(`${source}: ${key} "${text}" is out of range: a ratio between 0 and 1 (0.9 for 90%)`);
	}

	return value;
}

function thresholdOf(rule: CiRuleName, text: string, source = '.dive-ci', key: string = rule): number {
	return rule === 'highestWastedBytes' ? parseBytes(text, source) : ratio(text, key, source);
}

/** Throws UsageError on a value dive would call misconfigured. */
export function evaluateCi(config: CiConfig, metrics: Metrics): CiResult[] {
	const results: CiResult[] = [];
	const add = (rule: CiRuleName, value: number, check: (text: string) => {fail: boolean; message: string}) => {
		const threshold = config[rule];
		if (threshold.toLowerCase() === 'disabled') {
			results.push({rule, status: 'skip', threshold, value, message: 'rule disabled'});
			return;
		}

		const {fail, message} = check(threshold);
		results.push({rule, status: fail ? 'fail' : 'pass', threshold, value, message});
	};

	add('lowestEfficiency', metrics.efficiency, text => {
		const lowest = thresholdOf('lowestEfficiency', text);
		return {fail: metrics.efficiency < lowest, message: `efficiency ${metrics.efficiency.toFixed(4)} ${metrics.efficiency < lowest ? '<' : '>='} ${lowest}`};
	});
	add('highestWastedBytes', metrics.wastedBytes, text => {
		const highest = thresholdOf('highestWastedBytes', text);
		return {fail: metrics.wastedBytes > highest, message: `wasted ${metrics.wastedBytes} bytes ${metrics.wastedBytes > highest ? '>' : '<='} ${highest}`};
	});
	add('highestUserWastedPercent', metrics.userWastedPercent, text => {
		const highest = thresholdOf('highestUserWastedPercent', text);
		return {fail: metrics.userWastedPercent > highest, message: `user wasted ${metrics.userWastedPercent.toFixed(4)} ${metrics.userWastedPercent > highest ? '>' : '<='} ${highest}`};
	});
	return results;
}
