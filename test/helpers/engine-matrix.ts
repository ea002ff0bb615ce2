// Which engine of the matrix a test runs on (test/bed/engines.mjs), so a test can
// expect each engine's own wording, and declare openly where it does not apply.
import type {TestOptions} from 'node:test';

export type EngineFacts = {
	version: string;
	api: string;
	minApi: string;
	/** 'containerd' for the containerd image store, else the graph driver (overlay2, …). */
	imageStore: string;
	driver: string;
};

/** The matrix name (docker-20.10, docker-26.1, docker-28.5-containerd, podman-4.3, or custom). */
export function engineName(): string {
	return process.env.STOWAGE_TEST_ENGINE ?? 'custom';
}

export function engineFacts(): EngineFacts {
	const json = process.env.STOWAGE_TEST_ENGINE_FACTS;
	if (!json) {
		throw new Error('STOWAGE_TEST_ENGINE_FACTS is not set: run the tests through test/bed/run.mjs');
	}

	return JSON.parse(json) as EngineFacts;
}

/** Whether images live in containerd's content store (IDs are manifest digests, saves are OCI layouts). */
export function onContainerdStore(): boolean {
	return engineFacts().imageStore === 'containerd';
}

/**
 * The value for the engine under test, from a table keyed by engine name; `other` covers
 * the rest. A missing entry throws, so a new engine must state its expectation.
 */
export function perEngine<T>(table: Readonly<Record<string, T>>): T {
	const name = engineName();
	const value = table[name] ?? table['other'];
	if (value === undefined) {
		throw new Error(`no expectation for engine ${name} (have ${Object.keys(table).join(', ')})`);
	}

	return value;
}

/**
 * A test that cannot apply to some engines says so in its name on every engine,
 * e.g. `pushes (not on podman-4.3: no BuildKit)`, and is skipped there with that reason.
 * Use as `test(...notOn(['podman-4.3'], 'no BuildKit', 'pushes'), async () => …)`.
 */
export function notOn(engines: readonly string[], because: string, name: string): [string, TestOptions] {
	const skip = engines.includes(engineName()) ? `${engineName()}: ${because}` : false;
	return [`${name} (not on ${engines.join(', ')}: ${because})`, {skip}];
}
