import {createdAgo} from '../format/duration.ts';
import {formatImageSize} from '../format/size.ts';
import type {HistoryEntry} from '../engine/types.ts';
import {stepSeconds} from './build-steps.ts';
import type {Job} from './jobs.ts';

/** The detail view of one history step, as lines. */
export function stepLines(entry: HistoryEntry, now = Date.now()): string[] {
	const created = entry.created > 0 ? `${new Date(entry.created * 1000).toISOString()} (${createdAgo(entry.created, now)})` : 'unknown';
	return [
		`IMAGE    ${entry.id}`,
		`CREATED  ${created}`,
		`SIZE     ${formatImageSize(entry.size)} (${entry.size} bytes)`,
		...(entry.tags.length > 0 ? [`TAGS     ${entry.tags.join(', ')}`] : []),
		...(entry.comment ? [`COMMENT  ${entry.comment}`] : []),
		'',
		'CREATED BY',
		entry.createdBy || '(empty)',
	];
}

/** A job's full record: outcome, layers, then every line it logged. */
export function jobLogLines(job: Job): string[] {
	return [
		`STATUS   ${job.status}${job.error ? `: ${job.error}` : ''}`,
		...(job.result ? [`RESULT   ${job.result}`] : []),
		...(job.progress.digest ? [`DIGEST   ${job.progress.digest}`] : []),
		`STARTED  ${new Date(job.startedAt).toISOString()}`,
		...(job.progress.layers.length > 0 ? ['', 'LAYERS', ...job.progress.layers.map(layer => `${layer.id}  ${layer.status}`)] : []),
		...(job.progress.steps && job.progress.steps.length > 0 ? ['', 'STEPS', ...job.progress.steps.map(step => `${`#${step.number}`.padEnd(4)} ${step.state.padEnd(7)} ${stepSeconds(step, job.endedAt ?? Date.now()).padStart(6)}  ${step.name}`)] : []),
		'',
		'LOG',
		...(job.progress.log.length > 0 ? job.progress.log : ['(empty)']),
	];
}
