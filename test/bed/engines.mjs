// The engines `npm test` runs the engine-facing tests on. Each entry is one line:
// a name (what STOWAGE_TEST_ENGINE says, and what a test's "not on …" names) and
// how to start it. start() returns what startEngine() returns ({host, stop(), …}),
// plus kind (the dockerd, for tests that start a second engine like it), cli (a dir
// with the engine's own docker CLI, put first in the tests' PATH) and buildx (a CLI
// plugin to offer the tests, if the engine comes with one).
import {docker} from './docker-cli.mjs';
import {enginePackages} from './engine-packages.mjs';
import {startEngine} from './engine.mjs';

const systemEngine = async () => ({...await startEngine({kind: {}}), kind: {}});
const containerdStore = {features: {'containerd-snapshotter': true}};

// A newer dockerd from a Debian suite; its own containerd comes first in PATH too.
function debianEngine(suite, {daemonConfig, buildx = false} = {}) {
	return async () => {
		const packages = enginePackages(suite);
		const kind = {path: packages.path, ...(daemonConfig ? {daemonConfig} : {})};
		return {...await startEngine({kind}), kind, cli: packages.cli, buildx: buildx ? packages.buildx : undefined};
	};
}

/** For tests across the two stores: the system dockerd, or sid's with the containerd store. */
export function otherStoreKind(imageStore) {
	return imageStore === 'containerd' ? {} : {path: enginePackages('sid').path, daemonConfig: containerdStore};
}

// Debian 12's Podman through its Docker-compatible socket (test/bed/podman.mjs). Tests that
// start a second engine get the system dockerd (kind {}): Podman has no second listener mode.
const podman = async () => ({...await (await import('./podman.mjs')).startPodman(), kind: {}});

export const engines = [
	{name: 'docker-20.10', start: systemEngine},
	{name: 'docker-26.1', start: debianEngine('trixie')},
	{name: 'docker-28.5-containerd', start: debianEngine('sid', {daemonConfig: containerdStore, buildx: true})},
	{name: 'podman-4.3', start: podman},
];

/** STOWAGE_TEST_ENGINES=a,b picks engines by name; unset, all of them. */
export function selectEngines(list = process.env.STOWAGE_TEST_ENGINES) {
	if (!list) return engines;
	const names = list.split(',').map(name => name.trim()).filter(Boolean);
	const unknown = names.filter(name => !engines.some(engine => engine.name === name));
	if (unknown.length > 0) throw new Error(`test bed: STOWAGE_TEST_ENGINES names ${unknown.join(', ')}; known: ${engines.map(engine => engine.name).join(', ')}`);
	return engines.filter(engine => names.includes(engine.name));
}

/** What a test may ask about the engine it runs on (STOWAGE_TEST_ENGINE_FACTS). */
export async function engineFacts(host) {
	const version = await docker(['version', '--format', '{{json .Server}}'], {host});
	const info = await docker(['info', '--format', '{{json .}}'], {host});
	if (version.code !== 0 || info.code !== 0) throw new Error(`test bed: docker version/info on ${host} failed: ${version.stderr}${info.stderr}`);
	const server = JSON.parse(version.stdout);
	const details = JSON.parse(info.stdout);
	const driverType = (details.DriverStatus ?? []).find(([key]) => key === 'driver-type')?.[1];
	return {
		version: server.Version,
		api: server.ApiVersion,
		minApi: server.MinAPIVersion,
		// 'containerd' when images live in containerd's content store (the snapshotter), else the graph driver.
		imageStore: driverType === 'io.containerd.snapshotter.v1' ? 'containerd' : details.Driver,
		driver: details.Driver,
	};
}
