// A BuildKit build through an ssh:// engine: the session's hijacked connection
// is one more HTTP connection on a `docker system dial-stdio` channel of the one
// SSH connection, and the engine's calls back into it (health, secrets) go through it.
import assert from 'node:assert/strict';
import {notOn} from '../helpers/engine-matrix.ts';
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {after, before, test} from 'node:test';
import {docker} from '../bed/docker-cli.mjs';
import {BASE} from '../bed/fixture-names.mjs';
import {sshKeygen, startSshd, type Sshd} from '../bed/sshd.mjs';
import {createDockerEngine} from '../../source/engine/docker-client.ts';
import {parseHost} from '../../source/engine/endpoint.ts';
import type {Engine} from '../../source/engine/engine.ts';
import {testHost} from '../helpers/test-engine.ts';
import {writeTree} from '../helpers/write-tree.ts';

let work: string;
let sshd: Sshd;
let engine: Engine;

before(async () => {
	work = mkdtempSync('/tmp/stowage-bk-ssh-');
	const key = await sshKeygen(path.join(work, 'keys', 'id_test'), 'stowage-bk-ssh');
	sshd = await startSshd({authorizedKey: key.publicKey, env: {DOCKER_HOST: testHost()}});
	const home = path.join(work, 'home');
	mkdirSync(path.join(home, '.ssh'), {recursive: true, mode: 0o700});
	writeFileSync(path.join(home, '.ssh', 'id_ed25519'), key.privateKey, {mode: 0o600});
	writeFileSync(path.join(home, '.ssh', 'known_hosts'), `[127.0.0.1]:${sshd.port} ${sshd.hostKeyPub.split(' ').slice(0, 2).join(' ')}\n`);
	engine = createDockerEngine(parseHost(`ssh://root@127.0.0.1:${sshd.port}`), {env: {HOME: home}, retryDelaysMs: [50]});
	await engine.connect();
});

after(async () => {
	engine?.close();
	await sshd?.stop();
	// Other files compare the engine with its fixtures: what this build made goes again.
	await docker(['rmi', 'stowage-bk-ssh:1']);
	await docker(['builder', 'prune', '-af']);
	rmSync(work, {recursive: true, force: true});
});

test(...notOn(['podman-4.3'], 'no BuildKit: Podman 4.3 builds with its own classic-compatible builder', 'a BuildKit build with a secret over ssh://'), async () => {
	const src = path.join(work, 'token.txt');
	writeFileSync(src, 'over-ssh');
	const contextDir = writeTree(path.join(work, 'ctx'), {'Dockerfile': `FROM ${BASE}\nRUN --mount=type=secret,id=tok echo "secret=$(cat /run/secrets/tok)"\n`});
	const output: string[] = [];
	const built = await engine.build({contextDir, tags: ['stowage-bk-ssh:1'], noCache: true, buildArgs: {}, builder: 'buildkit', secrets: [{id: 'tok', src}]}, message => output.push(...(message.trace?.logs ?? []).map(log => log.text)), () => {}, new AbortController().signal);
	assert.equal(built.builder, 'buildkit');
	assert.match(output.join(''), /secret=over-ssh/);
});
