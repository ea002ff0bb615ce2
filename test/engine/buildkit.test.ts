// BuildKit builds against the real engine (dockerd 20.10 here: it prefers the
// classic builder, so these choose buildkit, and it has no bridge network, so the
// build runs its steps with networkmode=none). Our own session serves health
// checks, so a build longer than BuildKit's two missed checks (~10 s) survives.
import assert from 'node:assert/strict';
import {notOn} from '../helpers/engine-matrix.ts';
import {randomBytes} from 'node:crypto';
import {mkdirSync, mkdtempSync, writeFileSync} from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import {after, test} from 'node:test';
import {docker} from '../bed/docker-cli.mjs';
import {BASE} from '../bed/fixture-names.mjs';
import {startRegistry} from '../bed/registry.mjs';
import type {Engine} from '../../source/engine/engine.ts';
import type {BuildOptions} from '../../source/engine/operations.ts';
import type {ProgressMessage} from '../../source/engine/progress-stream.ts';
import {cli, withTestEngine} from './own-images.ts';
import {testHost} from '../helpers/test-engine.ts';
import {writeTree} from '../helpers/write-tree.ts';

let engine: Engine;
const work = mkdtempSync('/tmp/stowage-bk-');
const tags = ['stowage-bk/cache:1', 'stowage-bk/target:1', 'stowage-bk/secret:1', 'stowage-bk/slow:1', 'stowage-bk/ignore:1'];

withTestEngine(tags, value => {
	engine = value;
}, work);
// What BuildKit keeps (the cache mount, step results) is not the fixtures' business.
after(async () => {
	await docker(['builder', 'prune', '-af']);
});

const tree = (name: string, files: Record<string, string>) => writeTree(path.join(work, name), files);

type Run = {imageId: string; builder: string; messages: ProgressMessage[]; output: string; seconds: number};

async function build(options: Partial<BuildOptions> & {contextDir: string}): Promise<Run> {
	const messages: ProgressMessage[] = [];
	const started = performance.now();
	const {imageId, builder} = await engine.build({tags: [], noCache: false, buildArgs: {}, builder: 'buildkit', ...options}, message => messages.push(message), () => {}, new AbortController().signal);
	const output = messages.flatMap(message => message.trace?.logs ?? []).map(log => log.text).join('');
	return {imageId, builder, messages, output, seconds: (performance.now() - started) / 1000};
}

const vertexNames = (run: Run) => new Set(run.messages.flatMap(message => message.trace?.vertexes ?? []).map(vertex => vertex.name));

test(...notOn(['podman-4.3'], 'no BuildKit: Podman 4.3 builds with its own classic-compatible builder', 'a cache mount keeps its files from one build to the next; the image ID comes from moby.image.id'), async () => {
	const contextDir = tree('cache', {
		'Dockerfile': `FROM ${BASE}\nARG RUN_ID\nRUN --mount=type=cache,target=/cache echo "runs=$(ls /cache | wc -l)" && touch /cache/$RUN_ID\nCOPY data.txt /data.txt\n`,
		'data.txt': randomBytes(8).toString('hex'),
	});
	const first = await build({contextDir, tags: ['stowage-bk/cache:1'], buildArgs: {RUN_ID: 'a'}});
	const second = await build({contextDir, tags: ['stowage-bk/cache:1'], buildArgs: {RUN_ID: 'b'}});
	console.log(`cache-mount build: ${first.seconds.toFixed(2)} s, again ${second.seconds.toFixed(2)} s`);
	assert.equal(first.builder, 'buildkit');
	assert.match(second.output, /runs=[1-9]/, 'the second build sees what the first left in the cache');
	assert.equal(await cli(['image', 'inspect', '--format', '{{.Id}}', 'stowage-bk/cache:1']), second.imageId);
	assert.ok(second.messages.some(message => message.aux?.ID === second.imageId));
	assert.ok(vertexNames(second).has('[internal] load remote build context'));
});

test(...notOn(['podman-4.3'], 'no BuildKit: Podman 4.3 builds with its own classic-compatible builder', '--target stops at the stage it names'), async () => {
	const contextDir = tree('target', {'Dockerfile': `FROM ${BASE} AS first\nRUN echo one > /stage\nFROM first AS second\nRUN echo two > /stage\n`});
	const run = await build({contextDir, target: 'first', tags: ['stowage-bk/target:1']});
	assert.ok(![...vertexNames(run)].some(name => name.includes('echo two')), [...vertexNames(run)].join('\n'));
	assert.equal(await cli(['run', '--rm', '--network', 'none', 'stowage-bk/target:1', 'cat', '/stage']), 'one');
});

