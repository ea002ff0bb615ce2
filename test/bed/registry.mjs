// A real registry (Debian's docker-registry, distribution 2.8) on a loopback
// port with htpasswd users and its own storage, for push, pull and login tests.
// The engine treats 127.0.0.0/8 registries as insecure, so plain HTTP works.
import {spawn} from 'node:child_process';
import {closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import {randomBytes} from 'node:crypto';
import {run} from './docker-cli.mjs';
import {freePort} from './net.mjs';
import {dieWithParent} from './sshd.mjs';
import {logTail} from './log-tail.mjs';

const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));
const binary = '/usr/bin/docker-registry';
// Registries not stopped yet: {dir, child()} for the exit handler.
const running = new Set();

async function within(promise, ms) {
	let timer;
	await Promise.race([promise, new Promise(resolve => {
		timer = setTimeout(resolve, ms);
	})]);
	clearTimeout(timer);
}

/** GET on the registry: {status, headers, body}; `auth` is [user, password] for basic auth. */
export function registryGet(port, urlPath, {auth, accept} = {}) {
	return new Promise((resolve, reject) => {
		const headers = {};
		if (auth) headers.Authorization = `Basic ${Buffer.from(`${auth[0]}:${auth[1]}`).toString('base64')}`;
		if (accept) headers.Accept = accept;
		const req = http.get({host: '127.0.0.1', port, path: urlPath, headers, timeout: 5000}, res => {
			const chunks = [];
			res.on('data', chunk => chunks.push(chunk));
			res.on('end', () => resolve({status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString('utf8')}));
			res.on('error', reject);
		});
		req.on('timeout', () => req.destroy(new Error(`registry GET ${urlPath} timed out`)));
		req.on('error', reject);
	});
}

async function answers401(port, tls) {
	if (tls) {
		// Up, whatever its certificate: the tests are what check it.
		return new Promise(resolve => {
			const req = https.get({host: tls.address, port, path: '/v2/', rejectUnauthorized: false, timeout: 5000, ...(tls.clientCert ? {cert: readFileSync(tls.clientCert), key: readFileSync(tls.clientKey)} : {})}, res => {
				res.resume();
				resolve(res.statusCode === 401);
			});
			req.on('timeout', () => req.destroy(new Error('timed out')));
			req.on('error', () => resolve(false));
		});
	}

	try {
		return (await registryGet(port, '/v2/')).status === 401;
	} catch {
		return false;
	}
}

async function htpasswd(users) {
	const lines = [];
	for (const [name, password] of Object.entries(users)) {
		const result = await run('htpasswd', ['-Bbn', name, password]);
		if (result.code !== 0) throw new Error(`test bed: htpasswd failed (${result.code}): ${result.stderr}; install apache2-utils`);
		lines.push(result.stdout.trim());
	}
	return `${lines.join('\n')}\n`;
}

function config(dir, port, {token, deleteEnabled = true, accessLog = false, tls}) {
	// JSON is valid YAML, and needs no quoting rules of its own.
	return JSON.stringify({
		version: 0.1,
		log: {level: 'info', accesslog: {disabled: !accessLog}, formatter: 'text'},
		storage: {
			filesystem: {rootdirectory: path.join(dir, 'data')},
			delete: {enabled: deleteEnabled},
			maintenance: {uploadpurging: {enabled: false}},
		},
		http: {addr: `${tls?.address ?? '127.0.0.1'}:${port}`, secret: randomBytes(16).toString('hex'), ...(tls ? {tls: {certificate: tls.cert, key: tls.key, ...(tls.clientCas ? {clientcas: tls.clientCas} : {})}} : {})},
		auth: token
			? {token: {realm: token.realm, service: token.service, issuer: token.issuer, rootcertbundle: token.certFile}}
			: {htpasswd: {realm: 'stowage-test', path: path.join(dir, 'htpasswd')}},
	}, null, 2);
}

