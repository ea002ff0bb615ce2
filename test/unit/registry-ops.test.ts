// What pull, push and login put on the wire, and how they read answers a real
// Docker 20.10 never gives (a 401 from /auth, a response that stalls), against
// a fake engine on a unix socket.
import assert from 'node:assert/strict';
import http from 'node:http';
import {mkdtempSync, rmSync} from 'node:fs';
import path from 'node:path';
import {after, before, test} from 'node:test';
import Docker from 'dockerode';
import {dockerOptions} from '../../source/engine/docker-client.ts';
import {AuthRequiredError, LoginRefusedError, registryOperations} from '../../source/engine/registry-ops.ts';

type Seen = {method: string; url: URL; auth?: unknown; body: string};
type Reply = (request: http.IncomingMessage, response: http.ServerResponse, seen: Seen) => void;

let dir: string;
let server: http.Server;
let reply: Reply;
const requests: Seen[] = [];
let ops: ReturnType<typeof registryOperations>;
let docker: Docker;

before(async () => {
	dir = mkdtempSync('/tmp/stowage-fake-engine-');
	const socketPath = path.join(dir, 'docker.sock');
	server = http.createServer((request, response) => {
		let body = '';
		request.on('data', chunk => {
			body += chunk;
		});
		request.on('end', () => {
			const header = request.headers['x-registry-auth'];
			const seen: Seen = {
				method: request.method ?? '',
				url: new URL(request.url ?? '/', 'http://engine'),
				auth: typeof header === 'string' ? JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) : undefined,
				body,
			};
			requests.push(seen);
			reply(request, response, seen);
		});
	});
	await new Promise<void>(resolve => server.listen(socketPath, resolve));
	docker = new Docker(dockerOptions({kind: 'unix', url: `unix://${socketPath}`, socketPath}, 'v1.41'));
	ops = registryOperations(() => docker);
});

after(async () => {
	(docker.modem as {agent?: http.Agent}).agent?.destroy();
	server.closeAllConnections();
	await new Promise(resolve => server.close(resolve));
	rmSync(dir, {recursive: true, force: true});
});

const lines = (...messages: unknown[]) => messages.map(message => `${JSON.stringify(message)}\r\n`).join('');
const ok: Reply = (_request, response) => {
	response.writeHead(200, {'Content-Type': 'application/json'});
	response.end(lines({status: 'Status: Image is up to date for x'}));
};

const signal = () => new AbortController().signal;
const last = () => requests.at(-1)!;

test('pull sends the familiar name as fromImage, the tag or digest as tag, and always an X-Registry-Auth', async () => {
	reply = ok;
	const digest = `sha256:${'b'.repeat(64)}`;
	const cases: Array<[string, string, string]> = [
		['ubuntu', 'ubuntu', 'latest'],
		['docker.io/library/ubuntu:22.04', 'ubuntu', '22.04'],
		['index.docker.io/me/app', 'me/app', 'latest'],
		['localhost:5000/team/app:v1', 'localhost:5000/team/app', 'v1'],
		[`127.0.0.1:5000/team/app:v1@${digest}`, '127.0.0.1:5000/team/app', digest],
	];
	for (const [reference, fromImage, tag] of cases) {
		await ops.pull(reference, undefined, () => {}, signal());
		assert.equal(last().method, 'POST');
		assert.equal(last().url.pathname, '/v1.41/images/create');
		assert.deepEqual(Object.fromEntries(last().url.searchParams), {fromImage, tag}, reference);
		assert.deepEqual(last().auth, {}, 'an empty X-Registry-Auth, never a missing one');
	}
});

test('push names exactly one tag, and credentials travel only in the header', async () => {
	reply = ok;
	await ops.push('127.0.0.1:5000/team/app', 'v2', {username: 'alice', password: 'pw', serveraddress: '127.0.0.1:5000'}, () => {}, signal());
	assert.equal(last().url.pathname, '/v1.41/images/127.0.0.1:5000/team/app/push');
	assert.deepEqual(Object.fromEntries(last().url.searchParams), {tag: 'v2'});
	assert.deepEqual(last().auth, {username: 'alice', password: 'pw', serveraddress: '127.0.0.1:5000'});
	// docker-modem echoes the query as a JSON body, which the engine ignores; the credentials are not in it.
	assert.doesNotMatch(last().body, /alice|pw/);

	await ops.push('me/app', 'latest', {username: 'alice', password: 'unused', identitytoken: 'tok', serveraddress: 'https://index.docker.io/v1/'}, () => {}, signal());
	assert.equal(last().url.pathname, '/v1.41/images/me/app/push');
	assert.deepEqual(last().auth, {username: 'alice', identitytoken: 'tok', serveraddress: 'https://index.docker.io/v1/'}, 'a token replaces the password');
});