test(...notOn(['podman-4.3'], 'no BuildKit: Podman 4.3 builds with its own classic-compatible builder', 'a secret is served to RUN --mount=type=secret and stays out of the image'), async () => {
	const value = `s3cret-${randomBytes(4).toString('hex')}`;
	const src = path.join(work, 'token.txt');
	writeFileSync(src, value);
	const contextDir = tree('secret', {'Dockerfile': `FROM ${BASE}\nRUN --mount=type=secret,id=token test "$(cat /run/secrets/token)" = "${value}" && echo secret-matches\n`});
	const run = await build({contextDir, secrets: [{id: 'token', src}], tags: ['stowage-bk/secret:1'], noCache: true});
	assert.match(run.output, /secret-matches/);
	assert.equal(await cli(['run', '--rm', '--network', 'none', 'stowage-bk/secret:1', 'sh', '-c', 'ls /run/secrets 2>/dev/null | wc -l']), '0');

	const missing = tree('secret-missing', {'Dockerfile': `FROM ${BASE}\nRUN --mount=type=secret,id=absent,required cat /run/secrets/absent\n`});
	await assert.rejects(build({contextDir: missing, noCache: true}), /absent/);
});

test(...notOn(['podman-4.3'], 'no BuildKit: Podman 4.3 builds with its own classic-compatible builder', 'a failing step: the error names the step and its last output'), async () => {
	const contextDir = tree('fail', {'Dockerfile': `FROM ${BASE}\nRUN echo "before the failure" && echo "on stderr" >&2 && exit 3\n`});
	// The name is cut so that the reason and the output fit a job's line. BuildKit sends a
	// step's stdout and stderr as two streams, each in order but not with each other (28.5
	// delivered stderr's line first): the output is shown as it arrived, as docker build does.
	const step = '[2/2] RUN echo "before the failure" && echo "on stderr" >&2… failed: exit code: 3 · last output: ';
	await assert.rejects(build({contextDir, noCache: true}), (error: Error) => {
		assert.equal(error.name, 'StreamError');
		assert.ok([`${step}before the failure ⏎ on stderr`, `${step}on stderr ⏎ before the failure`].includes(error.message), error.message);
		return true;
	});
});

test(...notOn(['podman-4.3'], 'no BuildKit: Podman 4.3 builds with its own classic-compatible builder', '.dockerignore and -f work as with the classic builder'), async () => {
	const contextDir = tree('ignore', {
		'docker/build.Dockerfile': `FROM ${BASE}\nCOPY . /ctx\nRUN L="$(cd /ctx && find . | sort | tr '\\n' ' ')" && echo "CTX[$L]"\n`,
		'.dockerignore': 'secret.txt\n*.log\n!keep.log\n',
		'a.txt': 'a', 'secret.txt': 's', 'x.log': 'x', 'keep.log': 'k',
	});
	const run = await build({contextDir, dockerfile: 'docker/build.Dockerfile', noCache: true, tags: ['stowage-bk/ignore:1']});
	assert.equal(/CTX\[([^\]]*)\]/.exec(run.output)?.[1]?.trim(), '. ./.dockerignore ./a.txt ./docker ./docker/build.Dockerfile ./keep.log');
});

