import type {TestEngine} from './engine.d.mts';

export interface PodmanFacts {
	version: string;
	api: string;
	minApi: string;
	/** Always 'containers-storage': Podman keeps images in containers/storage. */
	imageStore: string;
	/** The storage driver (overlay, vfs). */
	driver: string;
}

export interface TestPodman extends TestEngine {
	name: 'podman-4.3';
	facts: PodmanFacts;
}

export declare const PODMAN: 'podman-4.3';
/** Podman 4.3's `system service` on a socket of its own, isolated from the system's podman storage. */
export declare function startPodman(options?: {timeoutMs?: number}): Promise<TestPodman>;
