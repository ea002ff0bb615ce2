/** `count` distinct free ports on 127.0.0.1. */
export declare function freePorts(count?: number): Promise<number[]>;
export declare function freePort(): Promise<number>;
