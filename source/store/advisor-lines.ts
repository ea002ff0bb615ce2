// The advisor overlay's text: advice (from history at once, exact after the
// deep scan), then the scan's numbers and findings. Pure.
import type {ScanResult} from '../analysis/image-scan.ts';
import type {Advice} from '../analysis/rules/advice.ts';
import {incompleteNote} from '../analysis/scan-completeness.ts';
import {formatImageSize} from '../format/size.ts';
import {sanitizeLine} from '../format/sanitize.ts';

const percent = (ratio: number) => `${(ratio * 100).toFixed(1)}%`;

export function advisorLines(advice: readonly Advice[], scan: ScanResult | undefined): string[] {
	const lines: string[] = [];
	if (scan) {
		const {metrics} = scan;
		lines.push(
			`efficiency ${percent(metrics.efficiency)} (dive's score ${percent(metrics.dive.efficiency)}) · wasted ${formatImageSize(metrics.wastedBytes)} (dive counts ${formatImageSize(metrics.dive.wastedBytes)}) · user wasted ${percent(metrics.userWastedPercent)} of ${formatImageSize(metrics.userBytes)}`,
			...[incompleteNote(scan)].filter(note => note !== undefined).map(note => `warning: ${note}`),
			'',
		);
	} else {
		lines.push('From the history alone; press D for the deep scan (exact paths and bytes).', '');
	}

	lines.push(advice.length === 0 ? 'Advice: none' : 'Advice');
	for (const each of advice) {
		const bytes = each.bytes === undefined ? '' : ` · ${each.exact ? '' : 'up to '}${formatImageSize(each.bytes)}`;
		lines.push(`${each.rule}  ${each.title}${bytes}`, `    ${sanitizeLine(each.message)}`, ...each.fix.split('\n').map((line, index) => `    ${index === 0 ? '→ ' : '  '}${line}`));
	}

	if (scan) {
		lines.push('', scan.findings.length === 0 ? 'Findings: none' : 'Findings');
		for (const finding of scan.findings) {
			lines.push(`  ${sanitizeLine(finding.message)}`);
		}

		for (const error of scan.errors) {
			lines.push(`warning: ${sanitizeLine(error)}`);
		}
	}

	return lines;
}
