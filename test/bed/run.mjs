// `npm test` entry: real engine, real fixtures, then node's test runner over
// every test/**/*.test.ts(x). Set STOWAGE_TEST_DOCKER_HOST to reuse an engine.
import {spawn} from 'node:child_process';
import {mkdtempSync, readdirSync, rmSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {ensurePrereqs} from './prereqs.mjs';
import {startEngine} from './engine.mjs';
import {buildFixtures} from './fixtures.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const seconds = since => ((performance.now() - since) / 1000).toFixed(1);

function findTests(dir) {
	return readdirSync(dir, {withFileTypes: true}).flatMap(entry => {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : findTests(full);
		return /\.test\.tsx?$/.test(entry.name) ? [path.relative(root, full)] : [];
	});
}

let engine;
let config;
let code = 1;
try {
	ensurePrereqs();
	let host = process.env.STOWAGE_TEST_DOCKER_HOST;
	let started = performance.now();
	if (host) {
		console.log(`bed: using the engine at ${host}`);
	} else {
		engine = await startEngine();
		host = engine.host;
		console.log(`bed: engine up in ${seconds(started)} s at ${host}`);
	}
	started = performance.now();
	const facts = await buildFixtures(host);
	console.log(`bed: fixtures built in ${seconds(started)} s`);

	config = mkdtempSync('/tmp/stowage-cfg-');
	const env = {
		...process.env,
		DOCKER_HOST: host,
		STOWAGE_TEST_DOCKER_HOST: host,
		STOWAGE_TEST_FIXTURES: JSON.stringify(facts),
		DOCKER_CONFIG: config,
		// Hosts opened with --host are remembered there: not in the real home.
		XDG_STATE_HOME: config,
		// CI runs with CI=true, which makes Ink render as non-interactive.
		CI: 'false',
		FORCE_COLOR: '0',
	};
	delete env.CONTINUOUS_INTEGRATION;
	delete env.DOCKER_CONTEXT;
	// `node test/bed/run.mjs FILE…` runs just those files, with the same bed.
	const files = process.argv.length > 2 ? process.argv.slice(2).map(file => path.resolve(file)) : findTests(path.join(root, 'test')).sort();
	const args = ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-reporter=spec', ...files];
	const runner = spawn(process.execPath, args, {cwd: root, env, stdio: 'inherit'});
	// A Ctrl-C reaches the runner by itself; a signal sent to us alone must be passed on.
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => runner.kill(signal));
	code = await new Promise(resolve => runner.on('exit', (status, signal) => resolve(status ?? (signal ? 1 : 0))));
} catch (error) {
	console.error(error instanceof Error ? error.message : error);
} finally {
	if (engine) await engine.stop();
	if (config) rmSync(config, {recursive: true, force: true});
}
process.exit(code);
