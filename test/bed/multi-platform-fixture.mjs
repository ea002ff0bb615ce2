// A real multi-platform image (linux/amd64 + linux/arm64) built with buildx on an engine
// that can hold one: API 1.47+ with the containerd image store. FROM scratch and COPY
// only, so nothing runs and no emulation is needed; each platform gets a file of its own
// size, so a scan can tell which platform it read.
import {existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync} from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import {docker} from './docker-cli.mjs';

export const MULTI = 'stowage-multi:1.0';
export const MULTI_PLATFORMS = ['linux/amd64', 'linux/arm64'];
/** Bytes of /platform.bin per platform; /common.txt is in both. */
export const MULTI_FILE_BYTES = {'linux/amd64': 12_000, 'linux/arm64': 34_000};
export const MULTI_COMMON = 'common to every platform\n';

const buildxCandidates = () => [
	process.env.STOWAGE_TEST_BUILDX,
	process.env.DOCKER_CONFIG && path.join(process.env.DOCKER_CONFIG, 'cli-plugins/docker-buildx'),
	path.join(process.env.HOME ?? '/root', '.docker/cli-plugins/docker-buildx'),
	'/usr/libexec/docker/cli-plugins/docker-buildx',
	'/usr/lib/docker/cli-plugins/docker-buildx',
	'/usr/local/lib/docker/cli-plugins/docker-buildx',
].filter(Boolean);

export function findBuildx() {
	return buildxCandidates().find(candidate => existsSync(candidate));
}

/** GET on the engine's API (unix:// or tcp://), parsed JSON. */
export function engineGet(host, urlPath) {
	const target = host.startsWith('unix://') ? {socketPath: host.slice('unix://'.length)} : (() => {
		const url = new URL(host.replace(/^tcp:/, 'http:'));
		return {host: url.hostname, port: Number(url.port || 2375)};
	})();
	return new Promise((resolve, reject) => {
		const req = http.get({...target, path: urlPath, timeout: 10_000}, res => {
			const chunks = [];
			res.on('data', chunk => chunks.push(chunk));
			res.on('end', () => {
				try {
					resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
				} catch (error) {
					reject(error);
				}
			});
		});
		req.on('timeout', () => req.destroy(new Error(`engine GET ${urlPath} timed out`)));
		req.on('error', reject);
	});
}

const atLeast = (version, minimum) => {
	const [a, b] = [version, minimum].map(each => each.split('.').map(Number));
	return a[0] === b[0] ? a[1] >= b[1] : a[0] > b[0];
};

/** Why this engine can't hold the fixture, or undefined when it can. */
export async function multiPlatformUnsupported(host) {
	const version = await engineGet(host, '/version');
	if (!atLeast(String(version.ApiVersion ?? '0.0'), '1.47')) return `API ${version.ApiVersion} is below 1.47`;
	const info = await engineGet(host, '/info');
	const store = JSON.stringify(info.DriverStatus ?? []);
	if (!store.includes('io.containerd.snapshotter')) return 'the engine does not use the containerd image store';
	if (!findBuildx()) return 'no docker-buildx plugin found (set STOWAGE_TEST_BUILDX)';
	return undefined;
}

/** Platform name → manifest digest, from GET /images/json?manifests=1. */
export async function platformDigests(host, name) {
	const images = await engineGet(host, `/images/json?manifests=1&filters=${encodeURIComponent(JSON.stringify({reference: [name]}))}`);
	const image = images.find(each => (each.RepoTags ?? []).includes(name));
	const digests = {};
	for (const manifest of image?.Manifests ?? []) {
		if (manifest.Kind !== 'image') continue;
		const {os, architecture, variant} = manifest.ImageData?.Platform ?? {};
		digests[[os, architecture, variant].filter(Boolean).join('/')] = manifest.ID;
	}
	return {index: image?.Id, digests};
}

/**
 * Builds MULTI (or `name`, with `salt` making its content its own) on `host` and, given
 * `registry` (host:port of test/bed/registry.mjs), pushes it there as `<registry>/<name>`.
 * Returns {skipped: why} when the engine can't hold it.
 */
export async function buildMultiPlatform(host, {registry, auth, env: extraEnv, name = MULTI, salt = ''} = {}) {
	const why = await multiPlatformUnsupported(host);
	if (why) return {skipped: why};
	const work = mkdtempSync('/tmp/stowage-multi-');
	try {
		const config = path.join(work, 'config');
		mkdirSync(path.join(config, 'cli-plugins'), {recursive: true});
		symlinkSync(findBuildx(), path.join(config, 'cli-plugins/docker-buildx'));
		const env = {...extraEnv, DOCKER_CONFIG: config};
		const context = path.join(work, 'context');
		mkdirSync(context);
		writeFileSync(path.join(context, 'Dockerfile'), 'FROM scratch\nARG TARGETARCH\nCOPY common.txt /common.txt\nCOPY ${TARGETARCH}.bin /platform.bin\n');
		writeFileSync(path.join(context, 'common.txt'), MULTI_COMMON + salt);
		for (const [platform, size] of Object.entries(MULTI_FILE_BYTES)) {
			writeFileSync(path.join(context, `${platform.split('/')[1]}.bin`), Buffer.alloc(size, platform));
		}
		// On the containerd store the result lands in the engine's images as is: no --load needed.
		const built = await docker(['buildx', 'build', '--platform', MULTI_PLATFORMS.join(','), '-t', name, context], {host, env});
		if (built.code !== 0) throw new Error(`multi-platform fixture: buildx build failed (${built.code}):\n${built.stderr}`);
		const facts = {name, platforms: MULTI_PLATFORMS, fileBytes: MULTI_FILE_BYTES, ...await platformDigests(host, name)};
		if (registry) facts.pushed = await pushMultiPlatform(host, registry, env, name, auth);
		return facts;
	} finally {
		rmSync(work, {recursive: true, force: true});
	}
}

/**
 * Pushes `name` (every platform: the whole index) to `registry`, logged in as `auth`
 * ([user, password], test/bed/registry.mjs's users) when given; returns the pushed name.
 */
export async function pushMultiPlatform(host, registry, env = {}, name = MULTI, auth) {
	const target = `${registry}/${name}`;
	const login = auth ? [[['login', '-u', auth[0], '--password-stdin', registry], auth[1]]] : [];
	for (const [args, input] of [...login, [['tag', name, target]], [['push', target]]]) {
		const result = await docker(args, {host, env, input});
		if (result.code !== 0) throw new Error(`multi-platform fixture: docker ${args.join(' ')} failed (${result.code}):\n${result.stderr}`);
	}
	return target;
}
