// Multi-platform images on the real engine: the list's platforms against the raw API,
// `stowage ls --tree` against `docker image ls --tree`, a pull of one platform from the
// test registry, history and inspect of one platform. Engines that list no platforms
// (API < 1.47, or the classic image store) get the tests of what is said instead.
import assert from 'node:assert/strict';
import {execFile} from 'node:child_process';
import {after, before, describe, test} from 'node:test';
import {promisify} from 'node:util';
import {docker} from '../bed/docker-cli.mjs';
import {APP} from '../bed/fixture-names.mjs';
import {buildMultiPlatform, engineGet, MULTI, type MultiPlatformFacts} from '../bed/multi-platform-fixture.mjs';
import {registryGet, startRegistry, type TestRegistry} from '../bed/registry.mjs';
import {apiAtLeast} from '../../source/engine/api-version.ts';
import type {Engine} from '../../source/engine/engine.ts';
import {platformManifests} from '../../source/engine/parse-manifests.ts';
import {formatPlatform, PlatformUnsupportedError} from '../../source/engine/platform.ts';
import type {ImageSummary} from '../../source/engine/types.ts';
import {cliPath} from '../helpers/tmux.ts';
import {testEngine, testHost} from '../helpers/test-engine.ts';

type Facts = {multiPlatform?: MultiPlatformFacts | {skipped: string}};
const facts = JSON.parse(process.env.STOWAGE_TEST_FIXTURES ?? '{}') as Facts;
const multi = facts.multiPlatform && 'name' in facts.multiPlatform ? facts.multiPlatform : undefined;

type Result = {stdout: string; stderr: string; code: number};
async function stowage(args: string[]): Promise<Result> {
	try {
		const {stdout, stderr} = await promisify(execFile)(process.execPath, [cliPath, ...args], {env: {...process.env, DOCKER_HOST: testHost()}});
		return {stdout, stderr, code: 0};
	} catch (error) {
		const failed = error as Result;
		return {stdout: failed.stdout, stderr: failed.stderr, code: failed.code};
	}
}

