// N distinct tagged images that share one tiny layer. One `docker import` per
// image takes ~90 ms, so instead we hand-write a tar in the legacy `docker save`
// layout (one config JSON per image, one layer.tar for all) and `docker load` it.
// A load still costs dockerd a rewrite of its whole reference store per tag (~46 min
// for 50,000), so past one batch the rest is written straight into the stopped
// engine's image store (dataset-store.mjs), when its layout is the one we know.
import {createHash} from 'node:crypto';
import http from 'node:http';
import {seedLayout, writeImageStore} from './dataset-store.mjs';

const batchSize = 1000;
const seedSize = 100;
const label = 'stowage.bench';
// Fixed dates keep configs, hence image IDs, the same from run to run.
const epoch = Date.parse('2024-01-01T00:00:00Z');
const arch = {x64: 'amd64', arm64: 'arm64'}[process.arch] ?? process.arch;

export const tagOf = i => `bench/img-${String(i).padStart(5, '0')}:latest`;

export const sha256 = data => createHash('sha256').update(data).digest('hex');

function octal(value, width) {
	return value.toString(8).padStart(width - 1, '0') + '\0';
}

function tarEntry(name, body, type = '0') {
	const header = Buffer.alloc(512);
	header.write(name, 0, 100);
	header.write(octal(type === '5' ? 0o755 : 0o644, 8), 100);
	header.write(octal(0, 8), 108);
	header.write(octal(0, 8), 116);
	header.write(octal(body.length, 12), 124);
	header.write(octal(Math.floor(epoch / 1000), 12), 136);
	header.write(' '.repeat(8), 148);
	header.write(type, 156);
	header.write('ustar\u000000', 257);
	let sum = 0;
	for (const byte of header) sum += byte;
	header.write(octal(sum, 7) + ' ', 148);
	const pad = Buffer.alloc((512 - (body.length % 512)) % 512);
	return [header, body, pad];
}

const tarEnd = () => [Buffer.alloc(1024)];

const layer = Buffer.concat([...tarEntry('bench.txt', Buffer.from('stowage bench\n')), ...tarEnd()]);
const diffId = `sha256:${sha256(layer)}`;
const layerDir = sha256(diffId);

export function configOf(i) {
	const created = new Date(epoch + i * 60_000).toISOString();
	return Buffer.from(JSON.stringify({
		architecture: arch,
		os: 'linux',
		created,
		config: {Labels: {[label]: String(i)}},
		rootfs: {type: 'layers', diff_ids: [diffId]},
		history: [{created, created_by: `stowage bench image ${i}`}],
	}));
}

function archiveOf(indices) {
	const parts = [...tarEntry(`${layerDir}/`, Buffer.alloc(0), '5'), ...tarEntry(`${layerDir}/layer.tar`, layer)];
	const manifest = [];
	for (const i of indices) {
		const config = configOf(i);
		const name = `${sha256(config)}.json`;
		parts.push(...tarEntry(name, config));
		manifest.push({Config: name, RepoTags: [tagOf(i)], Layers: [`${layerDir}/layer.tar`]});
	}
	parts.push(...tarEntry('manifest.json', Buffer.from(JSON.stringify(manifest))), ...tarEnd());
	return Buffer.concat(parts);
}

function request(socketPath, method, urlPath, body) {
	return new Promise((resolve, reject) => {
		const req = http.request({socketPath, method, path: urlPath, headers: body ? {'Content-Type': 'application/x-tar', 'Content-Length': body.length} : {}}, res => {
			const chunks = [];
			res.on('data', chunk => chunks.push(chunk));
			res.on('end', () => {
				const text = Buffer.concat(chunks).toString('utf8');
				if (res.statusCode >= 300) reject(new Error(`${method} ${urlPath}: ${res.statusCode} ${text}`));
				else resolve(text);
			});
		});
		req.on('error', reject);
		req.end(body);
	});
}

async function benchImages(socketPath) {
	const filters = encodeURIComponent(JSON.stringify({label: [label]}));
	return JSON.parse(await request(socketPath, 'GET', `/images/json?filters=${filters}`));
}

/** Every image 0..count-1 is there under its tag, with the ID, label and date its config gives. */
async function verify(socketPath, count) {
	const byTag = new Map();
	for (const image of await benchImages(socketPath)) {
		for (const tag of image.RepoTags ?? []) byTag.set(tag, image);
	}
	for (let i = 0; i < count; i++) {
		const image = byTag.get(tagOf(i));
		const wrong = image === undefined ? 'missing'
			: image.Id !== `sha256:${sha256(configOf(i))}` ? `ID ${image.Id}`
				: image.Labels?.[label] !== String(i) ? `label ${JSON.stringify(image.Labels)}`
					: image.Created !== (epoch / 1000) + (i * 60) ? `created ${image.Created}` : undefined;
		if (wrong) throw new Error(`bench: ${tagOf(i)} is not as built (${wrong}); delete the data-root to rebuild it`);
	}
}

async function load(socketPath, batch) {
	const reply = await request(socketPath, 'POST', '/images/load?quiet=1', archiveOf(batch));
	const error = reply.split('\n').filter(Boolean).map(line => JSON.parse(line)).find(line => line.error);
	if (error) throw new Error(`docker load failed: ${error.error}`);
}

async function loadAll(socketPath, missing, log) {
	for (let at = 0; at < missing.length; at += batchSize) {
		const batch = missing.slice(at, at + batchSize);
		const t0 = performance.now();
		await load(socketPath, batch);
		log(`  loaded ${at + batch.length}/${missing.length} images (batch of ${batch.length} in ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
	}
}

/**
 * Makes the engine hold images 0..count-1; returns what it did and how long it took.
 * `engine` is bench/engine.mjs's (then more than a batch is written offline into its
 * data-root, and its socket changes on the restart) or a socket path (every batch loaded).
 */
export async function ensureDataset(engine, count, log = () => {}) {
	const socketPath = () => (typeof engine === 'string' ? engine : engine.socketPath);
	const have = new Set((await benchImages(socketPath())).flatMap(image => image.RepoTags ?? []));
	const missing = [];
	for (let i = 0; i < count; i++) if (!have.has(tagOf(i))) missing.push(i);
	if (missing.length === 0) return {created: 0, seconds: 0};
	const started = performance.now();
	if (typeof engine === 'string' || missing.length <= batchSize) {
		await loadAll(socketPath(), missing, log);
	} else {
		// One small load makes the shared layer (layerdb, the driver's dir) and shows where configs go.
		const seed = missing.slice(0, seedSize);
		await load(socketPath(), seed);
		const info = JSON.parse(await request(socketPath(), 'GET', '/info'));
		const layout = seedLayout(info, engine.dataRoot, {
			id: sha256(configOf(seed[0])), tag: tagOf(seed[0]), config: configOf(seed[0]),
		});
		const rest = missing.slice(seedSize);
		if (layout.error) {
			log(`  the image store is not laid out as expected (${layout.error}): loading through the API instead, which takes long`);
			await loadAll(socketPath(), rest, log);
		} else {
			log(`  loaded ${seed.length} images through the API; writing ${rest.length} more into ${layout.dir} with dockerd stopped`);
			await engine.restart(() => writeImageStore(layout.dir, rest.map(i => ({tag: tagOf(i), config: configOf(i)})), sha256));
			log(`  engine restarted on the written store after ${((performance.now() - started) / 1000).toFixed(1)} s`);
		}
	}
	await verify(socketPath(), count);
	return {created: missing.length, seconds: (performance.now() - started) / 1000};
}
