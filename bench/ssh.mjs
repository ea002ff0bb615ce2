// SSH transports side by side, against one engine in the same run: the median
// latency of one image list (GET /images/json) over the local socket, stowage's
// SSH transport, dockerode's default ssh mode and `docker -H ssh://… image ls`.
// Part of `npm run bench`; `node bench/ssh.mjs` runs it alone.
import {chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';
import Docker from 'dockerode';
import {register} from 'tsx/esm/api';
import {sshKeygen, startSshd} from '../test/bed/sshd.mjs';
import {ensureDataset} from './dataset.mjs';
import {startEngine} from './engine.mjs';
import {median, timeCommand} from './measure.mjs';
import {table} from './report.mjs';

// docker-modem's ssh mode builds an "ssh:" URL that Node calls deprecated.
process.noDeprecation = true;
const here = path.dirname(fileURLToPath(import.meta.url));
const calls = 50;

/** `count` sequential calls after `warm` unmeasured ones: each call's ms. */
async function timeCalls(call, count, warm = 3) {
	for (let i = 0; i < warm; i++) await call();
	const samples = [];
	for (let i = 0; i < count; i++) {
		const started = performance.now();
		await call();
		samples.push(performance.now() - started);
	}
	return samples;
}

/** A HOME and PATH for the docker CLI: its `ssh` reads ~/.ssh of the passwd entry, so a wrapper passes our config. */
function cliSshSetup(work, sshd, keyPath) {
	const config = path.join(work, 'ssh_config');
	const known = path.join(work, 'known_hosts');
	writeFileSync(known, `[127.0.0.1]:${sshd.port} ${sshd.hostKeyPub.split(' ').slice(0, 2).join(' ')}\n`);
	writeFileSync(config, `Host *\n\tIdentityFile ${keyPath}\n\tIdentitiesOnly yes\n\tUserKnownHostsFile ${known}\n\tStrictHostKeyChecking yes\n`);
	const bin = path.join(work, 'bin');
	mkdirSync(bin);
	writeFileSync(path.join(bin, 'ssh'), `#!/bin/sh\nexec /usr/bin/ssh -F ${config} "$@"\n`);
	chmodSync(path.join(bin, 'ssh'), 0o755);
	return {PATH: `${bin}:${process.env.PATH}`, HOME: work, SSH_AUTH_SOCK: ''};
}

/** Local, stowage-over-SSH and docker-modem-over-SSH list latencies against one engine; the docker CLI too when `cli`. */
async function measureEngine(engine, count, work, key, api, {cli}) {
	const {createDockerEngine, parseHost} = api;
	const dataset = await ensureDataset(engine.socketPath, count);
	if (dataset.created) api.log(`ssh: created ${dataset.created} images`);
	const sshd = await startSshd({authorizedKey: key.publicKey, env: {DOCKER_HOST: engine.host}});
	const opened = [];
	try {
		writeFileSync(path.join(work, '.ssh', 'known_hosts'), `[127.0.0.1]:${sshd.port} ${sshd.hostKeyPub.split(' ').slice(0, 2).join(' ')}\n`);
		const url = `ssh://root@127.0.0.1:${sshd.port}`;
		const local = createDockerEngine(parseHost(engine.host));
		const ours = createDockerEngine(parseHost(url), {env: {HOME: work}});
		opened.push(local, ours);
		const result = {images: count, localMs: await timeCalls(() => local.listImages(), calls)};
		await ours.connect();
		result.stowageSshMs = await timeCalls(() => ours.listImages(), calls);
		if ((await ours.listImages()).length !== count) throw new Error(`bench: stowage over ssh listed ${(await ours.listImages()).length} images, expected ${count}`);
		result.stowageSshTotalMs = result.stowageSshMs.reduce((sum, value) => sum + value, 0);
		// docker-modem's ssh mode: a new SSH connection and dial-stdio for every call, any host key accepted.
		const modem = new Docker({protocol: 'ssh', host: '127.0.0.1', port: sshd.port, username: 'root', sshOptions: {privateKey: key.privateKey}});
		result.dockerodeSshMs = await timeCalls(() => modem.listImages(), 10, 1);
		if (cli) result.dockerCliSshMs = await timeDockerCli(work, sshd, key.privateKeyPath, url, count);
		return result;
	} finally {
		for (const client of opened) client.close();
		await sshd.stop();
	}
}

async function timeDockerCli(work, sshd, keyPath, url, count) {
	const env = cliSshSetup(work, sshd, keyPath);
	const runs = [];
	// timeCommand passes our environment on: lend it the CLI's HOME and PATH meanwhile.
	const saved = Object.fromEntries(Object.keys(env).map(name => [name, process.env[name]]));
	Object.assign(process.env, env);
	try {
		for (let i = 0; i < 6; i++) runs.push(await timeCommand('docker', ['-H', url, 'image', 'ls'], url));
	} finally {
		for (const [name, value] of Object.entries(saved)) {
			if (value === undefined) delete process.env[name];
			else process.env[name] = value;
		}
	}
	if (runs[0].lines !== count + 1) throw new Error(`bench: docker -H ssh:// image ls printed ${runs[0].lines} lines, expected ${count + 1}`);
	return runs.slice(1).map(run => run.ms);
}

/**
 * The 1,000-image engine (bench/.cache/engine-1k, shared with the list bench), then an engine
 * holding one image (engine-ssh-1), where the engine's own share is small and the transport shows.
 */
export async function measureSsh(log) {
	register();
	const load = name => import(pathToFileURL(path.join(here, '..', 'source', 'engine', name)).href);
	const [{createDockerEngine}, {parseHost}] = await Promise.all([load('docker-client.ts'), load('endpoint.ts')]);
	const api = {createDockerEngine, parseHost, log};
	const work = mkdtempSync('/tmp/stb-ssh-');
	try {
		const key = await sshKeygen(path.join(work, '.ssh', 'id_ed25519'), 'stowage-bench');
		const results = {calls};
		for (const [name, count, cli] of [['big', 1000, true], ['small', 1, false]]) {
			const engine = await startEngine(path.join(here, '.cache', count === 1000 ? 'engine-1k' : 'engine-ssh-1'));
			try {
				results[name] = await measureEngine(engine, count, work, key, api, {cli});
			} finally {
				await engine.stop();
			}
		}
		return results;
	} finally {
		rmSync(work, {recursive: true, force: true});
	}
}

const ms = value => `${value.toFixed(value < 100 ? 2 : 0)} ms`;

/** The table and the target checks. */
export function printSshReport(ssh) {
	if (!ssh || ssh.error) {
		console.log(`\nSSH transports: not measured (${ssh?.error ?? 'skipped'})\n`);
		return [{name: 'SSH list latency', value: 'not measured', target: '', pass: false}];
	}

	const {big, small} = ssh;
	const row = (label, pick) => [label, ms(median(pick(big))), pick(small) ? ms(median(pick(small))) : '', String(pick(big).length)];
	console.log(`\none image list call (GET /images/json) · sshd on loopback in front of the same engine · median of the calls\n`);
	console.log(table([
		['', `${big.images} images`, `${small.images} image`, 'calls'],
		row('local unix socket', d => d.localMs),
		row('stowage SSH transport', d => d.stowageSshMs),
		row('dockerode default ssh (docker-modem)', d => d.dockerodeSshMs),
		row('docker -H ssh://… image ls (a process)', d => d.dockerCliSshMs),
	]));
	const check = d => {
		const limit = 2 + (1.5 * median(d.localMs));
		return {name: `stowage ssh list median, ${d.images} image(s)`, value: ms(median(d.stowageSshMs)), target: `≤ 2 ms + 1.5 × local = ${ms(limit)}`, pass: median(d.stowageSshMs) <= limit};
	};

	return [
		check(big),
		check(small),
		{name: `${ssh.calls} sequential ssh list calls, ${small.images} image`, value: ms(small.stowageSshTotalMs), target: '< 0.5 s', pass: small.stowageSshTotalMs < 500},
	];
}

/** The table, then its targets; returns the checks for the JSON file. */
export function reportSsh(ssh) {
	const checks = printSshReport(ssh);
	console.log(`\nSSH targets\n\n${table([['', 'measured', 'target', ''], ...checks.map(check => [check.name, check.value, check.target, check.pass ? 'PASS' : 'FAIL'])])}\n`);
	return checks;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
	const checks = reportSsh(await measureSsh(message => console.log(`bench: ${message}`)));
	process.exitCode = checks.every(check => check.pass) ? 0 : 1;
}
