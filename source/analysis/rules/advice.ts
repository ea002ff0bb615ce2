// What the advisor says, and what it reads: history and config, and the deep
// scan's result when there is one (exact bytes, os-release).
import type {ScanResult} from '../image-scan.ts';

export type AdvisorStep = {createdBy: string; size?: number; emptyLayer?: boolean};

export type AdvisorInput = {
	/** Oldest first. */
	steps: readonly AdvisorStep[];
	env: readonly string[];
	labels: Readonly<Record<string, string>>;
	scan?: ScanResult;
};

export type Advice = {
	/** hadolint's code where one exists (DL3009), else our own name. */
	rule: string;
	title: string;
	/** 1-based history step, oldest first. */
	step?: number;
	createdBy?: string;
	/** Bytes at stake: exact when `exact` (from the deep scan), else the step's whole size, an upper bound. */
	bytes?: number;
	exact: boolean;
	message: string;
	fix: string;
};

export type Rule = (input: AdvisorInput) => Advice[];
