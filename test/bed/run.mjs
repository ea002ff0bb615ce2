// `npm test` entry: for each engine of the matrix (engines.mjs), a real engine and
// its fixtures, then node's test runner. test/unit and test/ui run once, with the
// first engine; test/bed, test/engine and test/e2e run on every engine.
// STOWAGE_TEST_ENGINES=a,b picks engines; STOWAGE_TEST_DOCKER_HOST reuses one engine.
import {spawn} from 'node:child_process';
import {mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {ensurePrereqs} from './prereqs.mjs';
import {engineFacts, selectEngines} from './engines.mjs';
import {buildFixtures} from './fixtures.mjs';
import {tapFailures, tapSummary} from './tap-summary.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const seconds = since => ((performance.now() - since) / 1000).toFixed(1);
const once = ['test/unit/', 'test/ui/'];

function findTests(dir) {
	return readdirSync(dir, {withFileTypes: true}).flatMap(entry => {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : findTests(full);
		return /\.test\.tsx?$/.test(entry.name) ? [path.relative(root, full)] : [];
	});
}

let runner;
// A Ctrl-C reaches the runner by itself; a signal sent to us alone must be passed on.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => runner?.kill(signal));

async function runTests(files, env, tap) {
	const args = ['--import', 'tsx', '--test', '--test-concurrency=1',
		'--test-reporter=spec', '--test-reporter-destination=stdout', '--test-reporter=tap', `--test-reporter-destination=${tap}`, ...files];
	runner = spawn(process.execPath, args, {cwd: root, env, stdio: 'inherit'});
	const code = await new Promise(resolve => runner.on('exit', (status, signal) => resolve(status ?? (signal ? 1 : 0))));
	runner = undefined;
	return code;
}

// One engine: start it (unless given a host), fixtures, the tests. Returns a summary row.
async function runOn(entry, files) {
	const started = performance.now();
	const row = {name: entry.name, files: files.length, ok: false};
	let engine;
	const config = mkdtempSync('/tmp/stowage-cfg-');
	try {
		let host = entry.host;
		if (host) {
			console.log(`bed: using the engine at ${host}`);
		} else {
			engine = await entry.start();
			host = engine.host;
			console.log(`bed: ${entry.name} up in ${seconds(started)} s at ${host}`);
		}
		const facts = await engineFacts(host);
		console.log(`bed: ${entry.name} is ${facts.version} (API ${facts.api}, image store ${facts.imageStore})`);
		if (engine?.buildx) {
			mkdirSync(path.join(config, 'cli-plugins'));
			symlinkSync(engine.buildx, path.join(config, 'cli-plugins', 'docker-buildx'));
		}
		let phase = performance.now();
		const fixtures = await buildFixtures(host);
		console.log(`bed: ${entry.name} fixtures built in ${seconds(phase)} s`);

		const env = {
			...process.env,
			...(engine?.cli ? {PATH: `${engine.cli}:${process.env.PATH}`} : {}),
			DOCKER_HOST: host,
			STOWAGE_TEST_DOCKER_HOST: host,
			STOWAGE_TEST_ENGINE: entry.name,
			STOWAGE_TEST_ENGINE_FACTS: JSON.stringify(facts),
			STOWAGE_TEST_DOCKERD: JSON.stringify(engine?.kind ?? {}),
			STOWAGE_TEST_FIXTURES: JSON.stringify(fixtures),
			DOCKER_CONFIG: config,
			// Hosts opened with --host are remembered there: not in the real home.
			XDG_STATE_HOME: config,
			// And the UI bundle's code cache (source/start/code-cache.ts).
			XDG_CACHE_HOME: config,
			// CI runs with CI=true, which makes Ink render as non-interactive.
			CI: 'false',
			FORCE_COLOR: '0',
		};
		delete env.CONTINUOUS_INTEGRATION;
		delete env.DOCKER_CONTEXT;
		phase = performance.now();
		const tap = path.join(config, 'report.tap');
		const code = await runTests(files, env, tap);
		const report = readFileSync(tap, 'utf8');
		Object.assign(row, tapSummary(report), {failures: tapFailures(report), ok: code === 0, testSeconds: seconds(phase)});
	} catch (error) {
		row.error = error instanceof Error ? error.message : String(error);
		console.error(`bed: ${entry.name}: ${row.error}`);
	} finally {
		if (engine) await engine.stop();
		rmSync(config, {recursive: true, force: true});
	}
	row.seconds = seconds(started);
	return row;
}

let code = 1;
try {
	const started = performance.now();
	ensurePrereqs();
	// `node test/bed/run.mjs FILE…` runs just those files, with the same bed.
	// `node test/bed/run.mjs --faults` runs the fault-injection suite alone (test/*/fault-*.test.ts*).
	const named = process.argv.slice(2);
	const everything = findTests(path.join(root, 'test')).sort();
	const all = named[0] === '--faults' ? everything.filter(file => path.basename(file).startsWith('fault-'))
		: named.length > 0 ? named.map(file => path.relative(root, path.resolve(file))) : everything;
	const shared = all.filter(file => once.some(dir => file.startsWith(dir)));
	const perEngine = all.filter(file => !shared.includes(file));
	const host = process.env.STOWAGE_TEST_DOCKER_HOST;
	const entries = host ? [{name: process.env.STOWAGE_TEST_ENGINE ?? 'custom', host}] : selectEngines();
	const rows = [];
	for (const [index, entry] of entries.entries()) {
		const files = index === 0 ? [...shared, ...perEngine] : perEngine;
		if (files.length === 0) continue;
		console.log(`\nbed: ── ${entry.name}: ${files.length} test files ──`);
		rows.push(await runOn(entry, files));
	}
	console.log(`\nbed: matrix (${seconds(started)} s in all)`);
	for (const row of rows) {
		const counts = row.error ? `did not run: ${row.error.split('\n')[0]}` : `${row.pass} passed, ${row.fail} failed, ${row.skipped} skipped of ${row.tests} tests in ${row.files} files (tests ${row.testSeconds} s)`;
		console.log(`bed:   ${row.ok ? 'PASS' : 'FAIL'} ${row.name.padEnd(24)} ${row.seconds.padStart(6)} s  ${counts}`);
	}
	// What failed, again at the end: a long log's tail is what a CI page shows.
	for (const row of rows) {
		for (const failure of row.failures ?? []) {
			console.log(`\nbed: ✖ ${row.name}: ${failure.name}\nbed:   at ${failure.location}`);
			for (const line of failure.error) console.log(`bed:   | ${line}`);
		}
	}
	code = rows.length > 0 && rows.every(row => row.ok) ? 0 : 1;
} catch (error) {
	console.error(error instanceof Error ? error.message : error);
}
process.exit(code);