/** What the engine itself says it prefers: the header, read without our code. */
function builderVersion(): Promise<string | undefined> {
	return new Promise((resolve, reject) => {
		http.get({socketPath: testHost().replace(/^unix:\/\//, ''), path: '/_ping'}, answer => {
			answer.resume();
			resolve(answer.headers['builder-version'] as string | undefined);
		}).on('error', reject);
	});
}

test('auto takes what /_ping prefers (dockerd 20.10: classic, 26 and later: BuildKit); secrets with classic say to choose buildkit', async () => {
	const contextDir = tree('auto', {'Dockerfile': `FROM ${BASE}\nRUN echo auto\n`});
	const run = await build({contextDir, builder: 'auto'});
	const prefersBuildkit = await builderVersion() === '2';
	assert.equal(run.builder, prefersBuildkit ? 'buildkit' : 'classic');
	if (!prefersBuildkit) {
		await assert.rejects(build({contextDir, builder: 'auto', secrets: [{id: 'x', src: '/dev/null'}]}), /secrets need BuildKit/);
	}

	await assert.rejects(build({contextDir, builder: 'classic', secrets: [{id: 'x', src: '/dev/null'}]}), /secrets need BuildKit: choose buildkit/);
});

test(...notOn(['podman-4.3'], 'no BuildKit: Podman 4.3 builds with its own classic-compatible builder', 'a private base image: the session answers BuildKit\'s credential request from the stored credentials'), async () => {
	const registry = await startRegistry({users: {tester: 'private-pass'}});
	const config = path.join(work, 'private-config');
	const saved = process.env.DOCKER_CONFIG;
	try {
		mkdirSync(config);
		writeFileSync(path.join(config, 'config.json'), JSON.stringify({auths: {[registry.host]: {auth: Buffer.from('tester:private-pass').toString('base64')}}}));
		const base = `${registry.host}/private/base:1`;
		await cli(['tag', BASE, base]);
		const pushed = await docker(['push', base], {env: {DOCKER_CONFIG: config}});
		assert.equal(pushed.code, 0, pushed.stderr);
		await cli(['rmi', base]);
		const contextDir = tree('private', {'Dockerfile': `FROM ${base}\nRUN echo from-private\n`});
		// Without credentials the registry refuses BuildKit's pull.
		process.env.DOCKER_CONFIG = path.join(work, 'no-config');
		await assert.rejects(build({contextDir, noCache: true}), /401|unauthorized|authorization/i);
		process.env.DOCKER_CONFIG = config;
		const run = await build({contextDir, noCache: true});
		assert.match(run.output, /from-private/);
	} finally {
		process.env.DOCKER_CONFIG = saved;
		await registry.stop();
	}
});

test(...notOn(['podman-4.3'], 'no BuildKit: Podman 4.3 builds with its own classic-compatible builder', 'cancelling a running BuildKit build rejects at once'), async () => {
	const contextDir = tree('cancel', {'Dockerfile': `FROM ${BASE}\nRUN echo "slow-$((20 + 22))" && sleep 30\n`});
	const controller = new AbortController();
	let started = 0;
	await assert.rejects(engine.build({contextDir, tags: [], noCache: true, buildArgs: {}, builder: 'buildkit'}, message => {
		// Only the step's own output says 42: the build is running it.
		if (message.trace?.logs.some(log => log.text.includes('slow-42'))) {
			started = Date.now();
			controller.abort();
		}
	}, () => {}, controller.signal), {name: 'AbortError'});
	assert.ok(started > 0 && Date.now() - started < 2000);
});

// Without health checks BuildKit gives up on the session within ~10 s (measured here on
// 20.10: a secret step after a 15 s sleep fails with "no active session … context deadline
// exceeded"), so the proof is a step that needs the session after the long one.
const [longName, longOptions] = notOn(['podman-4.3'], 'no BuildKit: Podman 4.3 builds with its own classic-compatible builder', 'a build of more than 60 s keeps its session: a secret is still served after the sleep');
test(longName, {...longOptions, timeout: 120_000}, async () => {
	const src = path.join(work, 'late-token.txt');
	writeFileSync(src, 'late-secret');
	const contextDir = tree('slow', {'Dockerfile': `FROM ${BASE}\nRUN sleep 60 && echo "slept-$((30 + 30))"\nRUN --mount=type=secret,id=late,required echo "after-sleep=$(cat /run/secrets/late)"\n`});
	const run = await build({contextDir, noCache: true, tags: ['stowage-bk/slow:1'], secrets: [{id: 'late', src}]});
	console.log(`60 s build: ${run.seconds.toFixed(1)} s`);
	assert.match(run.output, /slept-60/);
	assert.match(run.output, /after-sleep=late-secret/);
	assert.ok(run.seconds >= 60);
});

test(...notOn(['docker-20.10', 'docker-26.1', 'docker-28.5-containerd'], 'they offer BuildKit', 'BuildKit chosen on an engine without it (Podman): the build says so and names the way out'), async () => {
	const contextDir = tree('no-bk', {'Dockerfile': `FROM ${BASE}\nRUN echo no\n`});
	await assert.rejects(build({contextDir, builder: 'buildkit'}), {message: 'this engine offers no BuildKit (it has no /session endpoint): choose the classic builder (or auto) in the build form'});
	// auto is the classic builder there, and builds.
	assert.equal((await build({contextDir, builder: 'auto'})).builder, 'classic');
});
