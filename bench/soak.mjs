// `npm run bench -- soak [--minutes N]`: a bounded soak (default 20 minutes, stops by
// itself). The stowage UI runs in a private tmux server against an engine of its own
// (data-root in bench/.cache/engine-soak) while events never stop (tag/untag bursts
// through the API) and jobs run through the UI as a person types them: pull and push
// to a loopback registry, save to /tmp (then deleted), small builds. Every ~10 s the UI
// process's RSS (VmRSS) and open handles (/proc/PID/fd) are sampled; the least-squares
// slope of each after a 2-minute warm-up must be flat. Runnable alone: `node bench/soak.mjs`.
import {execFile} from 'node:child_process';
import {mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync} from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import {promisify} from 'node:util';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {startRegistry} from '../test/bed/registry.mjs';
import {docker} from '../test/bed/docker-cli.mjs';
import {startEngine} from './engine.mjs';
import {BASE, importBase} from './io-dataset.mjs';
import {table} from './report.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const cli = path.join(here, '..', 'dist', 'cli.js');
const exec = promisify(execFile);
const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));
export const SAMPLE_MS = 10_000;
export const WARMUP_MS = 120_000;
const user = {name: 'soak', password: 'soak-password'};

/** Least-squares slope of [x, y] points: y units per x unit. */
export function slope(points) {
	const n = points.length;
	if (n < 2) return Number.NaN;
	const mx = points.reduce((sum, [x]) => sum + x, 0) / n;
	const my = points.reduce((sum, [, y]) => sum + y, 0) / n;
	const sxx = points.reduce((sum, [x]) => sum + (x - mx) ** 2, 0);
	const sxy = points.reduce((sum, [x, y]) => sum + (x - mx) * (y - my), 0);
	return sxx === 0 ? Number.NaN : sxy / sxx;
}

function request(agent, socketPath, method, urlPath) {
	return new Promise((resolve, reject) => {
		const req = http.request({agent, socketPath, method, path: urlPath}, res => {
			res.resume();
			res.on('end', () => resolve(res.statusCode));
		});
		req.on('error', reject);
		req.end();
	});
}

function terminal(socket, cwd, env) {
	const tmux = (...args) => exec('tmux', ['-L', socket, '-f', '/dev/null', ...args]);
	return {
		async open() {
			const vars = Object.entries(env).map(([key, value]) => `${key}=${value}`);
			await tmux('new-session', '-d', '-x', '120', '-y', '40', '-s', 'main', '-c', cwd, '--', 'env', '-u', 'CI', ...vars, cli);
			// The pane's process is stowage itself: env and the shebang's env exec into node.
			return Number((await tmux('display-message', '-p', '-t', 'main', '#{pane_pid}')).stdout.trim());
		},
		screen: async () => (await tmux('capture-pane', '-p', '-t', 'main')).stdout,
		keys: async (...keys) => {
			for (const key of keys) {
				await tmux('send-keys', '-t', 'main', key);
				if (key === 'Escape') await sleep(60);
			}
		},
		type: text => tmux('send-keys', '-t', 'main', '-l', text),
		close: () => tmux('kill-server').catch(() => {}),
	};
}

async function until(term, check, what, timeoutMs = 60_000) {
	const deadline = Date.now() + timeoutMs;
	let screen = '';
	while (Date.now() < deadline) {
		screen = await term.screen();
		if (check(screen)) return screen;
		await sleep(200);
	}
	throw new Error(`soak: no ${what} within ${timeoutMs / 1000} s; the screen:\n${screen}`);
}

/** The newest job's line: the first one with a job's mark under the jobs pane's title. */
function newestJob(screen) {
	const lines = screen.split('\n');
	const title = lines.findIndex(line => line.startsWith('─ Jobs ('));
	return title === -1 ? '' : (lines[title + 1] ?? '');
}

