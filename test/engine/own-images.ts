// Images and containers the operation tests make for themselves, and their
// removal: other test files compare the engine with the fixtures, so whatever a
// test adds (including what a failed build leaves) must go again.
import assert from 'node:assert/strict';
import {rmSync} from 'node:fs';
import {after, before} from 'node:test';
import {docker} from '../bed/docker-cli.mjs';
import type {Engine} from '../../source/engine/engine.ts';
import {testEngine} from '../helpers/test-engine.ts';

const legacyBuilder = {DOCKER_BUILDKIT: '0'};

export async function cli(args: string[], options: {input?: string; host?: string} = {}): Promise<string> {
	const result = await docker(args, {...options, env: legacyBuilder});
	assert.equal(result.code, 0, `docker ${args.join(' ')}: ${result.stderr}`);
	return result.stdout.trim();
}

/** `docker build` of a Dockerfile given on stdin (no context); returns the image ID. */
export async function buildFromStdin(ref: string, dockerfile: string, host?: string): Promise<string> {
	await cli(['build', '-q', '-t', ref, '-'], {input: dockerfile, host});
	return cli(['image', 'inspect', '--format', '{{.Id}}', ref], {host});
}

async function lines(args: string[], host?: string): Promise<string[]> {
	return (await cli(args, {host})).split('\n').filter(Boolean);
}

export type Snapshot = {images: Set<string>; containers: Set<string>};

export async function snapshot(host?: string): Promise<Snapshot> {
	return {
		images: new Set(await lines(['images', '-a', '-q', '--no-trunc'], host)),
		containers: new Set(await lines(['ps', '-a', '-q', '--no-trunc'], host)),
	};
}

/** Removes every container and image that is not in `before`, and the tags given. */
export async function removeNewSince(before: Snapshot, tags: string[] = [], host?: string): Promise<void> {
	const containers = (await lines(['ps', '-a', '-q', '--no-trunc'], host)).filter(id => !before.containers.has(id));
	if (containers.length > 0) {
		await docker(['rm', '-f', ...containers], {host});
	}

	if (tags.length > 0) {
		await docker(['rmi', '-f', ...tags], {host});
	}

	// Newest first, so a child goes before its parent.
	const images = (await lines(['images', '-a', '-q', '--no-trunc'], host)).filter(id => !before.images.has(id));
	for (const id of images) {
		await docker(['rmi', '-f', id], {host});
	}
}

/**
 * A test file's client of the test engine, connected before its tests; after
 * them, whatever the file added goes (with `tags` and the `work` dir).
 */
export function withTestEngine(tags: string[], set: (engine: Engine) => void, work?: string): void {
	let engine: Engine | undefined;
	let start: Snapshot;
	before(async () => {
		engine = testEngine();
		await engine.connect();
		set(engine);
		start = await snapshot();
	});
	after(async () => {
		engine?.close();
		if (work) {
			rmSync(work, {recursive: true, force: true});
		}

		await removeNewSince(start, tags);
	});
}
