// A dockerd of our own whose data-root lives in bench/.cache, so the datasets
// survive between runs. test/bed's startEngine keeps its data-root in a temp dir
// it deletes; we reuse its guard process (which stops dockerd however we end)
// and only give it a data-root outside that temp dir.
import {spawn, spawnSync} from 'node:child_process';
import {mkdirSync, mkdtempSync, readFileSync} from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const guardScript = path.join(root, 'test/bed/engine-guard.mjs');
const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));
const running = new Set();

function ping(socketPath) {
	return new Promise(resolve => {
		const req = http.get({socketPath, path: '/_ping', timeout: 1000}, res => {
			res.resume();
			resolve(res.statusCode === 200);
		});
		req.on('timeout', () => req.destroy());
		req.on('error', () => resolve(false));
	});
}

// dockerd bind-mounts its data-root onto itself; a killed dockerd leaves that mount behind.
function unmountUnder(dir) {
	const points = readFileSync('/proc/self/mountinfo', 'utf8').split('\n')
		.map(line => (line.split(' ')[4] ?? '').replace(/\\([0-7]{3})/g, (_, oct) => String.fromCharCode(parseInt(oct, 8))))
		.filter(point => point === dir || point.startsWith(`${dir}/`))
		.sort((a, b) => b.length - a.length);
	for (const point of points) {
		if (spawnSync('umount', [point]).status !== 0) spawnSync('umount', ['-l', point]);
	}
}

export async function startEngine(dataRoot, {timeoutMs = 60_000} = {}) {
	mkdirSync(dataRoot, {recursive: true});
	unmountUnder(dataRoot);
	// Short: unix socket paths (ours and containerd's under exec/) must stay < 108 bytes.
	const dir = mkdtempSync('/tmp/stb-');
	const socketPath = path.join(dir, 'docker.sock');
	const id = path.basename(dir).slice(4).toLowerCase();
	const args = [
		'--host', `unix://${socketPath}`,
		'--data-root', dataRoot,
		'--exec-root', path.join(dir, 'exec'),
		'--pidfile', path.join(dir, 'docker.pid'),
		'--bridge=none', '--iptables=false', '--ip-masq=false',
		'--containerd-namespace', `stowage-bench-${id}`,
		'--containerd-plugins-namespace', `stowage-bench-${id}-plugins`,
		'--shutdown-timeout', '5',
	];
	const guard = spawn(process.execPath, [guardScript, dir, ...args], {detached: true, stdio: ['pipe', 'ignore', 'pipe']});
	let guardErr = '';
	let guardExit;
	const done = new Promise(resolve => guard.on('exit', code => {
		guardExit = code ?? 1;
		resolve();
	}));
	guard.stderr.on('data', chunk => {
		guardErr += chunk;
	});
	guard.unref();
	guard.stdin.unref();
	guard.stderr.unref();

	let stopped;
	const engine = {
		dir,
		dataRoot,
		socketPath,
		host: `unix://${socketPath}`,
		stop() {
			stopped ??= (async () => {
				running.delete(engine);
				guard.stdin.end();
				// The guard needs up to 15 s for dockerd; a timer left pending would hold the process open.
				let timer;
				await Promise.race([done, new Promise(resolve => {
					timer = setTimeout(resolve, 25_000);
				})]);
				clearTimeout(timer);
				if (guardExit === undefined) guard.kill('SIGKILL');
				unmountUnder(dataRoot);
			})();
			return stopped;
		},
	};
	running.add(engine);

	const deadline = Date.now() + timeoutMs;
	while (!(await ping(socketPath))) {
		if (guardExit !== undefined || Date.now() > deadline) {
			let tail = '';
			try {
				tail = readFileSync(path.join(dir, 'dockerd.log'), 'utf8').split('\n').slice(-25).join('\n');
			} catch {
				// No log yet: dockerd never got that far.
			}
			await engine.stop();
			throw new Error(`bench: dockerd (data-root ${dataRoot}) did not start:\n${guardErr}\n${tail}`);
		}
		await sleep(100);
	}
	return engine;
}

export function stopAllEngines() {
	return Promise.all([...running].map(engine => engine.stop()));
}

// The guard is detached, so Ctrl-C does not reach it: stop it ourselves, then leave.
for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]]) {
	process.on(signal, () => {
		void stopAllEngines().finally(() => process.exit(code));
	});
}
