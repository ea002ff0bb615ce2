import type {DockerdKind, TestEngine} from './engine.d.mts';

export interface MatrixEngine {
	name: string;
	start(): Promise<TestEngine & {kind?: DockerdKind; cli?: string; buildx?: string}>;
}

export declare const engines: MatrixEngine[];
export declare function selectEngines(list?: string): MatrixEngine[];
/** A dockerd whose image store is the other kind: graph driver for 'containerd', else the containerd store. */
export declare function otherStoreKind(imageStore: string): DockerdKind;
export declare function engineFacts(host: string): Promise<{version: string; api: string; minApi: string; imageStore: string; driver: string}>;