// docker colours its column titles even into a pipe, and warns first that --tree is experimental.
const plainTree = (text: string) => text.replaceAll(/\u001B\[[\d;]*m/g, '').split('\n').filter(line => !line.startsWith('WARNING: This is an experimental feature')).join('\n');

// Known before the tests are declared: which of them apply is said in their names.
const engine: Engine = testEngine();
const api = (await engine.connect()).pinnedApiVersion;
after(() => engine.close());
const why = facts.multiPlatform && 'skipped' in facts.multiPlatform ? facts.multiPlatform.skipped : `API ${api}${apiAtLeast(api, '1.47') ? ' with the classic image store' : ', below 1.47'}`;
// A containerd-store engine without buildx lists platforms but has no multi-platform fixture.
const listsPlatforms = (await engine.listImages()).some(image => image.manifests !== undefined);

const find = (images: ImageSummary[], name: string) => images.find(image => image.repoTags.includes(name));

if (multi) {
	describe('a multi-platform image (API ≥ 1.47 with the containerd store only)', () => {
		test('the list parses each platform as GET /images/json?manifests=1 reports it: ID, platform, present, disk usage, content size', async () => {
			const image = find(await engine.listImages(), MULTI);
			assert.ok(image?.manifests, 'the image has manifests');
			type RawManifest = {ID: string; Kind: string; Available: boolean; Size: {Total: number; Content: number}};
			const raw = (await engineGet(testHost(), '/images/json?manifests=1') as Array<{RepoTags?: string[]; Manifests: RawManifest[]}>).find(each => each.RepoTags?.includes(MULTI))!;
			assert.deepEqual(image.manifests.map(manifest => [manifest.id, manifest.kind, manifest.available, manifest.diskUsage, manifest.contentSize]), raw.Manifests.map(manifest => [manifest.ID, manifest.Kind, manifest.Available, manifest.Size.Total, manifest.Size.Content]));
			const platforms = platformManifests(image.manifests);
			assert.deepEqual(platforms.map(manifest => formatPlatform(manifest.platform!)), ['linux/amd64', 'linux/arm64']);
			assert.deepEqual(Object.fromEntries(platforms.map(manifest => [formatPlatform(manifest.platform!), manifest.id])), multi.digests);
			// buildx attaches a provenance attestation to each platform: listed, never a platform.
			assert.ok(image.manifests.filter(manifest => manifest.kind === 'attestation').every(manifest => platforms.some(each => each.id === manifest.attestationFor)));
		});

		test('`stowage ls --tree` prints what `docker image ls --tree` prints, byte for byte (colours and its warning aside)', async () => {
			const ours = await stowage(['ls', '--tree']);
			const theirs = await docker(['image', 'ls', '--tree']);
			assert.equal(theirs.code, 0, theirs.stderr);
			assert.equal(ours.code, 0, ours.stderr);
			assert.equal(ours.stdout, plainTree(theirs.stdout));
			assert.match(ours.stdout, /├─ linux\/amd64 +[\da-f]{12} /);
			// With -a, images built in the same second tie on Created, and Go's sort.Slice (not stable)
			// orders ties its own way: the same blocks, each byte for byte, tied ones in either order.
			// Right after the bed's build the engine may still be settling its untagged images: a few tries.
			const blocks = (text: string) => text.split('\n\n').sort();
			let all: [string[], string[]] = [[], []];
			for (let attempt = 0; attempt < 3; attempt++) {
				all = [blocks((await stowage(['ls', '--tree', '-a'])).stdout), blocks(plainTree((await docker(['image', 'ls', '--tree', '-a'])).stdout))];
				if (JSON.stringify(all[0]) === JSON.stringify(all[1])) {
					break;
				}

				await new Promise(resolve => setTimeout(resolve, 1000));
			}

			assert.deepEqual(all[0], all[1], 'with -a too');
		});

		test('history and inspect of one platform (API ≥ 1.48 / 1.49 only)', {skip: !apiAtLeast(api, '1.49') && 'the engine API is below 1.49'}, async () => {
			const arm = await engine.history(MULTI, {os: 'linux', architecture: 'arm64'});
			assert.ok(arm.some(entry => entry.createdBy.includes('TARGETARCH=arm64')), 'the arm64 build steps');
			const amd = await engine.history(MULTI, {os: 'linux', architecture: 'amd64'});
			assert.ok(amd.some(entry => entry.createdBy.includes('TARGETARCH=amd64')), 'the amd64 build steps');
			const document = await engine.inspect(MULTI, {os: 'linux', architecture: 'arm64'}) as {Architecture: string; Id: string};
			assert.equal(document.Architecture, 'arm64');
			assert.equal(document.Id, multi.digests['linux/arm64']);
			await assert.rejects(engine.history(MULTI, {os: 'linux', architecture: 's390x'}), /does not provide the specified platform \(linux\/s390x\)/);
		});

		describe('pull of one platform from the test registry', () => {
			let registry: TestRegistry;
			const name = 'stowage-multi-pull:1.0';
			const user = ['stowage', `pw-${process.pid}`] as const;
			before(async () => {
				registry = await startRegistry({users: {[user[0]]: user[1]}});
				const built = await buildMultiPlatform(testHost(), {registry: registry.host, auth: user, name, salt: 'pull\n'});
				assert.ok('pushed' in built && built.pushed);
				// Gone locally (both names), so the pull fetches only what it is asked for.
				await docker(['rmi', name, `${registry.host}/${name}`]);
			});
			after(async () => {
				await docker(['rmi', `${registry.host}/${name}`]);
				await registry?.stop();
			});

			test('linux/arm64 only: that platform is present, the other listed but not, as docker image ls --tree shows it', async () => {
				const reference = `${registry.host}/${name}`;
				const auth = {username: user[0], password: user[1], serveraddress: registry.host};
				await engine.pull(reference, auth, () => {}, new AbortController().signal, {os: 'linux', architecture: 'arm64'});
				const image = find(await engine.listImages(), reference);
				assert.ok(image?.manifests);
				const present = Object.fromEntries(platformManifests(image.manifests).map(manifest => [formatPlatform(manifest.platform!), manifest.available]));
				assert.deepEqual(present, {'linux/amd64': false, 'linux/arm64': true});
				const ours = await stowage(['ls', '--tree', reference]);
				const theirs = await docker(['image', 'ls', '--tree', reference]);
				assert.equal(ours.stdout, plainTree(theirs.stdout));
			});

			test('push of one platform (API ≥ 1.46): the registry gets that platform\'s manifest alone, not the index', async () => {
				const repository = `${registry.host}/stowage-multi-one`;
				await docker(['tag', MULTI, `${repository}:1.0`]);
				try {
					const auth = {username: user[0], password: user[1], serveraddress: registry.host};
					await engine.push(repository, '1.0', auth, () => {}, new AbortController().signal, {os: 'linux', architecture: 'arm64'});
					const accept = 'application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json';
					const answer = await registryGet(registry.port, '/v2/stowage-multi-one/manifests/1.0', {auth: user, accept});
					assert.equal(answer.status, 200, answer.body);
					assert.equal(answer.headers['docker-content-digest'], multi.digests['linux/arm64']);
					assert.equal((JSON.parse(answer.body) as {mediaType: string}).mediaType, 'application/vnd.oci.image.manifest.v1+json');
				} finally {
					await docker(['rmi', `${repository}:1.0`]);
				}
			});
		});
	});
} else if (listsPlatforms) {
	describe(`platforms listed but no multi-platform fixture (${why})`, () => {
		test('each fixture image lists its one platform, and `stowage ls --tree` matches `docker image ls --tree`', async () => {
			const image = find(await engine.listImages(), APP);
			assert.equal(image?.manifests && platformManifests(image.manifests).length, 1);
			const ours = await stowage(['ls', '--tree']);
			assert.equal(ours.stdout, plainTree((await docker(['image', 'ls', '--tree'])).stdout));
		});
	});
} else {
	describe(`an engine without platform data (${why})`, () => {
		test('every image\'s platforms are unknown (undefined), never an empty list', async () => {
			const images = await engine.listImages();
			assert.ok(images.length > 0);
			assert.ok(images.every(image => image.manifests === undefined));
		});

		test('`stowage ls --tree` says in one line what docker says of --tree (API < 1.47), or lists no platforms', async () => {
			const ours = await stowage(['ls', '--tree']);
			const theirs = await docker(['image', 'ls', '--tree']);
			if (!apiAtLeast(api, '1.47')) {
				assert.equal(ours.code, 1);
				assert.equal(ours.stdout, '');
				assert.equal(ours.stderr, `stowage: "--tree" requires API version 1.47, but the Docker daemon API version is ${api}\n`);
				// The engine's own CLI is the reference; 26.1's predates --tree (docker 27) and knows no such flag.
				const cliKnowsTree = !theirs.stderr.includes('unknown flag: --tree');
				assert.ok(!cliKnowsTree || theirs.stderr.includes(ours.stderr.slice('stowage: '.length).trim()), `docker says: ${theirs.stderr}`);
			} else {
				assert.equal(ours.stdout, plainTree(theirs.stdout));
			}
		});

		test('history of one platform needs API 1.48: said, not sent', {skip: apiAtLeast(api, '1.48') && 'the engine API is 1.48 or newer'}, async () => {
			await assert.rejects(engine.history(APP, {os: 'linux', architecture: 'arm64'}), PlatformUnsupportedError);
		});
	});
}
