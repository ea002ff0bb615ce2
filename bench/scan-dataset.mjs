// The deep scan's image, built offline in the bench's own engine (data-root
// bench/.cache/engine-scan) and reused by tag on later runs: the busybox base,
// then 50 layers of 2,000 incompressible 10 kB files each (~1 GB, ~100,000
// files), and a last step that deletes one of those directories (a whiteout).
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {docker} from '../test/bed/docker-cli.mjs';
import {BASE, importBase} from './io-dataset.mjs';

export const SCAN_IMAGE = 'bench/scan50:latest';
export const SCAN_LAYERS = 50;
export const FILES_PER_LAYER = 2000;
export const FILE_BYTES = 10_000;

async function exists(host, ref) {
	return (await docker(['image', 'inspect', ref], {host})).code === 0;
}

export async function ensureScanImage(host, log = () => {}) {
	if (await exists(host, SCAN_IMAGE)) {
		return {built: false};
	}

	const started = performance.now();
	const work = mkdtempSync('/tmp/stowage-bench-scan-');
	const env = {DOCKER_BUILDKIT: '0', DOCKER_CONFIG: path.join(work, 'config')};
	mkdirSync(env.DOCKER_CONFIG);
	try {
		if (!(await exists(host, BASE))) {
			await importBase(host, work);
		}

		log(`building ${SCAN_IMAGE}: ${SCAN_LAYERS} layers × ${FILES_PER_LAYER} files of ${FILE_BYTES / 1000} kB (once; cached in the engine's data-root)`);
		const steps = Array.from({length: SCAN_LAYERS}, (_, i) => `RUN mkdir -p /data/d${i + 1} && cd /data/d${i + 1} && i=0 && while [ $i -lt ${FILES_PER_LAYER} ]; do head -c ${FILE_BYTES} /dev/urandom > f$i; i=$((i+1)); done`);
		const context = path.join(work, 'context');
		mkdirSync(context);
		writeFileSync(path.join(context, 'Dockerfile'), [`FROM ${BASE}`, ...steps, 'RUN rm -rf /data/d1', 'CMD ["sh"]', ''].join('\n'));
		const result = await docker(['build', '-q', '--rm', '--force-rm', '-t', SCAN_IMAGE, context], {host, env});
		if (result.code !== 0) {
			throw new Error(`bench: building ${SCAN_IMAGE} failed:\n${result.stderr}`);
		}

		return {built: true, seconds: (performance.now() - started) / 1000};
	} finally {
		rmSync(work, {recursive: true, force: true});
	}
}
