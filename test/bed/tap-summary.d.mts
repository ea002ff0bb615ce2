export declare function tapSummary(tap: string): {tests: number; pass: number; fail: number; skipped: number; cancelled: number};
export declare function tapFailures(tap: string, errorLines?: number): Array<{name: string; location: string; error: string[]}>;
