// `stowage diff` as text and as JSON: the summary line, the histories side by
// side, the tree of changes largest first. Everything from the images passes
// through sanitizeLine.
import {changedPaths, type DiffNode, type DiffSummary, type ImageDiff, type PathState} from '../analysis/image-diff.ts';
import type {HistoryDiff} from '../analysis/history-diff.ts';
import type {HistoryStep} from '../analysis/types.ts';
import {clip, fitCells} from '../format/clip.ts';
import {formatImageSize} from '../format/size.ts';
import {inertJson, sanitizeLine} from '../format/sanitize.ts';

export type DiffReport = {
	from: {image: string; steps: number; layers: number};
	to: {image: string; steps: number; layers: number};
	files: ImageDiff;
	history: HistoryDiff;
	errors: string[];
};

const minus = '\u2212';

/** `+3.4MB`, `−120kB`, `0B`: docker's units with a sign. */
export function signedSize(bytes: number): string {
	return (bytes < 0 ? minus : bytes > 0 ? '+' : '') + formatImageSize(Math.abs(bytes));
}

/** `+12 files (+3.4MB) −2 (−120kB) ~7 (+800kB)`. */
export function summaryLine(summary: DiffSummary): string {
	const {added, removed, changed} = summary;
	return `+${added.count} files (${signedSize(added.bytes)}) ${minus}${removed.count} (${signedSize(-removed.bytes)}) ~${changed.count} (${signedSize(changed.bytes)})`;
}

const octal = (mode: number) => mode.toString(8).padStart(4, '0');

/** What changed about a path, in words: `size 1MB → 2MB, mode 0644 → 0755`. */
export function describeChange(node: DiffNode): string {
	const {before, after} = node;
	if (node.change === 'added' || node.change === 'removed') {
		const state = (after ?? before)!;
		const files = node.changes - 1;
		return state.kind === 'dir' ? `${files} ${files === 1 ? 'path' : 'paths'}` : sizeOrLink(state);
	}

	if (!before || !after) {
		return '';
	}

	return (node.reasons ?? []).map(reason => {
		switch (reason) {
			case 'type': {
				return `${before.kind} → ${after.kind}`;
			}

			case 'size': {
				return `size ${formatImageSize(before.size)} → ${formatImageSize(after.size)}`;
			}

			case 'mode': {
				return `mode ${octal(before.mode!)} → ${octal(after.mode!)}`;
			}

			case 'owner': {
				return `owner ${before.uid}:${before.gid} → ${after.uid}:${after.gid}`;
			}

			case 'link': {
				return `link ${sanitizeLine(before.link ?? '')} → ${sanitizeLine(after.link ?? '')}`;
			}

			case 'content': {
				return 'content';
			}
		}

		return reason;
	}).join(', ');
}

function sizeOrLink(state: PathState): string {
	if (state.link !== undefined) {
		return `${state.kind === 'hardlink' ? 'link to' : '→'} ${sanitizeLine(state.link)}`;
	}

	return state.kind === 'file' ? formatImageSize(state.size) : state.kind;
}

