// Records what a real engine answers, byte for byte, for the unit tests of the
// parsing (test/unit/captured/<name>/): no hand-written stand-ins for an engine.
// Usage: node test/bed/capture-shapes.mjs unix:///…/podman.sock podman-4.3
// (the engine needs the fixtures: run test/bed/run.mjs against it once first).
import http from 'node:http';
import {mkdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {docker, run} from './docker-cli.mjs';
import {startRegistry} from './registry.mjs';
import {APP, BASE, USED} from './fixture-names.mjs';

const [host, name] = process.argv.slice(2);
if (!host?.startsWith('unix://') || !name) throw new Error('usage: capture-shapes.mjs unix:///PATH NAME');
const socketPath = host.slice('unix://'.length);
const out = path.join(path.dirname(fileURLToPath(import.meta.url)), '../unit/captured', name);
mkdirSync(out, {recursive: true});

function call(method, urlPath, {body, headers = {}} = {}) {
	return new Promise((resolve, reject) => {
		const req = http.request({socketPath, method, path: urlPath, headers}, res => {
			const chunks = [];
			res.on('data', chunk => chunks.push(chunk));
			res.on('end', () => resolve({status: res.statusCode, body: Buffer.concat(chunks)}));
		});
		req.on('error', reject);
		req.end(body);
	});
}

async function save(file, method, urlPath, options) {
	const {status, body} = await call(method, urlPath, options);
	writeFileSync(path.join(out, file), body);
	console.log(`${file}: ${method} ${urlPath} → ${status}, ${body.length} bytes`);
}

const must = async args => {
	const result = await docker(args, {host});
	if (result.code !== 0) throw new Error(`docker ${args.join(' ')}: ${result.stderr}`);
	return result.stdout.trim();
};
// As docker-modem and the docker CLI send it: URL-safe base64 with its padding.
const authHeader = auth => ({'X-Registry-Auth': Buffer.from(JSON.stringify(auth)).toString('base64').replace(/\+/g, '-').replace(/\//g, '_')});

await save('version.json', 'GET', '/version');
const context = path.join(out, '..', `.context-${process.pid}`);
mkdirSync(context, {recursive: true});
writeFileSync(path.join(context, 'Dockerfile'), `FROM ${BASE}\nRUN echo captured > /captured\n`);
await run('tar', ['-C', context, '-cf', `${context}.tar`, 'Dockerfile']);
if (/Podman/.test(readFileSync(path.join(out, 'version.json'), 'utf8'))) {
	// What `podman build -t NAME` makes (libpod's own endpoint): a localhost/NAME image.
	await call('POST', '/v4.3.1/libpod/build?t=stowage-podman-local', {body: readFileSync(`${context}.tar`), headers: {'Content-Type': 'application/x-tar'}});
}

await save('images.json', 'GET', '/v1.41/images/json');
await save('history-app.json', 'GET', `/v1.41/images/${APP}/history`);
await save('system-df.json', 'GET', '/v1.41/system/df');
await save('containers.json', 'GET', '/v1.41/containers/json?all=true&size=true');
await save('remove-in-use.json', 'DELETE', `/v1.41/images/${USED}`);

// The events of a tag, an untag and a delete, a save, a load and a build, as the stream gives them.
const events = [];
const stream = http.get({socketPath, path: `/v1.41/events?filters=${encodeURIComponent('{"type":["image"]}')}`}, res => res.on('data', chunk => events.push(chunk)));
await new Promise(resolve => setTimeout(resolve, 500));
await must(['tag', BASE, 'stowage-capture:1']);
await save('remove-tag.json', 'DELETE', '/v1.41/images/stowage-capture:1');
await must(['tag', BASE, 'stowage-capture:2']);
const saved = await call('GET', '/v1.41/images/get?names=stowage-capture%3A2');
await save('load-stream.ndjson', 'POST', '/v1.41/images/load?quiet=false', {body: saved.body, headers: {'Content-Type': 'application/x-tar'}});
await save('remove-untag-delete.json', 'DELETE', '/v1.41/images/stowage-capture:2');
await save('build-stream.ndjson', 'POST', '/v1.41/build?t=stowage-capture%3Abuilt&version=1&rm=true', {body: readFileSync(`${context}.tar`), headers: {'Content-Type': 'application/x-tar'}});
rmSync(context, {recursive: true, force: true});
rmSync(`${context}.tar`, {force: true});

// Push and pull through a real registry on loopback.
const registry = await startRegistry({users: {capture: 'capture-pw'}});
const auth = authHeader({username: 'capture', password: 'capture-pw', serveraddress: registry.host});
try {
	await must(['tag', BASE, `${registry.host}/capture/base:1`]);
	await save('push-unauthorized.ndjson', 'POST', `/v1.41/images/${registry.host}/capture/base/push?tag=1`, {headers: authHeader({})});
	await save('push-stream.ndjson', 'POST', `/v1.41/images/${registry.host}/capture/base/push?tag=1`, {headers: auth});
	await must(['rmi', `${registry.host}/capture/base:1`]);
	await save('pull-stream.ndjson', 'POST', `/v1.41/images/create?fromImage=${registry.host}%2Fcapture%2Fbase&tag=1`, {headers: auth});
	await must(['rmi', `${registry.host}/capture/base:1`]);
} finally {
	await registry.stop();
}
await must(['rmi', 'stowage-capture:built']);
await docker(['rmi', 'localhost/stowage-podman-local'], {host});
await save('prune.json', 'POST', '/v1.41/images/prune');
await new Promise(resolve => setTimeout(resolve, 500));
stream.destroy();
writeFileSync(path.join(out, 'events.ndjson'), Buffer.concat(events));
console.log(`events.ndjson: ${Buffer.concat(events).toString('utf8').split('\n').filter(Boolean).length} events`);