/** One job through the UI (kind and title unique to this cycle); resolves with whether it ended with ✓. */
async function job(term, kind, title, start) {
	try {
		await start();
	} catch (error) {
		// A dialog or row that never came is a failed job, not the end of the soak.
		console.error(error instanceof Error ? error.message.split('\n')[0] : error);
		await term.keys('Escape', 'Escape');
		return false;
	}

	const ended = new RegExp(`^\\s*[✓✗■] ${kind} `);
	const screen = await until(term, screen => {
		const line = newestJob(screen);
		return line.includes(title) && ended.test(line);
	}, `the end of ${kind} ${title}`, 120_000).catch(async () => term.screen());
	return /^\s*✓ /.test(newestJob(screen));
}

/** Filters to one reference and waits for its row (the tag's event may not have reached the list yet). */
async function filterTo(term, ref) {
	await term.keys('Escape', '/');
	await term.type(ref);
	await term.keys('Enter', 'Home');
	const colon = ref.lastIndexOf(':');
	const row = new RegExp(`^.\\s*${ref.slice(0, colon).replace(/[.]/g, '\\.')}\\s+${ref.slice(colon + 1)}\\s`, 'm');
	await until(term, screen => row.test(screen), `the row of ${ref}`, 20_000);
}

function sample(pid, began) {
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	const mb = field => Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(status)?.[1]) * 1024 / 1e6;
	// VmRSS = RssAnon (the heap, what a leak grows) + RssFile (pages of the node binary and
	// libraries touched so far: shared, clean, bounded by their size) + RssShmem.
	return {t: (Date.now() - began) / 1000, rssMb: mb('VmRSS'), anonMb: mb('RssAnon'), fileMb: mb('RssFile'), fds: readdirSync(`/proc/${pid}/fd`).length};
}

