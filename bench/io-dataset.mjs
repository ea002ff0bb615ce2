// The images the push, save and load measurements move, built offline in the
// bench's own engine (data-root in bench/.cache) and reused by tag on later runs:
// a busybox base (`docker import` of a static busybox rootfs), a 30-layer image
// of ~300 MB and a 10-layer image of ~1 GB, every layer incompressible.
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {docker, run} from '../test/bed/docker-cli.mjs';
import {busyboxRootfs} from '../test/bed/busybox-rootfs.mjs';

export const BASE = 'bench/busybox:base';
export const PUSH_IMAGE = 'bench/push30:latest';
export const PUSH_LAYERS = 30;
export const PUSH_LAYER_BYTES = 10_000_000;
export const BIG_IMAGE = 'bench/big1g:latest';
export const BIG_LAYERS = 10;
export const BIG_LAYER_BYTES = 100_000_000;

async function imageId(host, ref) {
	const result = await docker(['image', 'inspect', '--format', '{{.Id}}', ref], {host});
	return result.code === 0 ? result.stdout.trim() : undefined;
}

function env(work) {
	// An empty config: no credential helper, no context, no stray auth.
	const config = path.join(work, 'config');
	mkdirSync(config, {recursive: true});
	return {DOCKER_BUILDKIT: '0', DOCKER_CONFIG: config};
}

async function must(host, work, args) {
	const result = await docker(args, {host, env: env(work)});
	if (result.code !== 0) throw new Error(`bench: docker ${args.join(' ')} failed (${result.code}):\n${result.stderr}`);
	return result.stdout.trim();
}

export async function importBase(host, work) {
	const rootfs = await busyboxRootfs(path.join(work, 'rootfs'));
	const tar = path.join(work, 'rootfs.tar');
	const packed = await run('tar', ['--owner=0', '--group=0', '--numeric-owner', '-C', rootfs, '-cf', tar, '.']);
	if (packed.code !== 0) throw new Error(`bench: tar of the busybox rootfs failed: ${packed.stderr}`);
	await must(host, work, ['import', '-m', 'stowage bench base', tar, BASE]);
}

async function buildLayers(host, work, ref, layers, bytes) {
	const context = path.join(work, ref.replace(/[/:]/g, '_'));
	mkdirSync(context);
	const steps = Array.from({length: layers}, (_, i) => `RUN head -c ${bytes} /dev/urandom > /l${i + 1}`);
	writeFileSync(path.join(context, 'Dockerfile'), [`FROM ${BASE}`, ...steps, 'CMD ["sh"]', ''].join('\n'));
	await must(host, work, ['build', '-q', '--rm', '--force-rm', '-t', ref, context]);
}

/**
 * Makes the engine hold BASE, PUSH_IMAGE and BIG_IMAGE, building what is missing.
 * Returns {ids: {ref: id}, built: [refs], seconds}.
 */
export async function ensureIoImages(host, log = () => {}) {
	const started = performance.now();
	const built = [];
	const work = mkdtempSync('/tmp/stowage-bench-io-');
	try {
		if (!(await imageId(host, BASE))) {
			await importBase(host, work);
			built.push(BASE);
		}
		for (const [ref, layers, bytes] of [[PUSH_IMAGE, PUSH_LAYERS, PUSH_LAYER_BYTES], [BIG_IMAGE, BIG_LAYERS, BIG_LAYER_BYTES]]) {
			if (await imageId(host, ref)) continue;
			const t0 = performance.now();
			log(`building ${ref}: ${layers} layers × ${bytes / 1e6} MB of /dev/urandom (once; cached in the engine's data-root)`);
			await buildLayers(host, work, ref, layers, bytes);
			built.push(ref);
			log(`  built ${ref} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
		}
		const ids = {};
		for (const ref of [BASE, PUSH_IMAGE, BIG_IMAGE]) ids[ref] = await imageId(host, ref);
		return {ids, built, seconds: (performance.now() - started) / 1000};
	} finally {
		rmSync(work, {recursive: true, force: true});
	}
}
