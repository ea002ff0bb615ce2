// `auto` on an engine that prefers BuildKit: dockerd 20.10 with the buildkit
// feature on says `Builder-Version: 2` in /_ping, and auto then builds with it.
import assert from 'node:assert/strict';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {after, before, test} from 'node:test';
import {startEngine, type TestEngine} from '../bed/engine.mjs';
import {createDockerEngine} from '../../source/engine/docker-client.ts';
import type {Engine} from '../../source/engine/engine.ts';
import {parseHost} from '../../source/engine/endpoint.ts';
import {writeTree} from '../helpers/write-tree.ts';

let second: TestEngine;
let engine: Engine;
const work = mkdtempSync('/tmp/stowage-bk-auto-');

before(async () => {
	const config = path.join(work, 'daemon.json');
	writeFileSync(config, JSON.stringify({features: {buildkit: true}}));
	second = await startEngine({extraArgs: ['--config-file', config]});
	engine = createDockerEngine(parseHost(second.host));
	await engine.connect();
});

after(async () => {
	engine?.close();
	await second?.stop();
	rmSync(work, {recursive: true, force: true});
});

const noop = () => {};

test('auto builds with BuildKit where the engine prefers it', async () => {
	// FROM scratch: this engine has no images, and COPY needs none.
	const contextDir = writeTree(path.join(work, 'scratch'), {'Dockerfile': 'FROM scratch\nCOPY a.txt /a.txt\n', 'a.txt': 'a'});
	const names: string[] = [];
	const built = await engine.build({contextDir, tags: ['stowage-bk-auto:1'], noCache: false, buildArgs: {}, builder: 'auto'}, message => names.push(...(message.trace?.vertexes ?? []).map(vertex => vertex.name)), noop, new AbortController().signal);
	assert.equal(built.builder, 'buildkit');
	assert.ok(names.includes('[1/1] COPY a.txt /a.txt'), names.join('\n'));
	// And classic when chosen, on the same engine.
	assert.equal((await engine.build({contextDir, tags: [], noCache: false, buildArgs: {}, builder: 'classic'}, noop, noop, new AbortController().signal)).builder, 'classic');
});
