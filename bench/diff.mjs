// `stowage diff` against `docker save` of both images in the same run: the scan
// bench's image (~1 GB, 50 layers, ~100,000 files; bench/scan-dataset.mjs) and a
// variant of it whose last step rewrites 10% of those files (10,000 files of new
// bytes, the same sizes: every one a content change the comparison must hash).
// Reference: `docker save A > /dev/null` then `docker save B > /dev/null` (each image
// whole, as stowage reads them); `docker save A B` (shared layers once) is printed too.
// Alone: `npm run build && node bench/diff.mjs`.
import {spawnSync} from 'node:child_process';
import {mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {docker} from '../test/bed/docker-cli.mjs';
import {startEngine} from './engine.mjs';
import {median} from './measure.mjs';
import {measured} from './scan.mjs';
import {ensureScanImage, FILE_BYTES, FILES_PER_LAYER, SCAN_IMAGE, SCAN_LAYERS} from './scan-dataset.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const cache = path.join(here, '.cache');
const cli = path.join(here, '..', 'dist', 'cli.js');
export const VARIANT_IMAGE = 'bench/scan50-variant:latest';
export const DIFF_ROUNDS = 2;
/** 10% of the ~100,000 files, spread over /data/d2…d50 (the image's last step deleted d1): the first 205 of each. */
const changedPerDir = Math.ceil((SCAN_LAYERS * FILES_PER_LAYER) / 10 / (SCAN_LAYERS - 1));

async function ensureVariant(host, log) {
	if ((await docker(['image', 'inspect', VARIANT_IMAGE], {host})).code === 0) {
		return {built: false};
	}

	const started = performance.now();
	const work = mkdtempSync('/tmp/stowage-bench-diff-');
	try {
		log(`building ${VARIANT_IMAGE}: ${SCAN_IMAGE} with ${changedPerDir} files rewritten in each of /data/d2…d${SCAN_LAYERS} (once; cached)`);
		const step = `RUN for d in $(seq 2 ${SCAN_LAYERS}); do i=0; while [ $i -lt ${changedPerDir} ]; do head -c ${FILE_BYTES} /dev/urandom > /data/d$d/f$i; i=$((i+1)); done; done`;
		mkdirSync(path.join(work, 'context'));
		writeFileSync(path.join(work, 'context', 'Dockerfile'), `FROM ${SCAN_IMAGE}\n${step}\n`);
		const result = await docker(['build', '-q', '--rm', '--force-rm', '-t', VARIANT_IMAGE, path.join(work, 'context')], {host, env: {DOCKER_BUILDKIT: '0', DOCKER_CONFIG: path.join(work, 'config')}});
		if (result.code !== 0) {
			throw new Error(`bench: building ${VARIANT_IMAGE} failed:\n${result.stderr}`);
		}

		return {built: true, seconds: (performance.now() - started) / 1000};
	} finally {
		rmSync(work, {recursive: true, force: true});
	}
}

export async function measureDiff(log = () => {}) {
	mkdirSync(cache, {recursive: true});
	const work = mkdtempSync('/tmp/stowage-bench-diff-');
	const engine = await startEngine(path.join(cache, 'engine-scan'));
	try {
		const base = await ensureScanImage(engine.host, message => log(`diff: ${message}`));
		if (base.built) {
			log(`diff: built ${SCAN_IMAGE} in ${base.seconds.toFixed(0)} s`);
		}

		const variant = await ensureVariant(engine.host, message => log(`diff: ${message}`));
		if (variant.built) {
			log(`diff: built ${VARIANT_IMAGE} in ${variant.seconds.toFixed(0)} s`);
		}

		const report = path.join(work, 'diff.json');
		const saves = [];
		const saveOnes = [];
		const together = [];
		const diffs = [];
		await measured(['docker', 'save', SCAN_IMAGE, VARIANT_IMAGE], '/dev/null', engine.host, work);
		for (let round = 0; round < DIFF_ROUNDS; round++) {
			spawnSync('sync');
			const a = await measured(['docker', 'save', SCAN_IMAGE], '/dev/null', engine.host, work);
			const b = await measured(['docker', 'save', VARIANT_IMAGE], '/dev/null', engine.host, work);
			saves.push(a.wallMs + b.wallMs);
			saveOnes.push(a.wallMs);
			spawnSync('sync');
			together.push((await measured(['docker', 'save', SCAN_IMAGE, VARIANT_IMAGE], '/dev/null', engine.host, work)).wallMs);
			spawnSync('sync');
			diffs.push(await measured([cli, 'diff', SCAN_IMAGE, VARIANT_IMAGE, '--json'], report, engine.host, work));
			log(`diff: round ${round + 1}: docker save A; docker save B ${(saves.at(-1) / 1000).toFixed(2)} s, docker save A B ${(together.at(-1) / 1000).toFixed(2)} s, stowage diff ${(diffs.at(-1).wallMs / 1000).toFixed(2)} s, ${(diffs.at(-1).maxRssKb / 1024).toFixed(0)} MiB`);
		}

		// The pager: a file of the first data layer and one of the last, as Enter in the explorer reads them.
		spawnSync('sync');
		const pagerRun = spawnSync(process.execPath, ['--import', 'tsx', path.join(here, 'pager-read.ts'), engine.host, SCAN_IMAGE, '/data/d2/f0', `/data/d${SCAN_LAYERS}/f${FILES_PER_LAYER - 1}`], {encoding: 'utf8', cwd: path.join(here, '..')});
		if (pagerRun.status !== 0) {
			throw new Error(`bench: pager-read failed: ${pagerRun.stderr}`);
		}

		const pager = JSON.parse(pagerRun.stdout.trim().split('\n').at(-1));
		log(`diff: pager: ${pager.reads.map(read => `layer ${read.layer}/${read.layers} ${(read.ms / 1000).toFixed(2)} s`).join(', ')} (the scan before it ${(pager.scanMs / 1000).toFixed(1)} s)`);
		const json = JSON.parse(readFileSync(report, 'utf8'));
		const saveMs = median(saves);
		const diffMs = median(diffs.map(run => run.wallMs));
		return {
			images: [SCAN_IMAGE, VARIANT_IMAGE],
			summary: json.summary,
			expectedChanged: changedPerDir * (SCAN_LAYERS - 1),
			sharedLayers: json.history.sharedLayers,
			rounds: DIFF_ROUNDS,
			saveMs,
			togetherMs: median(together),
			diffMs,
			diffs,
			ratio: diffMs / saveMs,
			peakRssMb: Math.max(...diffs.map(run => run.maxRssKb)) * 1024 / 1e6,
			// One image's save, for the pager's reads to be read against.
			saveOneMs: median(saveOnes),
			pager,
		};
	} finally {
		await engine.stop();
		rmSync(work, {recursive: true, force: true});
	}
}

/** Prints the comparison section; returns its checks. */
export function printDiffReport(result) {
	const checks = [
		{name: 'diff wall: stowage diff / docker save of both', target: '≤ 1.3×'},
		{name: 'diff peak RSS', target: '< 250 MB'},
	];
	if (!result || result.error) {
		console.log(`\ndiff: FAILED to measure: ${result?.error ?? 'not run'}`);
		return checks.map(check => ({...check, value: '—', pass: false, status: 'FAIL'}));
	}

	const s = ms => `${(ms / 1000).toFixed(2)} s`;
	console.log(`\nstowage diff ${result.images.join(' ')} · sync before each · median of ${result.rounds}\n`);
	console.log(`  docker save A; docker save B   ${s(result.saveMs)}`);
	console.log(`  docker save A B                ${s(result.togetherMs)}   (shared layers once; for reference)`);
	console.log(`  stowage diff --json            ${s(result.diffMs)}, ratio ${result.ratio.toFixed(2)}×`);
	console.log(`  stowage peak RSS               ${result.peakRssMb.toFixed(0)} MB`);
	console.log(`  changed files found            ${result.summary.changed.count} (expected ${result.expectedChanged}); shared layers ${result.sharedLayers}`);
	if (result.pager) {
		console.log(`  pager (Enter in the explorer)  ${result.pager.reads.map(read => `${read.path} in layer ${read.layer} of ${read.layers}: ${s(read.ms)}`).join('; ')} (docker save A alone ${s(result.saveOneMs)})`);
	}
	return [
		{...checks[0], value: `${result.ratio.toFixed(2)}×`, pass: result.ratio <= 1.3},
		{...checks[1], value: `${result.peakRssMb.toFixed(0)} MB`, pass: result.peakRssMb < 250},
		{name: 'diff finds every rewritten file', value: String(result.summary.changed.count), target: String(result.expectedChanged), pass: result.summary.changed.count === result.expectedChanged},
	];
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
	const result = await measureDiff(message => console.log(`bench: ${message}`));
	const checks = printDiffReport(result);
	for (const check of checks) {
		console.log(`${check.pass ? 'PASS' : 'FAIL'}  ${check.name}: ${check.value} (target ${check.target})`);
	}

	writeFileSync(path.join(cache, 'diff-results.json'), JSON.stringify({...result, checks}, null, '\t') + '\n');
}
