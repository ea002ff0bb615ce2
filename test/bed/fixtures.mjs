// Builds the fixture images offline: no registry is reachable, so every image
// starts from a `docker import` of a folder holding the static busybox.
import {createHash} from 'node:crypto';
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {docker, run} from './docker-cli.mjs';
import {busyboxRootfs} from './busybox-rootfs.mjs';
import * as names from './fixture-names.mjs';
import {buildMultiPlatform, multiPlatformUnsupported} from './multi-platform-fixture.mjs';

const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

// The Engine API reports Created in whole seconds; one image per second makes
// sorting by age deterministic without sleeping a full second each time.
let lastSecond = 0;
async function nextSecond() {
	while (Math.floor(Date.now() / 1000) <= lastSecond) await sleep(1000 - (Date.now() % 1000) + 5);
}
function markCreated() {
	lastSecond = Math.floor(Date.now() / 1000);
}

// Incompressible yet the same every run, so a reused engine's build cache still hits.
function pseudoRandom(size) {
	const chunks = [];
	for (let i = 0; chunks.length * 32 < size; i++) chunks.push(createHash('sha256').update(`stowage-${i}`).digest());
	return Buffer.concat(chunks).subarray(0, size);
}

export async function buildFixtures(host) {
	const work = mkdtempSync('/tmp/stowage-fix-');
	const env = {DOCKER_BUILDKIT: '0', DOCKER_CONFIG: path.join(work, 'config')};
	mkdirSync(env.DOCKER_CONFIG);

	async function must(args, input) {
		const result = await docker(args, {host, env, input});
		if (result.code !== 0) throw new Error(`fixtures: docker ${args.join(' ')} failed (${result.code}):\n${result.stderr}`);
		return result.stdout.trim();
	}
	async function tarOf(dir) {
		const file = `${dir}.tar`;
		const result = await run('tar', ['--owner=0', '--group=0', '--numeric-owner', '-C', dir, '-cf', file, '.']);
		if (result.code !== 0) throw new Error(`fixtures: tar of ${dir} failed: ${result.stderr}`);
		return file;
	}
	async function importDir(dir, ref, message) {
		await nextSecond();
		const id = await must(['import', '-m', message, await tarOf(dir), ref]);
		markCreated();
		return id;
	}
	let builds = 0;
	async function build(ref, dockerfile, files = {}) {
		const context = path.join(work, `build-${++builds}`);
		mkdirSync(context);
		writeFileSync(path.join(context, 'Dockerfile'), dockerfile);
		for (const [name, content] of Object.entries(files)) writeFileSync(path.join(context, name), content);
		await nextSecond();
		const built = await must(['build', '-q', '-t', ref, context]);
		markCreated();
		// Podman's `build -q` prints the bare hex; inspect gives `sha256:…` on every engine.
		return must(['image', 'inspect', '--format', '{{.Id}}', built]);
	}

	try {
		const rootfs = await busyboxRootfs(path.join(work, 'rootfs'));

		const small = path.join(work, 'small');
		mkdirSync(small);
		writeFileSync(path.join(small, 'small.txt'), 'small\n');
		const big = path.join(work, 'big');
		mkdirSync(big);
		writeFileSync(path.join(big, 'big.bin'), pseudoRandom(names.BIG_BYTES));

		const order = [];
		await importDir(small, names.SMALL, 'stowage small');
		order.push(names.SMALL);
		await importDir(big, names.BIG, 'stowage big');
		order.push(names.BIG);
		await importDir(rootfs, names.BASE, names.BASE_COMMENT);
		await must(['tag', names.BASE, names.BASE_LATEST]);
		order.push(names.BASE);
		await importDir(rootfs, names.HOSTILE_BASE, names.HOSTILE_COMMENT);
		order.push(names.HOSTILE_BASE);

		await build(names.APP, [
			`FROM ${names.BASE}`,
			`LABEL ${names.APP_LABEL.key}=${names.APP_LABEL.value}`,
			`ENV ${names.APP_ENV}`,
			'RUN mkdir -p /app && echo hello > /app/hello.txt',
			'COPY payload.bin /app/payload.bin',
			`RUN dd if=/dev/zero of=/app/zeros bs=1000 count=${names.ZEROS_BYTES / 1000}`,
			'CMD ["sh"]',
		].join('\n'), {'payload.bin': pseudoRandom(names.PAYLOAD_BYTES)});
		await must(['tag', names.APP, names.APP_LATEST]);
		await must(['tag', names.APP, names.APP_REGISTRY]);
		order.push(names.APP);

		await build(names.USED, `FROM ${names.BASE}\nRUN echo used > /used.txt\n`);
		// A rerun against a reused engine would otherwise fail on the name.
		await docker(['rm', '-f', names.USED_CONTAINER], {host, env});
		const usedContainerId = await must(['create', '--name', names.USED_CONTAINER, names.USED, 'true']);
		order.push(names.USED);

		// Moving the tag to a second build leaves the first untagged: `<none>:<none>`.
		const danglingId = await build(names.DANGLING_TAG, `FROM ${names.BASE}\nRUN echo one > /one\n`);
		order.push(danglingId);
		await build(names.DANGLING_TAG, `FROM ${names.BASE}\nRUN echo two > /two\n`);
		order.push(names.DANGLING_TAG);

		// Raw ESC/BEL bytes go straight into the Dockerfile: the parser keeps them,
		// so they land verbatim in the history's CreatedBy and in the label.
		await build(names.HOSTILE, [
			`FROM ${names.HOSTILE_BASE}`,
			`RUN echo "${names.HOSTILE_TITLE}" > /x && echo "${names.HOSTILE_CLEAR}"`,
			`LABEL ${names.HOSTILE_LABEL.key}="${names.HOSTILE_LABEL.value}"`,
		].join('\n'));
		order.push(names.HOSTILE);

		const ids = {};
		for (const ref of names.ALL_TAGS) ids[ref] = await must(['image', 'inspect', '--format', '{{.Id}}', ref]);
		// Only where the engine can hold one: API 1.47+ with the containerd image store (and buildx).
		const unsupported = await multiPlatformUnsupported(host);
		const multiPlatform = unsupported === undefined ? await buildMultiPlatform(host) : {skipped: unsupported};
		return {ids, danglingId, usedContainer: names.USED_CONTAINER, usedContainerId, createdOrder: order, multiPlatform};
	} finally {
		rmSync(work, {recursive: true, force: true});
	}
}
