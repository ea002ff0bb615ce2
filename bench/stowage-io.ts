// One push, save or load done by stowage's own code, in a process of its own so
// that its CPU time and peak RSS are stowage's alone. bench/io.mjs bundles this
// file with scripts/build.mjs (the plugins dist/cli.js gets) and runs it once per
// measurement. The work goes through the job runner and store as the UI's jobs
// do (engine call, progress batched into the store every 66 ms), minus rendering.
//
// Usage: node stowage-io.js SPEC-JSON; SPEC is {host, op: 'push', repository, tag}
// | {host, op: 'save', image, file} | {host, op: 'load', file}. Prints one JSON line.
import {readdirSync, readFileSync, statSync, writeFileSync} from 'node:fs';
import {resolveAuth} from '../source/engine/credentials.ts';
import {createDockerEngine} from '../source/engine/docker-client.ts';
import {parseHost} from '../source/engine/endpoint.ts';
import {parseNormalizedNamed, registryKey} from '../source/engine/reference.ts';
import {createJobRunner, type JobBody} from '../source/store/job-runner.ts';
import {initialState} from '../source/store/state.ts';
import {createStore} from '../source/store/store.ts';

type Spec = {host: string} & ({op: 'push'; repository: string; tag: string} | {op: 'save'; image: string; file: string} | {op: 'load'; file: string});

const spec = JSON.parse(process.argv[2] ?? '{}') as Spec;

function statusKb(field: string): number {
	const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync('/proc/self/status', 'utf8'));
	return match ? Number(match[1]) : Number.NaN;
}

/** CPU nanoseconds each thread has run (schedstat), keyed "tid name": where the process's CPU goes. */
function threadCpu(): Map<string, number> {
	const threads = new Map<string, number>();
	for (const tid of readdirSync('/proc/self/task')) {
		try {
			const name = readFileSync(`/proc/self/task/${tid}/comm`, 'utf8').trim();
			threads.set(`${tid} ${name}`, Number(readFileSync(`/proc/self/task/${tid}/schedstat`, 'utf8').split(' ')[0]));
		} catch {
			// Gone meanwhile, or no schedstat in this kernel.
		}
	}

	return threads;
}

/** CPU ms by thread name over the operation: main thread, libuv pool, V8 workers. */
function threadCpuSince(before: Map<string, number>): Record<string, number> {
	const byName: Record<string, number> = {};
	for (const [key, ns] of threadCpu()) {
		const [tid, ...rest] = key.split(' ');
		const name = tid === String(process.pid) ? 'main' : rest.join(' ');
		byName[name] = (byName[name] ?? 0) + (ns - (before.get(key) ?? 0)) / 1e6;
	}

	return byName;
}

const engine = createDockerEngine(parseHost(spec.host));
const store = createStore(initialState(spec.host));
const jobs = createJobRunner(store, engine.endpoint, () => {});
const counts: Record<string, number> = {};
let messages = 0;
let bytes = 0;

let body: JobBody;
switch (spec.op) {
	case 'push': {
		// As pushTag in source/store/operations.ts: credentials from DOCKER_CONFIG, then the push.
		body = async (signal, report) => {
			const auth = await resolveAuth(registryKey(parseNormalizedNamed(`${spec.repository}:${spec.tag}`)));
			await engine.push(spec.repository, spec.tag, auth, message => {
				messages++;
				if (message.status === 'Pushed' || message.status === 'Layer already exists' || message.status?.startsWith('Mounted from')) {
					const key = message.status.startsWith('Mounted from') ? 'Mounted from' : message.status;
					counts[key] = (counts[key] ?? 0) + 1;
				}

				report.progress(message);
			}, signal);
			return 'pushed';
		};
		break;
	}

	case 'save': {
		body = async (signal, report) => {
			await engine.save([spec.image], spec.file, (done, total) => {
				bytes = done;
				report.bytes(done, total);
			}, signal);
			return `saved ${statSync(spec.file).size}`;
		};
		break;
	}

	case 'load': {
		body = async (signal, report) => {
			const loaded = await engine.load(spec.file, message => {
				messages++;
				report.progress(message);
			}, (done, total) => {
				bytes = done;
				report.bytes(done, total);
			}, signal);
			return loaded.join(', ');
		};
		break;
	}
}

// The UI connects (and pins the API version) once at start, before any job.
await engine.connect();
const rssBeforeKb = statusKb('VmRSS');
// Resets VmHWM to the current RSS, so the peak read afterwards is the operation's.
try {
	writeFileSync('/proc/self/clear_refs', '5');
} catch {
	// Older kernels: VmHWM then includes start-up, which only overstates the peak.
}

const threadsBefore = threadCpu();
const cpu = process.cpuUsage();
const started = performance.now();
const ok = await jobs.start(spec.op, spec.op, body);
const wallMs = performance.now() - started;
const used = process.cpuUsage(cpu);
const threads = threadCpuSince(threadsBefore);
const peakKb = statusKb('VmHWM');
const job = store.getState().jobs[0];
engine.close();
const total = process.cpuUsage();
process.stdout.write(`${JSON.stringify({
	ok,
	error: job?.error,
	result: job?.result,
	wallMs,
	cpuMs: (used.user + used.system) / 1000,
	userMs: used.user / 1000,
	systemMs: used.system / 1000,
	processCpuMs: (total.user + total.system) / 1000,
	rssBeforeKb,
	peakKb,
	threads,
	messages,
	counts,
	bytes,
})}\n`);
