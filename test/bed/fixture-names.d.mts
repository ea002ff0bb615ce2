export declare const SMALL: 'stowage-z:small';
export declare const BIG: 'stowage-m:big';
export declare const BASE: 'stowage-base:1.0';
export declare const BASE_LATEST: 'stowage-base:latest';
export declare const HOSTILE_BASE: 'stowage-hostile-base:1';
export declare const APP: 'stowage-app:1.0';
export declare const APP_LATEST: 'stowage-app:latest';
export declare const APP_REGISTRY: 'localhost:5000/team/stowage-app:1.0';
export declare const USED: 'stowage-used:1.0';
export declare const USED_CONTAINER: 'stowage-used-ctr';
export declare const DANGLING_TAG: 'stowage-dangling:tmp';
export declare const HOSTILE: 'stowage-hostile:1.0';
export declare const ALL_TAGS: readonly string[];

export declare const BASE_COMMENT: string;
export declare const APP_LABEL: {readonly key: string; readonly value: string};
export declare const APP_ENV: string;
export declare const PAYLOAD_BYTES: number;
export declare const ZEROS_BYTES: number;
export declare const BIG_BYTES: number;

export declare const HOSTILE_TITLE: string;
export declare const HOSTILE_CLEAR: string;
export declare const HOSTILE_TEXT: string;
export declare const HOSTILE_LABEL: {readonly key: string; readonly value: string};
export declare const HOSTILE_COMMENT: string;

export interface FixtureFacts {
	/** Full image ID (sha256:…) of every tag in ALL_TAGS. */
	ids: Record<string, string>;
	/** Full ID of the untagged image left by building DANGLING_TAG twice. */
	danglingId: string;
	usedContainer: string;
	usedContainerId: string;
	/** One reference per image (the dangling one by ID), oldest first, each in its own second. */
	createdOrder: string[];
}

export declare function fixtureFacts(): FixtureFacts;
