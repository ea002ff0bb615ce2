import assert from 'node:assert/strict';
import {parseHost} from '../../source/engine/endpoint.ts';
import {createDockerEngine} from '../../source/engine/docker-client.ts';
import type {Engine} from '../../source/engine/engine.ts';
import {engineName, notOn} from './engine-matrix.ts';

export {engineName} from './engine-matrix.ts';

export function testHost(): string {
	const host = process.env.STOWAGE_TEST_DOCKER_HOST;
	if (!host) {
		throw new Error('STOWAGE_TEST_DOCKER_HOST is not set: run the tests through `npm test` (test/bed/run.mjs)');
	}

	return host;
}

/** Podman's Docker-compatible API (test/bed/podman.mjs): its answers differ in known ways, see ENGINE-NOTES. */
export function isPodman(): boolean {
	return engineName().startsWith('podman');
}

/**
 * A test that cannot apply on Podman says so in its name on every engine, and is
 * skipped there with that reason: `test(...notOnPodman('no BuildKit', 'builds …'), …)`.
 */
export function notOnPodman(because: string, name: string): ReturnType<typeof notOn> {
	return notOn(['podman-4.3'], because, name);
}

/**
 * How long a live update may take on the engine under test: Podman 4.3 answers
 * GET /images/json in ~0.6 s at the bed's ~80 images (dockerd in ~10 ms), and a
 * refresh after an event waits for it.
 */
export function withinEngineTime(ms: number): number {
	return isPodman() ? ms * 4 : ms;
}

/** A client of the isolated test engine, the same one the CLI builds. */
export function testEngine(): Engine {
	return createDockerEngine(parseHost(testHost()));
}

/** What `engine.connect()` threw (the engine is closed after); fails the test if it connected. */
export async function connectError(engine: Engine): Promise<unknown> {
	try {
		await engine.connect();
	} catch (error) {
		return error;
	} finally {
		engine.close();
	}

	return assert.fail(`connecting to ${engine.endpoint.url} should have failed`);
}

/** Polls until `check` returns a value (not undefined/false), or fails with the last state. */
export async function waitFor<T>(check: () => T | undefined | false, what: string, timeoutMs = 5000, describe?: () => string): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = check();
		if (value !== undefined && value !== false) {
			return value;
		}

		if (Date.now() > deadline) {
			throw new Error(`timed out waiting for ${what}${describe ? `\n--- last state ---\n${describe()}` : ''}`);
		}

		await new Promise(resolve => setTimeout(resolve, 20));
	}
}
