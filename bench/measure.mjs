// The timed things: the docker CLI, the raw list call, and stowage in a pty.
import {spawn} from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const cli = path.join(here, '..', 'dist', 'cli.js');

export const median = values => {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = sorted.length >> 1;
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

// Nearest rank, so it is always a latency that really happened.
export const p95 = values => [...values].sort((a, b) => a - b)[Math.ceil(values.length * 0.95) - 1];

function childEnv(host) {
	const env = {...process.env, DOCKER_HOST: host, TERM: 'xterm-256color'};
	// Ink treats CI=true as non-interactive; a context would outrank DOCKER_HOST.
	for (const name of ['CI', 'DOCKER_CONTEXT', 'NO_COLOR', 'FORCE_COLOR']) delete env[name];
	return env;
}

function run(command, args, env) {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, {env, stdio: ['ignore', 'pipe', 'pipe']});
		const out = [];
		const err = [];
		child.stdout.on('data', chunk => out.push(chunk));
		child.stderr.on('data', chunk => err.push(chunk));
		child.on('error', reject);
		child.on('close', code => resolve({code, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString()}));
	});
}

export async function timeCommand(command, args, host) {
	const started = performance.now();
	const result = await run(command, args, childEnv(host));
	const ms = performance.now() - started;
	if (result.code !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
	return {ms, lines: result.stdout.split('\n').filter(Boolean).length};
}

/** The engine's own share: one GET /images/json, reply read in full. */
export function timeApiList(socketPath) {
	return new Promise((resolve, reject) => {
		const started = performance.now();
		http.get({socketPath, path: '/images/json'}, res => {
			res.resume();
			res.on('end', () => resolve(performance.now() - started));
		}).on('error', reject);
	});
}

/** `build`: another build's dist/cli.js, to measure two side by side (bench/compare.mjs). */
export async function driveStowage(host, count, groups = [], build = cli) {
	const spec = {
		// As a user runs it: the bundle's own shebang sets Node's heap flags.
		cmd: [build],
		env: childEnv(host),
		cols: 120,
		rows: 40,
		expect: `Images ${count} `,
		timeoutMs: 30_000,
		// Startup follow-ups (disk usage, then the event stream's catch-up refresh of
		// images and disk usage) leave gaps of up to ~0.7 s at 10,000 images.
		settleMs: 2000,
		// Longer than the 40 ms history debounce plus its fetch and frames, so each key is timed alone.
		quietMs: 120,
		quit: 'q',
		groups,
	};
	const result = await run('python3', [path.join(here, 'pty-drive.py'), JSON.stringify(spec)], process.env);
	let parsed;
	try {
		parsed = JSON.parse(result.stdout);
	} catch {
		throw new Error(`pty driver failed (exit ${result.code}): ${result.stdout}${result.stderr}`);
	}
	if (parsed.error) throw new Error(`stowage: ${parsed.error}\nlast output: ${JSON.stringify(parsed.screenTail)}`);
	if (parsed.exitCode !== 0) throw new Error(`stowage exited ${parsed.exitCode} after q${parsed.killed ? ' (killed after 5 s)' : ''}`);
	return parsed;
}
