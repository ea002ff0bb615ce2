// Runs one dockerd (or the daemon STOWAGE_GUARD_COMMAND names) and owns its
// cleanup. It lives in its own process group and
// waits for its stdin to close, which happens however the runner ends (stop(),
// Ctrl-C, a crash, even SIGKILL), so no daemon, mount or temp dir is left behind.
// Usage: node engine-guard.mjs [--keep-dir] DIR DOCKERD-ARGS...
// --keep-dir: stop and unmount as usual but leave DIR, for a restart on the same data-root.
import {spawn, spawnSync} from 'node:child_process';
import {openSync, readFileSync, readdirSync, readlinkSync, rmSync} from 'node:fs';

const keepDir = process.argv[2] === '--keep-dir';
const [dir, ...args] = process.argv.slice(keepDir ? 3 : 2);
if (!dir?.startsWith('/tmp/')) throw new Error(`engine-guard: refusing dir ${dir}`);

const command = process.env.STOWAGE_GUARD_COMMAND ?? 'dockerd';
const logFile = `${dir}/${command}.log`;
const log = openSync(logFile, 'a');
const dockerd = spawn(command, args, {stdio: ['ignore', log, log]});
let stopping = false;
let exited = false;
const exit = new Promise(resolve => dockerd.on('exit', () => {
	exited = true;
	resolve();
}));

// Ctrl-C reaches the runner, which decides; a hangup must not kill us before cleanup.
process.on('SIGINT', () => {});
process.on('SIGHUP', () => {});
process.on('SIGTERM', () => void shutdown(0));
process.stdin.on('end', () => void shutdown(0));
process.stdin.on('close', () => void shutdown(0));
process.stdin.on('error', () => void shutdown(0));
process.stdin.resume();

dockerd.on('exit', (code, signal) => {
	if (stopping) return;
	process.stderr.write(`${command} exited early (${signal ?? code}):\n${tail()}\n`);
	void shutdown(1);
});

function tail() {
	try {
		return readFileSync(logFile, 'utf8').split('\n').slice(-25).join('\n');
	} catch {
		return '(no log)';
	}
}

const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

async function shutdown(code) {
	if (stopping) return;
	stopping = true;
	if (!exited) {
		dockerd.kill('SIGTERM');
		await Promise.race([exit, sleep(15_000)]);
		if (!exited) {
			dockerd.kill('SIGKILL');
			await exit;
		}
	}
	killLeftovers();
	removeDir();
	process.exit(code);
}

// After a SIGKILL, containerd, shims and container processes may outlive dockerd:
// they name the dir on their command line or have their root inside it.
function killLeftovers() {
	for (const pid of readdirSync('/proc').filter(name => /^\d+$/.test(name))) {
		if (Number(pid) === process.pid) continue;
		try {
			const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
			const root = readlinkSync(`/proc/${pid}/root`);
			if (cmdline.includes(`${dir}/`) || root.startsWith(`${dir}/`)) process.kill(Number(pid), 'SIGKILL');
		} catch {
			// The process ended meanwhile, or is not ours to read.
		}
	}
}

function mountsUnder() {
	const unescape = text => text.replace(/\\([0-7]{3})/g, (_, oct) => String.fromCharCode(parseInt(oct, 8)));
	return readFileSync('/proc/self/mountinfo', 'utf8').split('\n')
		.map(line => unescape(line.split(' ')[4] ?? ''))
		.filter(point => point === dir || point.startsWith(`${dir}/`))
		.sort((a, b) => b.length - a.length);
}

function removeDir() {
	for (const point of mountsUnder()) {
		if (spawnSync('umount', [point]).status !== 0) spawnSync('umount', ['-l', point]);
	}
	if (keepDir) return;
	try {
		rmSync(dir, {recursive: true, force: true});
	} catch (error) {
		process.stderr.write(`engine-guard: could not remove ${dir}: ${error.message}\n`);
	}
}