export async function measureSoak(log = () => {}, minutes = 20) {
	const work = mkdtempSync('/tmp/stowage-soak-');
	const engine = await startEngine(path.join(here, '.cache', 'engine-soak'));
	const registry = await startRegistry({users: {[user.name]: user.password}});
	const term = terminal(`stowage-soak-${process.pid}`, work, {});
	const agent = new http.Agent({keepAlive: true, maxSockets: 8});
	let stop = false;
	try {
		if ((await docker(['image', 'inspect', BASE], {host: engine.host})).code !== 0) await importBase(engine.host, work);
		// Tags an interrupted run left in the cached engine (an older registry's port among them) go first.
		const stale = (await docker(['images', '--format', '{{.Repository}}:{{.Tag}}'], {host: engine.host})).stdout.split('\n').filter(name => name.includes('soak/'));
		if (stale.length > 0) await docker(['rmi', ...stale], {host: engine.host});
		const config = path.join(work, 'docker-config');
		mkdirSync(config);
		writeFileSync(path.join(config, 'config.json'), JSON.stringify({auths: {[registry.host]: {auth: Buffer.from(`${user.name}:${user.password}`).toString('base64')}}}), {mode: 0o600});
		const app = `${registry.host}/soak/app`;
		const context = path.join(work, 'context');
		mkdirSync(context);
		writeFileSync(path.join(context, 'Dockerfile'), `FROM ${BASE}\nCOPY stamp /stamp\n`);
		writeFileSync(path.join(context, 'stamp'), '0');

		Object.assign(term, terminal(`stowage-soak-${process.pid}`, context, {DOCKER_HOST: engine.host, DOCKER_CONFIG: config, TERM: 'xterm-256color'}));
		const pid = await term.open();
		await until(term, screen => screen.includes('connected · live') && /Images \d+/.test(screen), 'first frame', 30_000);
		const began = Date.now();
		const endAt = began + minutes * 60_000;
		const samples = [sample(pid, began)];
		log(`soak: stowage pid ${pid} up; ${minutes} min of events and jobs, a sample every ${SAMPLE_MS / 1000} s`);

		// Events: 20 tags and their 20 untags every 2 s, 8 requests in flight.
		let events = 0;
		const storm = (async () => {
			for (let round = 0; !stop; round++) {
				const tags = Array.from({length: 20}, (_, i) => `soak/ev-${i}`);
				await Promise.all(tags.map(repo => request(agent, engine.socketPath, 'POST', `/images/${encodeURIComponent(BASE)}/tag?repo=${repo}&tag=latest`)));
				await Promise.all(tags.map(repo => request(agent, engine.socketPath, 'DELETE', `/images/${encodeURIComponent(`${repo}:latest`)}`)));
				events += 40;
				await sleep(2000);
			}
		})();
		const sampler = setInterval(() => {
			try {
				samples.push(sample(pid, began));
			} catch (error) {
				log(`soak: sample failed: ${error.message}`);
			}
		}, SAMPLE_MS);

		const outcomes = {pull: [0, 0], push: [0, 0], save: [0, 0], build: [0, 0]};
		const count = (kind, ok) => {
			outcomes[kind][ok ? 0 : 1]++;
			if (process.env.STOWAGE_SOAK_DEBUG) log(`soak: ${kind} ${ok ? 'ok' : 'FAILED'} at ${((Date.now() - began) / 1000).toFixed(0)} s`);
		};
		let cycle = 0;
		try {
			while (Date.now() < endAt) {
				cycle++;
				// Every job's name is this cycle's own, so its line is known when it ends.
				const ref = `${app}:${cycle}`;
				await request(agent, engine.socketPath, 'POST', `/images/${encodeURIComponent(BASE)}/tag?repo=${encodeURIComponent(app)}&tag=${cycle}`);
				count('push', await job(term, 'push', ref, async () => {
					await filterTo(term, ref);
					await term.keys('P');
				}));
				// Pull: the local tag goes first, so the registry is asked.
				await request(agent, engine.socketPath, 'DELETE', `/images/${encodeURIComponent(ref)}`);
				count('pull', await job(term, 'pull', ref, async () => {
					await term.keys('Escape', 'p');
					await until(term, screen => screen.includes('Pull an image'), 'pull dialog', 10_000);
					await term.type(ref);
					await term.keys('Enter');
				}));
				const tar = path.join(context, 'soak.tar');
				rmSync(tar, {force: true});
				count('save', await job(term, 'save', 'soak.tar', async () => {
					await filterTo(term, ref);
					await term.keys('S');
					await until(term, screen => screen.includes('to a tar'), 'save dialog', 10_000);
					await term.keys('C-u');
					await term.type(tar);
					await term.keys('Enter');
				}));
				rmSync(tar, {force: true});
				await request(agent, engine.socketPath, 'DELETE', `/images/${encodeURIComponent(ref)}`);
				writeFileSync(path.join(context, 'stamp'), String(cycle));
				count('build', await job(term, 'build', `soak/built:${cycle}`, async () => {
					await term.keys('Escape', 'b');
					await until(term, screen => screen.includes('Build an image'), 'build dialog', 10_000);
					await term.keys('Tab', 'Tab');
					await term.type(`soak/built:${cycle}`);
					await term.keys('Enter');
				}));
				await request(agent, engine.socketPath, 'DELETE', `/images/${encodeURIComponent(`soak/built:${cycle}`)}`);
				await term.keys('Escape');
				if (cycle % 10 === 1) {
					const last = samples.at(-1);
					log(`soak: ${((Date.now() - began) / 60_000).toFixed(1)} min, cycle ${cycle}, RSS ${last.rssMb.toFixed(1)} MB, ${last.fds} fds, ${events} events`);
				}
			}
		} finally {
			stop = true;
			clearInterval(sampler);
			await storm;
		}

		samples.push(sample(pid, began));
		// A short run (--minutes 2 while developing) keeps its second half.
		const warmupMs = Math.min(WARMUP_MS, minutes * 60_000 / 2);
		const settled = samples.filter(each => each.t * 1000 >= warmupMs);
		return {
			minutes,
			warmupMinutes: warmupMs / 60_000,
			cycles: cycle,
			events,
			outcomes,
			samples,
			rssSlopeMbPerMin: slope(settled.map(each => [each.t / 60, each.rssMb])),
			anonSlopeMbPerMin: slope(settled.map(each => [each.t / 60, each.anonMb])),
			fileSlopeMbPerMin: slope(settled.map(each => [each.t / 60, each.fileMb])),
			fdSlopePerMin: slope(settled.map(each => [each.t / 60, each.fds])),
			rssMb: {first: samples[0].rssMb, afterWarmup: settled[0]?.rssMb, last: samples.at(-1).rssMb, max: Math.max(...samples.map(each => each.rssMb))},
			fds: {first: samples[0].fds, last: samples.at(-1).fds, max: Math.max(...samples.map(each => each.fds))},
		};
	} finally {
		stop = true;
		agent.destroy();
		await term.close();
		await registry.stop();
		await engine.stop();
		rmSync(work, {recursive: true, force: true});
	}
}

