// Small images and image lists for tests that start engines of their own.
import {randomBytes} from 'node:crypto';
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {docker, run} from '../bed/docker-cli.mjs';
import type {Engine} from '../../source/engine/engine.ts';
import {toRows} from '../../source/store/image-rows.ts';

/** `docker import` of a one-file tar into the engine at `host`: an image in ~100 ms, no registry needed. Returns its ID. */
export async function importImage(host: string, ref: string): Promise<string> {
	return importFile(host, ref, 'hello.txt', `${ref}\n`);
}

/**
 * The same with one layer of `bytes` random bytes, found nowhere else and not compressible:
 * every push, pull, save and load moves all of it (long enough for a fault to land mid-way).
 */
export async function importRandomImage(host: string, ref: string, bytes: number): Promise<string> {
	return importFile(host, ref, 'data.bin', randomBytes(bytes));
}

async function importFile(host: string, ref: string, name: string, body: string | Buffer): Promise<string> {
	const work = mkdtempSync('/tmp/stowage-img-');
	try {
		mkdirSync(path.join(work, 'root'));
		writeFileSync(path.join(work, 'root', name), body);
		const tar = await run('tar', ['--owner=0', '--group=0', '--numeric-owner', '-C', path.join(work, 'root'), '-cf', path.join(work, 'image.tar'), '.']);
		if (tar.code !== 0) {
			throw new Error(`tar failed: ${tar.stderr}`);
		}

		const result = await docker(['import', path.join(work, 'image.tar'), ref], {host, env: {DOCKER_CONFIG: work}});
		if (result.code !== 0) {
			throw new Error(`docker import ${ref} failed: ${result.stderr}`);
		}

		return result.stdout.trim();
	} finally {
		rmSync(work, {recursive: true, force: true});
	}
}

/** "repo:tag shortid" per row, sorted: what stowage lists. */
export async function stowageImageLines(engine: Engine): Promise<string[]> {
	return toRows(await engine.listImages()).map(row => `${row.repository}:${row.tag} ${row.shortId}`).sort();
}

/** The same lines from `docker images` against `host`. */
export async function dockerImageLines(host: string): Promise<string[]> {
	const result = await docker(['images', '--format', '{{.Repository}}:{{.Tag}} {{.ID}}'], {host});
	if (result.code !== 0) {
		throw new Error(`docker images failed: ${result.stderr}`);
	}

	return result.stdout.trim().split('\n').filter(Boolean).sort();
}

/** Runs `body` with some process.env variables set (or, as undefined, removed), then puts them back. */
export async function withEnv<T>(vars: Record<string, string | undefined>, body: () => Promise<T>): Promise<T> {
	const saved = Object.entries(vars).map(([name]) => [name, process.env[name]] as const);
	for (const [name, value] of Object.entries(vars)) {
		if (value === undefined) {
			delete process.env[name];
		} else {
			process.env[name] = value;
		}
	}

	try {
		return await body();
	} finally {
		for (const [name, value] of saved) {
			if (value === undefined) {
				delete process.env[name];
			} else {
				process.env[name] = value;
			}
		}
	}
}
