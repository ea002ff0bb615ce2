export declare function tapSummary(tap: string): {tests: number; pass: number; fail: number; skipped: number; cancelled: number};
