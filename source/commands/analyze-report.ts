// `stowage analyze` as text: the numbers, the layers, the findings, the advice
// and the CI verdict. Everything from the image passes through sanitizeLine.
import type {CiResult} from '../analysis/dive-ci.ts';
import type {ScanResult} from '../analysis/image-scan.ts';
import type {Advice} from '../analysis/rules/advice.ts';
import {incompleteNote} from '../analysis/scan-completeness.ts';
import {formatImageSize} from '../format/size.ts';
import {inertJson, sanitizeLine} from '../format/sanitize.ts';
import {formatTable} from '../format/table.ts';

export type AnalyzeReport = {image: string; scan: ScanResult; advice: Advice[]; ci?: CiResult[]};

const percent = (ratio: number) => `${(ratio * 100).toFixed(1)}%`;
const shorten = (text: string, width: number) => (text.length > width ? `${text.slice(0, width - 1)}…` : text);
const stripShell = (createdBy: string) => createdBy.replace(/^\/bin\/sh -c (?:#\(nop\)\s+)?/, '');
/** Findings shown in the text report; --json has them all. */
const shownFindings = 20;

export function formatReport({image, scan, advice, ci}: AnalyzeReport): string {
	const {metrics} = scan;
	const lines: string[] = [
		`Image: ${sanitizeLine(image)}${scan.platform ? ` ${sanitizeLine(scan.platform)}` : ''}  (${scan.steps.length} steps, ${scan.layers.length} layers${scan.osRelease?.prettyName ? `, ${sanitizeLine(scan.osRelease.prettyName)}` : ''})`,
		...[incompleteNote(scan)].filter(note => note !== undefined).map(note => `  ${note}`),
		`  efficiency     ${percent(metrics.efficiency)}  (bytes in the final filesystem / bytes written by all layers; dive's score: ${percent(metrics.dive.efficiency)})`,
		`  wasted         ${formatImageSize(metrics.wastedBytes)}  (dive counts ${formatImageSize(metrics.dive.wastedBytes)})`,
		`  user wasted    ${formatImageSize(metrics.userWastedBytes)} of ${formatImageSize(metrics.userBytes)} added over the base layer (${percent(metrics.userWastedPercent)})`,
		'',
		formatTable([
			['STEP', 'SIZE', 'WASTED', 'FILES', 'CREATED BY'],
			...scan.layers.map(layer => [String(layer.step ?? '?'), formatImageSize(layer.size), formatImageSize(layer.wastedBytes), `+${layer.added} ~${layer.modified} -${layer.removed}`, shorten(sanitizeLine(stripShell(layer.createdBy)), 60)]),
		]),
	];
	lines.push('', scan.findings.length === 0 ? 'Findings: none' : 'Findings');
	for (const finding of scan.findings.slice(0, shownFindings)) {
		lines.push(`  ${sanitizeLine(finding.message)}`);
	}

	if (scan.findings.length > shownFindings) {
		lines.push(`  … and ${scan.findings.length - shownFindings} more (--json lists them all)`);
	}

	lines.push('', advice.length === 0 ? 'Advice: none' : 'Advice');
	for (const each of advice) {
		const bytes = each.bytes === undefined ? '' : `  ${each.exact ? '' : 'up to '}${formatImageSize(each.bytes)}`;
		lines.push(`  ${each.rule}  ${each.title}${bytes}`, `      ${sanitizeLine(each.message)}`, ...each.fix.split('\n').map((line, index) => `      ${index === 0 ? '→ ' : '    '}${line}`));
	}

	for (const error of scan.errors) {
		lines.push(`warning: ${sanitizeLine(error)}`);
	}

	if (ci) {
		lines.push('', 'CI rules');
		for (const result of ci) {
			lines.push(`  ${result.status.toUpperCase()}  ${result.rule}: ${result.message}`);
		}

		lines.push(`Result: ${ci.some(result => result.status === 'fail') ? 'FAIL' : 'PASS'}`);
	}

	return lines.join('\n') + '\n';
}

/** --json: everything but the per-file lists and the tree. */
export function jsonReport({image, scan, advice, ci}: AnalyzeReport): string {
	return inertJson({
		image,
		repoTags: scan.repoTags,
		// Only for an index of several platforms: the scanned one.
		platform: scan.platform,
		os: scan.osRelease,
		metrics: scan.metrics,
		layers: scan.layers,
		steps: scan.steps,
		findings: scan.findings,
		advice,
		ci: ci && {pass: !ci.some(result => result.status === 'fail'), rules: ci},
		errors: scan.errors,
	}, 2) + '\n';
}
