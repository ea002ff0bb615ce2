// Builds with the classic builder against the real engine, chosen (on engines
// from 23 on `auto` means BuildKit: see buildkit.test.ts); the context we send is
// checked against the one the docker CLI's legacy builder sends.
import assert from 'node:assert/strict';
import {randomBytes} from 'node:crypto';
import {mkdtempSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {test} from 'node:test';
import {BASE} from '../bed/fixture-names.mjs';
import type {Engine} from '../../source/engine/engine.ts';
import type {BuildOptions} from '../../source/engine/operations.ts';
import type {ProgressMessage} from '../../source/engine/progress-stream.ts';
import {isPodman} from '../helpers/test-engine.ts';
import {cli, withTestEngine} from './own-images.ts';
import {writeTree} from '../helpers/write-tree.ts';

let engine: Engine;
const work = mkdtempSync('/tmp/stowage-build-');
const tags = ['stowage-build/app:1', 'stowage-build/app:extra', 'stowage-build/ours:1', 'stowage-build/cli:1'];

withTestEngine(tags, value => {
	engine = value;
}, work);

const tree = (name: string, files: Record<string, string>) => writeTree(path.join(work, name), files);

type Run = {imageId: string; messages: ProgressMessage[]; output: string; uploaded: number};

async function build(options: Partial<BuildOptions> & {contextDir: string}, signal = new AbortController().signal): Promise<Run> {
	const messages: ProgressMessage[] = [];
	let uploaded = 0;
	const {imageId} = await engine.build({tags: [], noCache: false, buildArgs: {}, builder: 'classic', ...options}, message => messages.push(message), done => {
		uploaded = done;
	}, signal);
	return {imageId, messages, output: messages.map(message => message.stream ?? '').join(''), uploaded};
}

test('build with -f in a subdirectory, tags and build args; cache used unless noCache', async () => {
	const contextDir = tree('app', {
		'docker/Dockerfile.dev': `FROM ${BASE}\nARG GREETING=none\nRUN echo "greeting=$GREETING"\nCOPY data.txt /data.txt\n`,
		'data.txt': randomBytes(8).toString('hex'),
	});
	const options = {contextDir, dockerfile: 'docker/Dockerfile.dev', tags: ['stowage-build/app:1', 'stowage-build/app:extra'], buildArgs: {GREETING: 'hello'}};
	const first = await build(options);
	// dockerd's classic builder and Podman's (buildah) word their steps differently.
	assert.match(first.output, isPodman() ? /^STEP 1\/4: FROM stowage-base:1\.0\n/ : /^Step 1\/4 : FROM stowage-base:1\.0\n/);
	assert.match(first.output, /greeting=hello/);
	assert.match(first.output, /Successfully built [0-9a-f]{12}/);
	assert.ok(first.messages.some(message => message.aux?.ID === first.imageId), 'aux carries the image ID');
	assert.ok(first.uploaded >= 2048, `upload reported (${first.uploaded} bytes)`);
	for (const tag of options.tags) {
		assert.equal(await cli(['image', 'inspect', '--format', '{{.Id}}', tag]), first.imageId);
	}

	const cached = await build(options);
	assert.match(cached.output, /Using cache/);
	assert.equal(cached.imageId, first.imageId);

	const fresh = await build({...options, noCache: true});
	assert.doesNotMatch(fresh.output, /Using cache/);
	assert.match(fresh.output, /greeting=hello/);
	assert.notEqual(fresh.imageId, first.imageId);
});

// Everything COPY . saw, printed by the build itself (the pattern can't match the Step line).
const listing = /CTX\[(\.[^\]]*)\]/;
const listDockerfile = `FROM ${BASE}\nCOPY . /ctx\nRUN L="$(cd /ctx && find . | sort | tr '\\n' ' ')" && echo "CTX[$L]"\n`;

test('.dockerignore is honoured exactly as the docker CLI honours it (exceptions, Dockerfile always sent)', async () => {
	const contextDir = tree('ignore', {
		'Dockerfile': listDockerfile,
		'.dockerignore': '# secrets stay home\nsecret.txt\n*.log\n!keep.log\nlogs\n!logs/important\nsub/**/*.tmp\nDockerfile\n',
		'a.txt': 'a', 'secret.txt': 's', 'x.log': 'x', 'keep.log': 'k',
		'logs/one': '1', 'logs/important': 'i', 'sub/deep/a.tmp': 't', 'sub/deep/b.txt': 'b',
	});
	const outside = path.join(work, 'outside.Dockerfile');
	writeFileSync(outside, listDockerfile);

	for (const dockerfile of [undefined, '../outside.Dockerfile']) {
		const ours = await build({contextDir, dockerfile, noCache: true, tags: ['stowage-build/ours:1']});
		const theirs = await cli(['build', '--no-cache', '-t', 'stowage-build/cli:1', ...(dockerfile ? ['-f', outside] : []), contextDir]);
		const oursList = listing.exec(ours.output)?.[1]?.trim();
		assert.equal(oursList, listing.exec(theirs)?.[1]?.trim(), `Dockerfile ${dockerfile ?? 'in the context'}`);
		assert.doesNotMatch(oursList ?? '', /secret|x\.log|logs\/one|a\.tmp|dockerfile\./i);
		assert.match(oursList ?? '', /\.\/keep\.log .*\.\/logs\/important .*\.\/sub\/deep\/b\.txt/);
	}
});

test('a failing RUN step rejects with the engine\'s message after its output went through', async () => {
	const contextDir = tree('fail', {'Dockerfile': `FROM ${BASE}\nRUN echo "before the failure" && exit 3\n`});
	const seen: string[] = [];
	await assert.rejects(
		engine.build({contextDir, tags: [], noCache: true, buildArgs: {}, builder: 'classic'}, message => seen.push(message.stream ?? ''), () => {}, new AbortController().signal),
		{name: 'StreamError', message: isPodman()
			? 'building at STEP "RUN echo "before the failure" && exit 3": while running runtime: exit status 3 '
			: 'The command \'/bin/sh -c echo "before the failure" && exit 3\' returned a non-zero code: 3'},
	);
	assert.ok(seen.some(line => line.includes('before the failure')), seen.join(''));
	assert.ok(seen.some(line => line.startsWith(isPodman() ? 'STEP 2/2: RUN' : 'Step 2/2 : RUN')));

	const missing = tree('missing', {'Dockerfile': 'FROM x\n'});
	await assert.rejects(engine.build({contextDir: missing, dockerfile: 'nope/Dockerfile', tags: [], noCache: false, buildArgs: {}, builder: 'classic'}, () => {}, () => {}, new AbortController().signal), /Cannot locate Dockerfile: ".*nope\/Dockerfile"/);
});

test('aborting a running build rejects at once', async () => {
	const contextDir = tree('slow', {'Dockerfile': `FROM ${BASE}\nRUN echo "slow-$((20 + 22))" && sleep 30\n`});
	const controller = new AbortController();
	const started = Date.now();
	await assert.rejects(engine.build({contextDir, tags: [], noCache: true, buildArgs: {}, builder: 'classic'}, message => {
		// Only the step's own output says 42: the build is running it.
		if (message.stream?.includes('slow-42')) {
			controller.abort();
		}
	}, () => {}, controller.signal), {name: 'AbortError'});
	assert.ok(Date.now() - started < 10_000);
});
