// Images and containers the operation tests make for themselves, and their
// removal: other test files compare the engine with the fixtures, so whatever a
// test adds (including what a failed build leaves) must go again.
import assert from 'node:assert/strict';
import {docker} from '../bed/docker-cli.mjs';

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
