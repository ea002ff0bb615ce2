export declare const MULTI: 'stowage-multi:1.0';
export declare const MULTI_PLATFORMS: readonly string[];
export declare const MULTI_FILE_BYTES: Readonly<Record<string, number>>;
export declare const MULTI_COMMON: string;

export type MultiPlatformFacts = {
	name: string;
	platforms: readonly string[];
	fileBytes: Readonly<Record<string, number>>;
	/** The index's digest (the image ID on the containerd store). */
	index: string;
	/** Platform ("linux/arm64") → manifest digest. */
	digests: Record<string, string>;
	/** `<registry>/stowage-multi:1.0` when a registry was given. */
	pushed?: string;
};

export declare function findBuildx(): string | undefined;
export declare function engineGet(host: string, path: string): Promise<unknown>;
/** Why the engine can't hold the fixture (API < 1.47, classic store, no buildx), or undefined. */
export declare function multiPlatformUnsupported(host: string): Promise<string | undefined>;
export declare function platformDigests(host: string, name: string): Promise<{index: string; digests: Record<string, string>}>;
/** `name` and `salt`: another image of the same shape, with content of its own. */
export declare function buildMultiPlatform(host: string, options?: {registry?: string; auth?: readonly [string, string]; env?: Record<string, string>; name?: string; salt?: string}): Promise<MultiPlatformFacts | {skipped: string}>;
export declare function pushMultiPlatform(host: string, registry: string, env?: Record<string, string>, name?: string, auth?: readonly [string, string]): Promise<string>;