test('an auth refusal inside the stream or as the HTTP status becomes AuthRequiredError', async () => {
	reply = (_request, response) => {
		response.writeHead(200);
		response.end(lines({status: 'The push refers to repository [docker.io/me/app]'}, {errorDetail: {message: 'denied: requested access to the resource is denied'}, error: 'denied: requested access to the resource is denied'}));
	};
	await assert.rejects(ops.push('me/app', 'v1', undefined, () => {}, signal()), (error: unknown) => {
		assert.ok(error instanceof AuthRequiredError);
		assert.equal(error.message, 'registry docker.io requires authentication: log in with l');
		assert.equal(error.registry, 'https://index.docker.io/v1/');
		return true;
	});

	reply = (_request, response) => {
		response.writeHead(401, {'Content-Type': 'application/json'});
		response.end(JSON.stringify({message: 'Head "https://r.example/v2/x/manifests/1": unauthorized'}));
	};
	await assert.rejects(ops.pull('r.example/x:1', undefined, () => {}, signal()), (error: unknown) => error instanceof AuthRequiredError && error.registry === 'r.example');

	reply = (_request, response) => {
		response.writeHead(404, {'Content-Type': 'application/json'});
		response.end(JSON.stringify({message: 'manifest for r.example/x:1 not found: manifest unknown: manifest unknown'}));
	};
	await assert.rejects(ops.pull('r.example/x:1', undefined, () => {}, signal()), {message: 'manifest for r.example/x:1 not found: manifest unknown: manifest unknown'});
});

test('an abort ends a response that has started and then stalls', async () => {
	reply = (_request, response) => {
		response.writeHead(200);
		// One line, then nothing: the abort must not wait for the engine.
		response.write(lines({status: 'Pulling from team/app', id: 'v1'}));
	};
	const controller = new AbortController();
	let abortedAt = 0;
	const pull = ops.pull('127.0.0.1:5000/team/app:v1', undefined, () => {
		abortedAt = performance.now();
		controller.abort();
	}, controller.signal);
	await assert.rejects(pull, {name: 'AbortError'});
	assert.ok(performance.now() - abortedAt < 200);
});

test('login: a 401 (newer engines) and a 500 that says unauthorized (20.10) both read as refused credentials', async () => {
	const password = 'Secret-Pw-123';
	for (const status of [401, 500]) {
		reply = (_request, response) => {
			response.writeHead(status, {'Content-Type': 'application/json'});
			// A registry that echoes what it got must not carry the password into our error.
			response.end(JSON.stringify({message: `login attempt to https://r.example/v2/ failed with status: 401 Unauthorized (got ${password})`}));
		};
		await assert.rejects(ops.login({username: 'alice', password, serveraddress: 'r.example'}), (error: unknown) => {
			assert.ok(error instanceof LoginRefusedError);
			assert.equal(error.message, 'registry r.example refused the credentials for alice: check the user name and password');
			assert.ok(!`${error.message} ${error.reason} ${String(error.stack)}`.includes(password));
			return true;
		});
		assert.deepEqual(JSON.parse(last().body), {username: 'alice', password, serveraddress: 'r.example'});
	}

	reply = (_request, response) => {
		response.writeHead(200, {'Content-Type': 'application/json'});
		response.end(JSON.stringify({Status: 'Login Succeeded', IdentityToken: 'tok-1'}));
	};
	assert.deepEqual(await ops.login({username: 'alice', password, serveraddress: 'r.example'}), {status: 'Login Succeeded', identityToken: 'tok-1'});

	reply = (_request, response) => {
		response.writeHead(500, {'Content-Type': 'application/json'});
		response.end(JSON.stringify({message: 'Get "https://r.example/v2/": dial tcp: lookup r.example: no such host'}));
	};
	await assert.rejects(ops.login({username: 'alice', password, serveraddress: 'r.example'}), {message: 'login to r.example failed: Get "https://r.example/v2/": dial tcp: lookup r.example: no such host'});
});