const marks = {added: '+', removed: minus, changed: '~'} as const;
const stripShell = (createdBy: string) => createdBy.replace(/^\/bin\/sh -c (?:#\(nop\)\s+)?/, '').trim();
const stepWidth = 48;

function stepCell(step: HistoryStep | undefined, width: number): string {
	if (!step) {
		return '';
	}

	const size = step.layer === undefined ? '' : ` (${formatImageSize(step.size ?? 0)})`;
	return clip(sanitizeLine(stripShell(step.createdBy)), width - size.length) + size;
}

export function historyLines(report: DiffReport): string[] {
	const {history} = report;
	const head = history.divergeAt === undefined
		? `History: the same ${history.rows.length} steps`
		: `History: ${history.divergeAt - 1} ${history.divergeAt === 2 ? 'step' : 'steps'} shared (${history.sharedLayers} ${history.sharedLayers === 1 ? 'layer' : 'layers'}), parting at step ${history.divergeAt}`;
	const number = String(history.rows.length).length;
	const line = (step: string, mark: string, a: string, b: string) => `  ${step.padStart(number)} ${mark} ${fitCells(a, stepWidth)}  ${b}`.trimEnd();
	return [
		head,
		line('', ' ', clip(sanitizeLine(report.from.image), stepWidth), clip(sanitizeLine(report.to.image), stepWidth)),
		...history.rows.map((row, index) => line(String(index + 1), row.shared ? '=' : row.layerInOther ? '≈' : '≠', stepCell(row.a, stepWidth), row.shared ? '' : stepCell(row.b, stepWidth))),
	];
}

/** The tree of changes, largest first; added and removed directories as one line each. `nodes` gets the node of each line. */
export function treeLines(root: DiffNode, nodes?: DiffNode[]): string[] {
	const lines: string[] = [];
	const visit = (node: DiffNode, depth: number) => {
		const mark = node.change ? marks[node.change] : ' ';
		const detail = node.change ? describeChange(node) : '';
		const name = depth === 0 ? node.path : node.name;
		nodes?.push(node);
		lines.push(`${signedSize(node.delta).padStart(9)}  ${mark} ${'  '.repeat(depth)}${sanitizeLine(name)}${(node.after ?? node.before)?.kind === 'dir' ? '/' : ''}${detail ? `  ${detail}` : ''}`);
		if (node.change === 'added' || node.change === 'removed') {
			return;
		}

		for (const child of node.children) {
			visit(child, depth + 1);
		}
	};

	for (const child of root.children) {
		visit(child, 0);
	}

	return lines;
}

export function formatDiff(report: DiffReport): string {
	const side = (each: DiffReport['from']) => `${sanitizeLine(each.image)} (${each.steps} steps, ${each.layers} layers)`;
	const changes = treeLines(report.files.root);
	const lines = [
		`Comparing ${side(report.from)} with ${side(report.to)}`,
		summaryLine(report.files.summary),
		'',
		...historyLines(report),
		'',
		changes.length === 0 ? 'Files: no differences' : 'Files (largest change first)',
		...changes.map(line => `  ${line}`),
		...report.errors.map(error => `warning: ${sanitizeLine(error)}`),
	];
	return lines.join('\n') + '\n';
}

const jsonState = (state: PathState | undefined) => state && {
	type: state.kind, size: state.size, mode: state.mode === undefined ? undefined : octal(state.mode), uid: state.uid, gid: state.gid, link: state.link,
};

/** --json: the summary, every changed path, the directories' deltas, the history rows. */
export function jsonDiff(report: DiffReport): string {
	const changes = [];
	const directories = [];
	for (const node of changedPaths(report.files.root)) {
		changes.push({path: node.path, change: node.change, reasons: node.reasons, delta: node.delta, before: jsonState(node.before), after: jsonState(node.after)});
	}

	const dirs = [report.files.root];
	while (dirs.length > 0) {
		const node = dirs.pop()!;
		if (node.children.length > 0) {
			directories.push({path: node.path, delta: node.delta, changes: node.changes});
			dirs.push(...node.children);
		}
	}

	directories.sort((a, b) => Math.abs(b.delta) - Math.abs(a.delta) || (a.path < b.path ? -1 : 1));
	const step = (each: HistoryStep | undefined, digest: string | undefined) => each && {step: each.step, createdBy: each.createdBy, emptyLayer: each.emptyLayer, size: each.size, digest};
	return inertJson({
		from: report.from,
		to: report.to,
		summary: report.files.summary,
		changes,
		directories,
		history: {
			divergeAt: report.history.divergeAt,
			sharedLayers: report.history.sharedLayers,
			rows: report.history.rows.map(row => ({shared: row.shared, layerInOther: row.layerInOther, from: step(row.a, row.digestA), to: step(row.b, row.digestB)})),
		},
		errors: report.errors,
	}, 2) + '\n';
}
