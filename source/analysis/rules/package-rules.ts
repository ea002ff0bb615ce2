// Package managers that leave their caches in the layer (hadolint's DL3009,
// DL3015, DL3019, DL3042, DL3032, DL3040, DL3036), judged per RUN step: a
// cleanup in a later step cannot take the bytes back out of this one.
import type {Advice, AdvisorInput, Rule} from './advice.ts';
import {instructionOf, runs, simpleCommands, words} from './instruction.ts';
import {bytesLeft} from './step-bytes.ts';

type PackageCheck = {
	rule: string;
	title: string;
	/** The offending command in the script, if the step offends. */
	offends(script: string, input: AdvisorInput): string | undefined;
	/** Where the leftover lands, for the bytes at stake. */
	paths: readonly string[];
	fix: string;
};

const has = (script: string, pattern: RegExp) => simpleCommands(script).some(command => pattern.test(words(command).join(' ')));

const checks: readonly PackageCheck[] = [
	{
		rule: 'DL3009', title: 'apt lists left in the layer', paths: ['/var/lib/apt/lists'],
		offends: script => (has(script, /^rm\s+(?:-\w+\s+)*\/var\/lib\/apt\/lists/) ? undefined : runs(script, ['apt-get', 'apt'], ['update'])),
		fix: 'end the same RUN with `&& rm -rf /var/lib/apt/lists/*`',
	},
	{
		rule: 'DL3015', title: 'apt installs recommended packages', paths: [],
		offends(script) {
			const command = runs(script, ['apt-get', 'apt'], ['install']);
			return command && !/--no-install-recommends|Install-Recommends=(?:false|0)/i.test(command) ? command : undefined;
		},
		fix: 'add `--no-install-recommends` to apt-get install',
	},
	{
		rule: 'DL3019', title: 'apk cache left in the layer', paths: ['/var/cache/apk'],
		offends(script) {
			const command = runs(script, ['apk'], ['add']);
			return command && !command.includes('--no-cache') && !has(script, /^rm\s+(?:-\w+\s+)*\/var\/cache\/apk/) ? command : undefined;
		},
		fix: 'use `apk add --no-cache`',
	},
	{
		rule: 'DL3042', title: 'pip cache left in the layer', paths: ['/root/.cache/pip'],
		offends(script, input) {
			if (input.env.some(variable => /^PIP_NO_CACHE_DIR=(?:1|true|yes|on|off|0|false)?$/i.test(variable))) {
				return undefined;
			}

			const command = runs(script, ['pip', 'pip3', 'pip2'], ['install']) ?? simpleCommands(script).find(each => /\bpython[\d.]*\s+-m\s+pip\s+install\b/.test(each));
			return command && !command.includes('--no-cache-dir') ? command : undefined;
		},
		fix: 'use `pip install --no-cache-dir` (or ENV PIP_NO_CACHE_DIR=1)',
	},
	{
		rule: 'DL3032', title: 'yum cache left in the layer', paths: ['/var/cache/yum'],
		offends: script => (has(script, /^yum\s+clean\s+all/) ? undefined : runs(script, ['yum'], ['install', 'groupinstall', 'localinstall'])),
		fix: 'end the same RUN with `&& yum clean all`',
	},
	{
		rule: 'DL3040', title: 'dnf cache left in the layer', paths: ['/var/cache/dnf', '/var/cache/yum'],
		offends: script => (has(script, /^(?:dnf|microdnf)\s+clean\s+all/) ? undefined : runs(script, ['dnf', 'microdnf'], ['install', 'groupinstall'])),
		fix: 'end the same RUN with `&& dnf clean all`',
	},
	{
		rule: 'DL3036', title: 'zypper cache left in the layer', paths: ['/var/cache/zypp'],
		offends: script => (has(script, /^zypper\s+(?:-\w+\s+)*(?:clean|cc)\b/) ? undefined : runs(script, ['zypper'], ['install', 'in'])),
		fix: 'end the same RUN with `&& zypper clean`',
	},
];

export const packageRules: Rule = input => {
	const advice: Advice[] = [];
	input.steps.forEach((step, index) => {
		const instruction = instructionOf(step.createdBy);
		if (instruction.name !== 'RUN') {
			return;
		}

		for (const check of checks) {
			const command = check.offends(instruction.args, input);
			if (command === undefined) {
				continue;
			}

			const {bytes, exact} = check.paths.length > 0 ? bytesLeft(input, index, check.paths) : {bytes: step.size, exact: false};
			advice.push({rule: check.rule, title: check.title, step: index + 1, createdBy: step.createdBy, bytes, exact, message: `step ${index + 1}: \`${command}\``, fix: check.fix});
		}
	});
	return advice;
};
