// Rules about the image's shape rather than one package manager: RUN steps
// that could be one (DL3059), ADD where COPY would do (DL3020), a floating base
// (DL3006/DL3007), build tools shipped to production, and a heavy base.
import {formatImageSize} from '../../format/size.ts';
import type {Advice, AdvisorInput, Rule} from './advice.ts';
import {instructionOf, runs} from './instruction.ts';

/** hadolint flags two RUN steps in a row; three is where merging clearly pays. */
const consecutiveRuns = 3;

export const consecutiveRunRule: Rule = input => {
	const advice: Advice[] = [];
	let first = -1;
	const close = (end: number) => {
		const count = end - first;
		if (first >= 0 && count >= consecutiveRuns) {
			const bytes = input.steps.slice(first, end).reduce((sum, step) => sum + (step.size ?? 0), 0);
			advice.push({
				rule: 'DL3059', title: `${count} RUN steps in a row`, step: first + 1, createdBy: input.steps[first]!.createdBy, bytes, exact: false,
				message: `steps ${first + 1}–${end}: ${count} consecutive RUN layers; files one step writes and a later one removes stay in the image`,
				fix: 'merge them into one RUN joined with && (and clean up in that same RUN)',
			});
		}

		first = -1;
	};

	input.steps.forEach((step, index) => {
		if (instructionOf(step.createdBy).name === 'RUN') {
			if (first < 0) {
				first = index;
			}
		} else {
			close(index);
		}
	});
	close(input.steps.length);
	return advice;
};

const archiveOrUrl = /(?:^|\s)(?:https?:\/\/\S+|\S+\.(?:tar|tgz|tar\.(?:gz|bz2|xz|zst)|tbz2?|txz))(?:\s|$)/;

export const addRule: Rule = input => input.steps.flatMap((step, index): Advice[] => {
	const {name, args} = instructionOf(step.createdBy);
	// `ADD file:<hash> in /` is how a base image's root filesystem arrives: a tar, where ADD is right.
	if (name !== 'ADD' || archiveOrUrl.test(args) || / in \/\s*$/.test(args)) {
		return [];
	}

	return [{rule: 'DL3020', title: 'ADD where COPY would do', step: index + 1, createdBy: step.createdBy, bytes: step.size, exact: false, message: `step ${index + 1}: ADD ${args}`, fix: 'use COPY for local files; ADD only fetches URLs and unpacks archives, and hides which it does'}];
});

const baseLabels = ['org.opencontainers.image.base.name', 'org.label-schema.base-image'];

export const baseTagRule: Rule = input => {
	for (const label of baseLabels) {
		const base: unknown = Object.hasOwn(input.labels, label) ? input.labels[label] : undefined;
		if (typeof base !== 'string' || base === '' || base.includes('@sha256:')) {
			continue;
		}

		const lastPart = base.split('/').at(-1)!;
		const tag = lastPart.includes(':') ? lastPart.split(':').at(-1) : undefined;
		if (tag === undefined) {
			return [{rule: 'DL3006', title: 'untagged base image', exact: false, message: `base ${base} (label ${label}) has no tag: each build may get a different base`, fix: 'pin the base: FROM name:version (or @sha256:…)'}];
		}

		if (tag === 'latest') {
			return [{rule: 'DL3007', title: 'base image tagged latest', exact: false, message: `base ${base} (label ${label}) floats with every release`, fix: 'pin the base: FROM name:version (or @sha256:…)'}];
		}
	}

	return [];
};

const buildPackages = /^(?:build-essential|build-base|gcc|g\+\+|gcc-c\+\+|clang|make|cmake|autoconf|automake|libtool|musl-dev|git|golang|rustc|cargo|[\w.+-]+-(?:dev|devel))$/;

export const multiStageShape = [
	'FROM <base> AS build',
	'RUN <install compilers and -dev packages> && <build into /out>',
	'FROM <slim or distroless base>',
	'COPY --from=build /out /app',
].join('\n');

export const toolchainRule: Rule = input => {
	const advice: Advice[] = [];
	input.steps.forEach((step, index) => {
		const {name, args} = instructionOf(step.createdBy);
		if (name !== 'RUN') {
			return;
		}

		const install = runs(args, ['apt-get', 'apt', 'apk', 'yum', 'dnf', 'microdnf', 'zypper'], ['install', 'add', 'in']);
		const tools = install?.split(/\s+/).filter(word => buildPackages.test(word)) ?? [];
		const clone = /\bgit\s+clone\b/.test(args);
		if (tools.length > 0 || clone) {
			const what = [...tools, ...(clone ? ['git clone (sources and .git)'] : [])].join(', ');
			advice.push({rule: 'multi-stage', title: 'build tools in the final image', step: index + 1, createdBy: step.createdBy, bytes: step.size, exact: false, message: `step ${index + 1} installs ${what}`, fix: `build in a first stage, copy only the result:\n${multiStageShape}`});
		}
	});
	for (const finding of input.scan?.findings ?? []) {
		if (finding.kind === 'toolchain') {
			advice.push({rule: 'multi-stage', title: 'build-time files in the final image', step: finding.step, bytes: finding.bytes, exact: true, message: finding.message, fix: `build in a first stage, copy only the result:\n${multiStageShape}`});
		}
	}

	return advice;
};

const envValue = (input: AdvisorInput, name: string) => input.env.find(variable => variable.startsWith(`${name}=`))?.slice(name.length + 1);
const minor = (version: string) => version.split('.').slice(0, 2).join('.');

/** A non-slim debian base is ~120MB, slim ~75MB; python and node full images pass 900MB against ~150MB slim. */
const heavyDebianLayer = 100_000_000;
const heavyRuntimeImage = 500_000_000;

export const baseSizeRule: Rule = input => {
	const baseLayer = input.scan?.layers[0]?.size ?? input.steps.find(step => !step.emptyLayer)?.size ?? 0;
	const total = input.scan?.metrics.finalBytes ?? input.steps.reduce((sum, step) => sum + (step.size ?? 0), 0);
	const exact = input.scan !== undefined;
	const os = input.scan?.osRelease;
	const python = envValue(input, 'PYTHON_VERSION');
	const node = envValue(input, 'NODE_VERSION');
	const heavy = (slim: string, bytes: number): Advice => ({
		rule: 'slim-base', title: 'a slim base exists', step: 1, bytes, exact, message: `the base is ${formatImageSize(bytes)}${os?.prettyName ? ` (${os.prettyName})` : ''}`, fix: `try FROM ${slim}`,
	});
	if (python && total >= heavyRuntimeImage) {
		return [heavy(`python:${minor(python)}-slim`, total)];
	}

	if (node && total >= heavyRuntimeImage) {
		return [heavy(`node:${node.split('.')[0]}-slim (or -alpine)`, total)];
	}

	if (os?.id === 'debian' && baseLayer >= heavyDebianLayer) {
		return [heavy(`debian:${os.versionCodename ?? os.versionId ?? 'stable'}-slim`, baseLayer)];
	}

	if (os?.id === 'ubuntu' && baseLayer >= heavyDebianLayer) {
		return [heavy('debian:stable-slim or alpine', baseLayer)];
	}

	return [];
};