const num = (value, digits = 2) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');

export function reportSoak(soak) {
	if (!soak || soak.error) {
		console.log(`\nsoak: not measured (${soak?.error ?? 'skipped'})\n`);
		return [{name: 'soak', value: 'not measured', target: '', pass: false}];
	}

	const jobs = Object.entries(soak.outcomes).map(([kind, [ok, failed]]) => `${kind} ${ok}${failed ? ` (${failed} failed)` : ''}`).join(', ');
	console.log(`\nsoak: ${soak.minutes} min, ${soak.cycles} job cycles (${jobs}), ${soak.events} tag/untag events, ${soak.samples.length} samples`);
	console.log(`RSS ${num(soak.rssMb.first, 1)} MB at start, ${num(soak.rssMb.afterWarmup, 1)} MB after the warm-up, ${num(soak.rssMb.last, 1)} MB at the end (max ${num(soak.rssMb.max, 1)}); fds ${soak.fds.first} → ${soak.fds.last} (max ${soak.fds.max})`);
	const first = soak.samples[0];
	const last = soak.samples.at(-1);
	if (first?.anonMb !== undefined) console.log(`of which anonymous ${num(first.anonMb, 1)} → ${num(last.anonMb, 1)} MB (slope ${num(soak.anonSlopeMbPerMin, 3)} MB/min), file-backed ${num(first.fileMb, 1)} → ${num(last.fileMb, 1)} MB (slope ${num(soak.fileSlopeMbPerMin, 3)} MB/min)`);
	console.log('');
	const failed = Object.values(soak.outcomes).reduce((sum, [, bad]) => sum + bad, 0);
	const checks = [
		{name: `RSS slope after ${num(soak.warmupMinutes, 1)} min`, value: `${num(soak.rssSlopeMbPerMin, 3)} MB/min`, target: '< 0.5 MB/min', pass: soak.rssSlopeMbPerMin < 0.5},
		{name: `open handles slope after ${num(soak.warmupMinutes, 1)} min`, value: `${num(soak.fdSlopePerMin, 3)} fds/min`, target: '< 0.5 /min', pass: Math.abs(soak.fdSlopePerMin) < 0.5},
		{name: 'soak jobs that failed', value: String(failed), target: '0', pass: failed === 0},
	];
	console.log(`soak targets\n\n${table([['', 'measured', 'target', ''], ...checks.map(check => [check.name, check.value, check.target, check.pass ? 'PASS' : 'FAIL'])])}\n`);
	return checks;
}

/** `--minutes N` from argv (default 20). */
export function soakMinutes(argv) {
	const at = argv.indexOf('--minutes');
	if (at === -1) return 20;
	const value = Number(argv[at + 1]);
	if (!(value > 0)) throw new Error(`bench: --minutes takes a positive number, not ${argv[at + 1]}`);
	return value;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
	const soak = await measureSoak(message => console.log(`bench: ${message}`), soakMinutes(process.argv));
	const checks = reportSoak(soak);
	if (!existsSync(path.join(here, '.cache'))) mkdirSync(path.join(here, '.cache'));
	writeFileSync(path.join(here, '.cache', 'last-soak.json'), JSON.stringify(soak, null, '\t') + '\n');
	process.exitCode = checks.every(check => check.pass) ? 0 : 1;
}
