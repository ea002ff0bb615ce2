// Turns the stacked layers into findings with exact paths and sizes, each
// tied to the history step that wrote the bytes (and the one that wasted them).
import {formatImageSize} from '../format/size.ts';
import {walk} from './file-tree.ts';
import {finalUnder, type StackResult} from './layer-math.ts';
import type {HistoryStep, ScanFinding} from './types.ts';

/** Caches that package managers and builds leave behind; none is needed at run time. */
export const cacheDirs = [
	'/var/lib/apt/lists', '/var/cache/apt', '/var/cache/apk', '/var/cache/yum', '/var/cache/dnf', '/var/cache/zypp',
	'/root/.cache', '/root/.npm', '/usr/local/share/.cache', '/root/.cargo/registry', '/root/go/pkg/mod', '/tmp', '/var/tmp',
];

/** Compilers, headers and sources: needed to build, not to run. */
export const toolchainDirs = ['/usr/include', '/usr/local/include', '/usr/lib/gcc', '/usr/libexec/gcc', '/usr/local/go'];

export type StepOf = (layer: number) => number | undefined;

export function stepOfLayer(steps: readonly HistoryStep[]): StepOf {
	const byLayer = new Map<number, number>();
	for (const step of steps) {
		if (step.layer !== undefined) {
			byLayer.set(step.layer, step.step);
		}
	}

	return layer => byLayer.get(layer);
}

function where(stepOf: StepOf, layer: number): string {
	const step = stepOf(layer);
	return step === undefined ? `layer ${layer + 1}` : `step ${step}`;
}

const files = (count: number) => (count === 1 ? '' : ` (${count} files)`);

/** Findings below this many bytes are noise. */
const minBytes = 1024;

export function scanFindings(stack: StackResult, stepOf: StepOf): ScanFinding[] {
	const findings: ScanFinding[] = [];
	for (const deletion of stack.deletions) {
		if (deletion.bytes < minBytes) {
			continue;
		}

		const how = deletion.opaque ? `hidden (opaque directory) by ${where(stepOf, deletion.byLayer)}` : `deleted by ${where(stepOf, deletion.byLayer)}`;
		findings.push({
			kind: 'deleted-later', path: deletion.path, bytes: deletion.bytes, files: deletion.files,
			layer: deletion.fromLayer, step: stepOf(deletion.fromLayer), byLayer: deletion.byLayer, byStep: stepOf(deletion.byLayer),
			message: `${deletion.path} ${formatImageSize(deletion.bytes)}${files(deletion.files)} added by ${where(stepOf, deletion.fromLayer)}, ${how}`,
		});
	}

	for (const overwrite of stack.overwrites) {
		if (overwrite.bytes < minBytes) {
			continue;
		}

		findings.push({
			kind: 'overwritten', path: overwrite.path, bytes: overwrite.bytes, files: 1,
			layer: overwrite.layer, step: stepOf(overwrite.layer), byLayer: overwrite.byLayer, byStep: stepOf(overwrite.byLayer),
			message: `${overwrite.path} ${formatImageSize(overwrite.bytes)} written by ${where(stepOf, overwrite.layer)}, overwritten by ${where(stepOf, overwrite.byLayer)}`,
		});
	}

	for (const dir of cacheDirs) {
		const left = finalUnder(stack.final, dir);
		if (left && left.bytes >= minBytes) {
			findings.push({
				kind: 'leftover', path: dir, bytes: left.bytes, files: left.files, layer: left.layer, step: stepOf(left.layer),
				message: `${dir} ${formatImageSize(left.bytes)}${files(left.files)} left by ${where(stepOf, left.layer)}`,
			});
		}
	}

	const toolchain = [...toolchainDirs];
	for (const [path, node] of walk(stack.final, '/')) {
		if (node.dir && path.endsWith('/.git')) {
			toolchain.push(path);
		} else if (!node.dir && /^\/usr\/(?:local\/)?bin\/(?:[\w-]+-)?(?:gcc|g\+\+|cc1|clang)(?:-[\d.]+)?$/.test(path)) {
			toolchain.push(path);
		}
	}

	for (const path of toolchain) {
		const left = finalUnder(stack.final, path);
		if (left && left.bytes >= minBytes) {
			findings.push({
				kind: 'toolchain', path, bytes: left.bytes, files: left.files, layer: left.layer, step: stepOf(left.layer),
				message: `${path} ${formatImageSize(left.bytes)}${files(left.files)} in the final image, from ${where(stepOf, left.layer)}: build-time only`,
			});
		}
	}

	return findings.sort((a, b) => b.bytes - a.bytes);
}
