// The real docker CLI, for tests to compare stowage with what `docker` shows,
// always aimed at the bed's engine rather than the machine's own.
import {spawn} from 'node:child_process';
import {constants} from 'node:os';

export function run(command, args, {input, env, cwd} = {}) {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, {env: env ?? process.env, cwd, stdio: ['pipe', 'pipe', 'pipe']});
		const out = [];
		const err = [];
		child.stdout.on('data', chunk => out.push(chunk));
		child.stderr.on('data', chunk => err.push(chunk));
		child.on('error', reject);
		child.on('close', (code, signal) => resolve({
			stdout: Buffer.concat(out).toString('utf8'),
			stderr: Buffer.concat(err).toString('utf8'),
			code: code ?? 128 + (constants.signals[signal] ?? 0),
		}));
		child.stdin.on('error', () => {});
		child.stdin.end(input);
	});
}

export function docker(args, {input, host, env} = {}) {
	const target = host ?? process.env.STOWAGE_TEST_DOCKER_HOST;
	if (!target) throw new Error('docker(): STOWAGE_TEST_DOCKER_HOST is not set: run the tests through test/bed/run.mjs');
	const merged = {...process.env, ...env, DOCKER_HOST: target};
	// A context would take precedence over DOCKER_HOST and could aim at another engine.
	delete merged.DOCKER_CONTEXT;
	return run('docker', args, {input, env: merged});
}
