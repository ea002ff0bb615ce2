// An isolated Docker engine in a temp dir, so tests never see or touch the
// machine's own engine, and two runs (or two engines) can live side by side.
import {mkdtempSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {ping, startGuarded} from './guarded-daemon.mjs';
import {logTail} from './log-tail.mjs';

const running = new Set();
const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

/**
 * Options (all optional):
 * - extraArgs: more dockerd arguments, e.g. ['-H', 'tcp://127.0.0.1:PORT'] for a second listener.
 * - dir: reuse the dir of an engine stopped with keepDir, so the new engine has the same
 *   socket path, data-root and images (a daemon restart).
 * - keepDir: stop() leaves the dir (data-root, socket path) for a later startEngine({dir});
 *   the caller removes it when done.
 * - dataRoot: a data-root outside the dir, kept between runs (the bench's cached datasets);
 *   the caller unmounts what dockerd leaves mounted there.
 * - kind: which dockerd, {path: dirs put first in PATH (an extracted newer engine, whose
 *   dockerd then spawns its own containerd), daemonConfig: daemon.json}. By default the kind
 *   run.mjs is testing (STOWAGE_TEST_DOCKERD), so a test's second engine matches the first.
 */
export async function startEngine({timeoutMs = 30_000, extraArgs = [], dir: reuse, keepDir = false, dataRoot, kind = defaultKind()} = {}) {
	// Short: unix socket paths (ours and containerd's under exec/) must stay < 108 bytes.
	if (reuse !== undefined && !reuse.startsWith('/tmp/stw-')) throw new Error(`test bed: startEngine({dir}) takes the dir of an earlier engine, not ${reuse}`);
	const dir = reuse ?? mkdtempSync('/tmp/stw-');
	const socketPath = path.join(dir, 'docker.sock');
	const id = path.basename(dir).slice(4).toLowerCase();
	const args = [
		'--host', `unix://${socketPath}`,
		'--data-root', dataRoot ?? path.join(dir, 'root'),
		'--exec-root', path.join(dir, 'exec'),
		'--pidfile', path.join(dir, 'docker.pid'),
		'--bridge=none', '--iptables=false', '--ip-masq=false',
		// dockerd attaches to a system containerd when one runs; its own namespaces keep
		// engines sharing it apart. Without one it starts its own under exec/.
		'--containerd-namespace', `stowage-${id}`,
		'--containerd-plugins-namespace', `stowage-${id}-plugins`,
		// Stop running containers quickly enough to fit stop()'s 15 s grace.
		'--shutdown-timeout', '5',
		...extraArgs,
	];
	if (kind.daemonConfig) {
		const file = path.join(dir, 'daemon.json');
		writeFileSync(file, JSON.stringify(kind.daemonConfig));
		args.push('--config-file', file);
	}
	const env = kind.path?.length ? {...process.env, PATH: [...kind.path, process.env.PATH].join(':')} : process.env;
	const guard = startGuarded([...(keepDir ? ['--keep-dir'] : []), dir, ...args], env);

	let stopped;
	const engine = {
		dir,
		host: `unix://${socketPath}`,
		socketPath,
		stop() {
			stopped ??= (async () => {
				running.delete(engine);
				await guard.stop();
			})();
			return stopped;
		},
	};
	running.add(engine);
	installHandlers();

	const deadline = Date.now() + timeoutMs;
	while (!(await ping(socketPath))) {
		if (guard.exited() !== undefined) {
			throw new Error(`test bed: dockerd did not start:\n${guard.stderr()}`);
		}
		if (Date.now() > deadline) {
			const tail = logTail(path.join(dir, 'dockerd.log'), 25);
			await engine.stop();
			throw new Error(`test bed: dockerd did not answer /_ping within ${timeoutMs / 1000} s; log tail:\n${tail}`);
		}
		await sleep(100);
	}
	return engine;
}

function defaultKind() {
	const json = process.env.STOWAGE_TEST_DOCKERD;
	return json ? JSON.parse(json) : {};
}

export function stopAllEngines() {
	return Promise.all([...running].map(engine => engine.stop()));
}

let installed = false;
function installHandlers() {
	if (installed) return;
	installed = true;
	// On 'exit' there is nothing to do: the OS closes the guard's stdin and it cleans up.
	for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]]) {
		process.on(signal, () => {
			void stopAllEngines().finally(() => process.exit(code));
		});
	}
}