function launch(dir, port, options) {
	const file = path.join(dir, 'config.yml');
	const log = path.join(dir, 'registry.log');
	writeFileSync(file, config(dir, port, options));
	const [command, args] = dieWithParent(binary, ['serve', file]);
	const fd = openSync(log, 'a');
	let child;
	try {
		child = spawn(command, args, {stdio: ['ignore', fd, fd]});
	} finally {
		closeSync(fd);
	}
	let exitCode;
	const exited = new Promise(resolve => {
		child.on('exit', (code, signal) => {
			exitCode = code ?? signal;
			resolve();
		});
		// Not started at all (no binary): there will be no 'exit'.
		child.on('error', error => {
			exitCode ??= error.message;
			resolve();
		});
	});
	return {child, exited, exitCode: () => exitCode, log};
}

/**
 * Starts a registry on a free 127.0.0.1 port with basic auth for `users` ({name: password}),
 * or token auth from `token` (a startTokenIssuer); `deleteEnabled: false` makes deletes 405,
 * `accessLog: true` writes each request to registry.log.
 * Returns {port, host: '127.0.0.1:PORT', dir, stop()}; stop() ends it (SIGTERM, then SIGKILL)
 * and removes dir. It dies with this process however that ends (setpriv --pdeathsig).
 */
export async function startRegistry({users = {}, timeoutMs = 10_000, token, deleteEnabled = true, accessLog = false, tls} = {}) {
	const options = {token, deleteEnabled, accessLog, tls};
	const dir = mkdtempSync('/tmp/stowage-registry-');
	mkdirSync(path.join(dir, 'data'));
	let current;
	let stopped;
	const entry = {dir, child: () => current?.child};
	const stop = () => {
		stopped ??= (async () => {
			running.delete(entry);
			if (current && current.exitCode() === undefined) {
				current.child.kill('SIGTERM');
				await within(current.exited, 5000);
				if (current.exitCode() === undefined) {
					current.child.kill('SIGKILL');
					await current.exited;
				}
			}
			rmSync(dir, {recursive: true, force: true});
		})();
		return stopped;
	};
	// A fault, not a shutdown: SIGKILL, so clients see their connections cut mid-transfer.
	const kill = async () => {
		if (current && current.exitCode() === undefined) {
			current.child.kill('SIGKILL');
			await current.exited;
		}
	};
	// The same port and storage, as a registry restarted by its supervisor comes back.
	const restart = async port => {
		await kill();
		current = launch(dir, port, options);
		const deadline = Date.now() + timeoutMs;
		while (current.exitCode() === undefined && Date.now() < deadline && !(await answers401(port, tls))) await sleep(30);
		if (current.exitCode() !== undefined || Date.now() >= deadline) {
			throw new Error(`test bed: docker-registry did not come back on ${port}:\n${logTail(current.log)}`);
		}
	};
	running.add(entry);
	installExitHandler();
	try {
		writeFileSync(path.join(dir, 'htpasswd'), await htpasswd(users), {mode: 0o600});
		// The free port may be taken between our probe and the registry's bind: try a few.
		for (let attempt = 1; ; attempt++) {
			const port = await freePort();
			current = launch(dir, port, options);
			const deadline = Date.now() + timeoutMs;
			while (current.exitCode() === undefined && Date.now() < deadline && !(await answers401(port, tls))) await sleep(30);
			if (current.exitCode() === undefined && Date.now() < deadline) {
				return {port, host: `${tls?.address ?? '127.0.0.1'}:${port}`, dir, log: current.log, stop, kill: () => kill(), restart: () => restart(port)};
			}
			const why = `docker-registry ${current.exitCode() === undefined ? `did not answer 401 on /v2/ within ${timeoutMs / 1000} s` : `exited (${current.exitCode()})`}:\n${logTail(current.log)}`;
			if (current.exitCode() === undefined) current.child.kill('SIGKILL');
			await current.exited;
			if (attempt >= 3 || !/address already in use/i.test(why)) throw new Error(`test bed: ${why}`);
		}
	} catch (error) {
		await stop();
		throw error;
	}
}

let installed = false;
function installExitHandler() {
	if (installed) return;
	installed = true;
	// A test process that ends without stop() leaves neither a registry nor its storage behind.
	// Only synchronous work runs in an 'exit' handler.
	process.on('exit', () => {
		for (const {dir, child} of running) {
			child()?.kill('SIGKILL');
			rmSync(dir, {recursive: true, force: true});
		}
	});
}
