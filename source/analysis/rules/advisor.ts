// Every rule over one image, largest stake first. Pure.
import type {ScanResult} from '../image-scan.ts';
import type {Advice, AdvisorInput, AdvisorStep, Rule} from './advice.ts';
import {addRule, baseSizeRule, baseTagRule, consecutiveRunRule, toolchainRule} from './image-rules.ts';
import {packageRules} from './package-rules.ts';

const rules: readonly Rule[] = [packageRules, consecutiveRunRule, addRule, baseTagRule, toolchainRule, baseSizeRule];

export function advise(input: AdvisorInput): Advice[] {
	return rules.flatMap(rule => rule(input)).sort((a, b) => (b.bytes ?? 0) - (a.bytes ?? 0) || (a.step ?? 0) - (b.step ?? 0));
}

/** The engine's history (newest first) as the advisor's steps (oldest first). */
export function stepsFromHistory(history: ReadonlyArray<{createdBy: string; size: number}>): AdvisorStep[] {
	return [...history].reverse().map(entry => ({createdBy: entry.createdBy, size: entry.size, emptyLayer: entry.size === 0 && entry.createdBy.includes('#(nop)')}));
}

/** The advisor's input from a deep scan alone: the image's own history and config, and the scan. */
export function inputFromScan(scan: ScanResult): AdvisorInput {
	return {steps: scan.steps.map(step => ({createdBy: step.createdBy, size: step.size, emptyLayer: step.emptyLayer})), env: scan.config.env, labels: scan.config.labels, scan};
}

type Json = Record<string, unknown>;

/** Env and labels from `docker image inspect`. */
export function configFromInspect(inspect: unknown): {env: string[]; labels: Record<string, string>} {
	const config = (inspect as {Config?: Json} | undefined)?.Config ?? {};
	const env = Array.isArray(config.Env) ? config.Env.filter((each): each is string => typeof each === 'string') : [];
	// Looked up by name, never listed: not copied, so 100,000 labels cost nothing here (the rules check each value is a string).
	const labels = typeof config.Labels === 'object' && config.Labels !== null && !Array.isArray(config.Labels) ? config.Labels as Record<string, string> : {};
	return {env, labels};
}
