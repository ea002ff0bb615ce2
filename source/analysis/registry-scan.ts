// The deep scan of an image in a registry, never pulled: manifest (an index picks
// one platform) → config → layer blobs, each streamed through the same layer reader
// as a `docker save`. A layer the caller already has read (the same diff ID in the
// other image of a comparison) is borrowed, not downloaded.
import {createHash} from 'node:crypto';
import {Transform} from 'node:stream';
import type {RegistryClient} from '../engine/registry/client.ts';
import {MalformedError} from '../engine/registry/errors.ts';
import type {ImageManifest} from '../engine/registry/manifest.ts';
import {readLayerStream, type ArchiveContents, type ReadOptions} from './archive-reader.ts';
import {choosePlatform} from './index-platforms.ts';
import type {PlatformPick} from './image-layout.ts';
import {scanContents, type ScanResult} from './image-scan.ts';
import type {LayerRecord} from './types.ts';

export type RegistryImage = {registry: string; repository: string; reference: string};

export type RegistryScanOptions = {
	pick?: PlatformPick;
	signal: AbortSignal;
	/** Compressed bytes downloaded so far, and the total of the layers to download. */
	onBytes?: (done: number, total: number) => void;
	/** A layer read elsewhere with this diff ID (entries with details), or undefined to download it. */
	borrow?: (diffId: string) => Promise<LayerRecord | undefined>;
	/** Which diff IDs `borrow` may have: only those wait for it. */
	borrowable?: ReadonlySet<string>;
	read?: ReadOptions;
	/** Layers downloaded at once. */
	parallel?: number;
	/** Blobs read by another scan of the same registry (the other side of a comparison), by digest: each is downloaded once. */
	blobs?: Map<string, Promise<{record: LayerRecord; osRelease?: string}>>;
};

const blobPath = (digest: string) => `blobs/${digest.replace(':', '/')}`;

/** The image manifest `reference` names; of an index, the platform picked (or the first image). */
export async function resolveImageManifest(client: RegistryClient, image: RegistryImage, pick: PlatformPick | undefined, signal: AbortSignal): Promise<{manifest: ImageManifest; platform?: string}> {
	const top = await client.manifest(image.repository, image.reference, signal);
	if (top.kind === 'image') {
		return {manifest: top};
	}

	const entries = top.manifests.map(each => ({...each} as Record<string, unknown>));
	let choice = choosePlatform(entries, () => true, pick?.platform);
	if ('error' in choice && pick && !pick.explicit) {
		choice = choosePlatform(entries, () => true);
	}

	if ('error' in choice) {
		throw new MalformedError(`${image.repository}:${image.reference}: ${choice.error.replace(' here', '')}`);
	}

	const child = await client.manifest(image.repository, choice.manifest.digest as string, signal);
	if (child.kind !== 'image') {
		throw new MalformedError(`${image.repository}:${image.reference}: the ${choice.platform ?? ''} entry of its index is another index`);
	}

	return {manifest: child, platform: choice.platform};
}

/** Counts and hashes a blob as it passes; a body that does not match its digest fails the layer. */
function verified(digest: string, onChunk: (bytes: number) => void): Transform {
	const [algorithm] = digest.split(':');
	const hash = createHash(algorithm ?? 'sha256');
	return new Transform({
		transform(chunk: Buffer, _encoding, callback) {
			hash.update(chunk);
			onChunk(chunk.length);
			callback(null, chunk);
		},
		flush(callback) {
			const got = `${algorithm}:${hash.digest('hex')}`;
			callback(got === digest ? null : new MalformedError(`blob ${digest} does not match its digest (the body hashes to ${got})`));
		},
	});
}

async function inParallel<T>(items: readonly T[], limit: number, each: (item: T) => Promise<void>): Promise<void> {
	let next = 0;
	const worker = async () => {
		while (next < items.length) {
			await each(items[next++]!);
		}
	};

	await Promise.all(Array.from({length: Math.min(limit, items.length)}, worker));
}

export type RegistryScan = ScanResult & {manifest: ImageManifest; downloaded: number; borrowed: number};

export async function scanRegistryImage(client: RegistryClient, image: RegistryImage, options: RegistryScanOptions): Promise<RegistryScan> {
	const {signal} = options;
	const {manifest, platform} = await resolveImageManifest(client, image, options.pick, signal);
	const configBody = await client.blob(image.repository, manifest.config.digest, 8 * 1024 * 1024, signal);
	let config: unknown;
	try {
		config = JSON.parse(configBody.toString('utf8'));
	} catch {
		throw new MalformedError(`the config of ${image.repository}:${image.reference} is not JSON`);
	}

	const diffIds = ((config as {rootfs?: {diff_ids?: unknown}}).rootfs?.diff_ids ?? []) as unknown[];
	const contents: ArchiveContents = {layers: new Map(), json: new Map(), aliases: new Map(), osRelease: new Map()};
	contents.json.set('index.json', {schemaVersion: 2, manifests: [{mediaType: manifest.mediaType, digest: manifest.digest, size: manifest.size}]});
	contents.json.set(blobPath(manifest.digest), JSON.parse(manifest.raw.toString('utf8')));
	contents.json.set(blobPath(manifest.config.digest), config);
	const jobs = manifest.layers.map((layer, index) => ({layer, diffId: typeof diffIds[index] === 'string' ? diffIds[index] : undefined}));
	const total = jobs.reduce((sum, job) => sum + (job.diffId !== undefined && options.borrowable?.has(job.diffId) ? 0 : job.layer.size), 0);
	let done = 0;
	let downloaded = 0;
	let borrowed = 0;
	const download = async (digest: string, key: string) => {
		const known = options.blobs?.get(`${image.registry}/${digest}`);
		if (known) {
			borrowed++;
			return known;
		}

		const reading = readBlob(digest, key);
		options.blobs?.set(`${image.registry}/${digest}`, reading);
		return reading;
	};

	const readBlob = async (digest: string, key: string) => {
		const body = await client.layerBlob(image.repository, digest, signal);
		const check = verified(digest, bytes => {
			done += bytes;
			options.onBytes?.(done, total);
		});
		body.on('error', error => check.destroy(error));
		const {record, osRelease} = await readLayerStream(body.pipe(check), key, options.read);
		downloaded++;
		return {record, osRelease};
	};

	await inParallel(jobs, options.parallel ?? 3, async ({layer, diffId}) => {
		const key = blobPath(layer.digest);
		if (contents.layers.has(key)) {
			return;
		}

		const own = diffId !== undefined && options.borrowable?.has(diffId) ? await options.borrow?.(diffId) : undefined;
		if (own && own.error === undefined) {
			borrowed++;
			contents.layers.set(key, {...own, key});
			return;
		}

		const placeholder: LayerRecord = {key, entries: [], compressed: true};
		contents.layers.set(key, placeholder);
		const {record, osRelease} = await download(layer.digest, key);
		contents.layers.set(key, record);
		if (osRelease !== undefined) {
			contents.osRelease.set(key, osRelease);
		}
	});
	// A borrowed layer's os-release is not known here: the final image's usually comes from its base, read or not.
	const scan = scanContents(contents, undefined, options.pick?.explicit ? options.pick : undefined, options.read?.details ?? false);
	return {...scan, platform: platform ?? scan.platform, repoTags: [`${image.registry}/${image.repository}:${image.reference}`], manifest, downloaded, borrowed};
}
