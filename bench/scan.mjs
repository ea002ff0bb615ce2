// The deep scan against `docker save` of the same image in the same run:
// `stowage analyze IMAGE --json` (the built CLI, as a user runs it: process start,
// engine connection, the scan, the advisor, the JSON) beside `docker save IMAGE
// > /dev/null`, wall time and stowage's peak RSS. The image (~1 GB, 50 layers,
// ~100,000 files) is built once into bench/.cache/engine-scan.
// Alone: `npm run build && node bench/scan.mjs`.
import {spawn, spawnSync} from 'node:child_process';
import {mkdirSync, mkdtempSync, openSync, closeSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {startEngine} from './engine.mjs';
import {median} from './measure.mjs';
import {ensureScanImage, FILE_BYTES, FILES_PER_LAYER, SCAN_IMAGE, SCAN_LAYERS} from './scan-dataset.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const cache = path.join(here, '.cache');
const cli = path.join(here, '..', 'dist', 'cli.js');
export const SCAN_ROUNDS = 3;

/** Runs `args` under rusage.py with stdout into `stdoutFile`; resolves with its usage. */
export function measured(args, stdoutFile, host, work) {
	const usageFile = path.join(work, 'usage.json');
	const out = openSync(stdoutFile, 'w');
	return new Promise((resolve, reject) => {
		const env = {...process.env, DOCKER_HOST: host};
		delete env.DOCKER_CONTEXT;
		const child = spawn('python3', [path.join(here, 'rusage.py'), usageFile, ...args], {env, stdio: ['ignore', out, 'pipe']});
		let stderr = '';
		child.stderr.on('data', chunk => {
			stderr += chunk;
		});
		child.on('error', reject);
		child.on('close', code => {
			closeSync(out);
			if (code !== 0) {
				reject(new Error(`${args.join(' ')} exited ${code}: ${stderr}`));
				return;
			}

			resolve(JSON.parse(readFileSync(usageFile, 'utf8')));
		});
	});
}

export async function measureScan(log = () => {}) {
	mkdirSync(cache, {recursive: true});
	const work = mkdtempSync('/tmp/stowage-bench-scan-');
	const engine = await startEngine(path.join(cache, 'engine-scan'));
	try {
		const dataset = await ensureScanImage(engine.host, message => log(`scan: ${message}`));
		log(dataset.built ? `scan: built ${SCAN_IMAGE} in ${dataset.seconds.toFixed(0)} s` : 'scan: image cached');
		const report = path.join(work, 'report.json');
		const save = [];
		const scan = [];
		// One warm-up of each: the first read of the layers comes from disk.
		await measured(['docker', 'save', SCAN_IMAGE], '/dev/null', engine.host, work);
		await measured([cli, 'analyze', SCAN_IMAGE, '--json'], report, engine.host, work);
		for (let round = 0; round < SCAN_ROUNDS; round++) {
			spawnSync('sync');
			save.push(await measured(['docker', 'save', SCAN_IMAGE], '/dev/null', engine.host, work));
			spawnSync('sync');
			scan.push(await measured([cli, 'analyze', SCAN_IMAGE, '--json'], report, engine.host, work));
			log(`scan: round ${round + 1}: docker save ${(save.at(-1).wallMs / 1000).toFixed(2)} s, stowage analyze ${(scan.at(-1).wallMs / 1000).toFixed(2)} s, ${(scan.at(-1).maxRssKb / 1024).toFixed(0)} MiB`);
		}

		const json = JSON.parse(readFileSync(report, 'utf8'));
		const saveMs = median(save.map(run => run.wallMs));
		const scanMs = median(scan.map(run => run.wallMs));
		return {
			image: SCAN_IMAGE,
			layers: json.layers.length,
			files: json.layers.reduce((sum, layer) => sum + layer.added + layer.modified, 0),
			imageBytes: json.metrics.totalBytes,
			wastedBytes: json.metrics.wastedBytes,
			expectedWastedBytes: FILES_PER_LAYER * FILE_BYTES,
			rounds: SCAN_ROUNDS,
			save,
			scan,
			saveMs,
			scanMs,
			ratio: scanMs / saveMs,
			// Decimal MB, the stricter reading of the target (ru_maxrss counts KiB).
			peakRssMb: Math.max(...scan.map(run => run.maxRssKb)) * 1024 / 1e6,
		};
	} finally {
		await engine.stop();
		rmSync(work, {recursive: true, force: true});
	}
}

/** Prints the scan section; returns its checks. */
export function printScanReport(scan) {
	const checks = [
		{name: 'deep scan wall: stowage analyze / docker save', target: '≤ 1.3×'},
		{name: 'deep scan peak RSS', target: '< 200 MB'},
	];
	if (!scan || scan.error) {
		console.log(`\ndeep scan: FAILED to measure: ${scan?.error ?? 'not run'}`);
		return checks.map(check => ({...check, value: '—', pass: false, status: 'FAIL'}));
	}

	const s = ms => `${(ms / 1000).toFixed(2)} s`;
	console.log(`\ndeep scan of ${scan.image}: ${scan.layers} layers, ${scan.files.toLocaleString('en')} files, ${(scan.imageBytes / 1e9).toFixed(2)} GB · sync before each · median of ${scan.rounds}\n`);
	console.log(`  docker save > /dev/null       ${s(scan.saveMs)}   (${scan.save.map(run => s(run.wallMs)).join(', ')})`);
	console.log(`  stowage analyze --json        ${s(scan.scanMs)}   (${scan.scan.map(run => s(run.wallMs)).join(', ')}), ratio ${scan.ratio.toFixed(2)}×`);
	console.log(`  stowage peak RSS              ${scan.peakRssMb.toFixed(0)} MB`);
	console.log(`  wasted bytes found            ${scan.wastedBytes} (expected ${scan.expectedWastedBytes}: the directory the last step deletes)`);
	console.log('  dive                          not measured: it cannot be built here (no Go toolchain, no internet)');
	return [
		{...checks[0], value: `${scan.ratio.toFixed(2)}×`, pass: scan.ratio <= 1.3},
		{...checks[1], value: `${scan.peakRssMb.toFixed(0)} MB`, pass: scan.peakRssMb < 200},
		{name: 'deep scan finds the deleted directory', value: String(scan.wastedBytes), target: String(scan.expectedWastedBytes), pass: scan.wastedBytes === scan.expectedWastedBytes},
	];
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
	const result = await measureScan(message => console.log(`bench: ${message}`));
	const checks = printScanReport(result);
	for (const check of checks) {
		console.log(`${check.pass ? 'PASS' : 'FAIL'}  ${check.name}: ${check.value} (target ${check.target})`);
	}

	writeFileSync(path.join(cache, 'scan-results.json'), JSON.stringify({...result, checks, layersPerImage: SCAN_LAYERS}, null, '\t') + '\n');
}
