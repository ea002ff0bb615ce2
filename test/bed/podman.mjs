// An isolated Podman 4.3 (Debian 12's `podman`) serving its Docker-compatible API
// on a socket in a temp dir: its own storage root, run root, tmpdir (libpod's
// state and the events log), network configs and registries.conf, so the
// machine's own podman storage is never read or written. Same shape as
// startEngine() in engine.mjs, plus the engine's matrix name and facts.
import {existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {docker} from './docker-cli.mjs';
import {ping, startGuarded} from './guarded-daemon.mjs';
import {logTail} from './log-tail.mjs';
import {ensurePrereqs} from './prereqs.mjs';

const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

export const PODMAN = 'podman-4.3';

// dockerd treats 127.0.0.0/8 registries as insecure by itself; Podman only does
// what registries.conf says. A location without a port covers every port of it.
const registriesConf = `unqualified-search-registries = ["docker.io"]
short-name-mode = "permissive"

[[registry]]
location = "127.0.0.1"
insecure = true

[[registry]]
location = "localhost"
insecure = true
`;

// As root Podman raises a container's open-files and process limits to the
// kernel's maximum, which a machine that caps our own limits (a CI sandbox)
// refuses: "error setting rlimit type 7 (6): operation not permitted". dockerd
// passes its own limits on; we give ours, and a process limit that sandbox
// took (measured here: 32768 passes, 65536 and our own 96362 do not).
function containersConf(tmpdir) {
	const limits = readFileSync('/proc/self/limits', 'utf8');
	const limit = (title, cap = Number.POSITIVE_INFINITY) => {
		const [, soft, hard] = new RegExp(`^${title}\\s+(\\d+)\\s+(\\d+)`, 'm').exec(limits) ?? [];
		return soft && hard ? `${Math.min(Number(soft), cap)}:${Math.min(Number(hard), cap)}` : undefined;
	};
	const ulimits = [['nofile', limit('Max open files')], ['nproc', limit('Max processes', 32_768)]].filter(([, value]) => value).map(([name, value]) => `"${name}=${value}"`);
	return `[containers]\ndefault_ulimits = [${ulimits.join(', ')}]\n\n[engine]\nimage_copy_tmp_dir = "${tmpdir}"\n`;
}

/** What a test may ask about the engine (the same keys as engines.mjs's engineFacts()). */
async function podmanFacts(host) {
	const version = await docker(['version', '--format', '{{json .Server}}'], {host});
	const info = await docker(['info', '--format', '{{json .}}'], {host});
	if (version.code !== 0 || info.code !== 0) throw new Error(`test bed: docker version/info on ${host} failed: ${version.stderr}${info.stderr}`);
	const server = JSON.parse(version.stdout);
	const details = JSON.parse(info.stdout);
	return {version: server.Version, api: server.ApiVersion, minApi: server.MinAPIVersion, imageStore: 'containers-storage', driver: details.Driver};
}

const ipamDb = '/run/containers/networks/ipam.db';

export async function startPodman({timeoutMs = 30_000} = {}) {
	ensurePrereqs([{name: 'podman', pkg: 'podman'}]);
	const ipamExisted = existsSync(ipamDb);
	const dir = mkdtempSync('/tmp/stp-');
	const socketPath = path.join(dir, 'podman.sock');
	for (const sub of ['root', 'run', 'tmp', 'networks']) mkdirSync(path.join(dir, sub));
	writeFileSync(path.join(dir, 'registries.conf'), registriesConf);
	writeFileSync(path.join(dir, 'containers.conf'), containersConf(path.join(dir, 'tmp')));
	const args = [
		'--root', path.join(dir, 'root'),
		'--runroot', path.join(dir, 'run'),
		'--tmpdir', path.join(dir, 'tmp'),
		'--network-config-dir', path.join(dir, 'networks'),
		// No systemd here: no journald for events, no systemd cgroups.
		'--events-backend', 'file',
		'--cgroup-manager', 'cgroupfs',
		'system', 'service', '--time=0', `unix://${socketPath}`,
	];
	const env = {
		...process.env,
		STOWAGE_GUARD_COMMAND: 'podman',
		CONTAINERS_REGISTRIES_CONF: path.join(dir, 'registries.conf'),
		CONTAINERS_CONF: path.join(dir, 'containers.conf'),
		// Loads and saves go through temp files (and Podman 4.3 leaves one behind for every
		// load and import): under the dir, not the machine's /var/tmp; so does image_copy_tmp_dir.
		TMPDIR: path.join(dir, 'tmp'),
	};
	const guard = startGuarded([dir, ...args], env);

	let stopped;
	const engine = {
		name: PODMAN,
		dir,
		host: `unix://${socketPath}`,
		socketPath,
		facts: undefined,
		stop() {
			stopped ??= (async () => {
				await guard.stop();
				// Podman 4.3 keeps its network IPAM database at this fixed path whatever flags it
				// gets: remove it when this run made it, so nothing of the bed outlives it.
				if (!ipamExisted) rmSync(ipamDb, {force: true});
			})();
			return stopped;
		},
	};

	const deadline = Date.now() + timeoutMs;
	while (!(await ping(socketPath))) {
		if (guard.exited() !== undefined) throw new Error(`test bed: podman system service did not start:\n${guard.stderr()}`);
		if (Date.now() > deadline) {
			const tail = logTail(path.join(dir, 'podman.log'), 25);
			await engine.stop();
			throw new Error(`test bed: podman did not answer /_ping within ${timeoutMs / 1000} s; log tail:\n${tail}`);
		}
		await sleep(100);
	}
	engine.facts = await podmanFacts(engine.host);
	return engine;
}

// `node test/bed/podman.mjs`: start one and keep it until Ctrl-C, for
// `STOWAGE_TEST_DOCKER_HOST=<host> STOWAGE_TEST_ENGINE=podman-4.3 node test/bed/run.mjs FILE…`.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
	const engine = await startPodman();
	console.log(`${engine.host}\n${JSON.stringify(engine.facts)}`);
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => void engine.stop().then(() => process.exit(0)));
	setInterval(() => {}, 60_000);
}
