// A daemon run under engine-guard.mjs: the guard starts it, and stops it (and removes its
// dir) when our end of its stdin pipe closes, so a crashed test run leaves nothing running.
import {spawn} from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const guardScript = path.join(path.dirname(fileURLToPath(import.meta.url)), 'engine-guard.mjs');

/** `guardArgs`: the guard's own flags, the dir, then the daemon's command line. */
export function startGuarded(guardArgs, env) {
	const guard = spawn(process.execPath, [guardScript, ...guardArgs], {detached: true, env, stdio: ['pipe', 'ignore', 'pipe']});
	let stderr = '';
	let exitCode;
	const done = new Promise(resolve => guard.on('exit', code => {
		exitCode = code ?? 1;
		resolve();
	}));
	guard.stderr.on('data', chunk => {
		stderr += chunk;
	});
	// Neither the guard nor its pipes may keep the runner alive; the pipe closing is what stops it.
	guard.unref();
	guard.stdin.unref();
	guard.stderr.unref();
	return {
		/** The guard's exit code, once it has exited. */
		exited: () => exitCode,
		stderr: () => stderr,
		/**
		 * Closes the pipe and waits for the guard (it needs up to 15 s for dockerd, then a moment
		 * for cleanup), killing it after 25 s. The timer keeps the process alive meanwhile (the
		 * guard is unref'd), and is cleared after, or a test process would linger for the full 25 s.
		 */
		async stop() {
			guard.stdin.end();
			let grace;
			await Promise.race([done, new Promise(resolve => {
				grace = setTimeout(resolve, 25_000);
			})]);
			clearTimeout(grace);
			if (exitCode === undefined) guard.kill('SIGKILL');
		},
	};
}

/** Whether the daemon's API answers /_ping on its unix socket yet. */
export function ping(socketPath) {
	return new Promise(resolve => {
		const req = http.get({socketPath, path: '/_ping', timeout: 1000}, res => {
			res.resume();
			resolve(res.statusCode === 200);
		});
		req.on('timeout', () => req.destroy());
		req.on('error', () => resolve(false));
	});
}
