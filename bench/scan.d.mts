export interface Measured {
	wallMs: number;
	maxRssKb: number;
	[key: string]: unknown;
}

/** Runs `args` under bench/rusage.py with DOCKER_HOST=host, stdout into `stdoutFile`: its wall time and peak RSS. */
export declare function measured(args: string[], stdoutFile: string, host: string, work: string): Promise<Measured>;
