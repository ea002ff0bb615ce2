export interface BenchEngine {
	host: string;
	dataRoot: string;
	stop(): Promise<void>;
}

/** A dockerd of the test bed with its data-root at `dataRoot` (kept between runs). */
export declare function startEngine(dataRoot: string, options?: {timeoutMs?: number}): Promise<BenchEngine>;
