// A tag copied from one repository (or registry) to another without a local pull,
// blob by blob as skopeo copy and crane copy do: a blob the target has is skipped,
// one on the same registry is mounted from the source repository
// (POST …/blobs/uploads/?mount=&from=), any other is streamed across; then the
// manifests go up, an index's children before the index.
import {Transform} from 'node:stream';
import {RegistryError, registryReason} from './errors.ts';
import {discard, header} from './http.ts';
import type {RegistryClient} from './client.ts';
import type {Descriptor, ImageManifest, Manifest} from './manifest.ts';
import {checkRepository, checkReference, isTag} from './names.ts';

export type CopyEnd = {client: RegistryClient; repository: string; reference: string};
export type CopyResult = {digest: string; mounted: number; uploaded: number; existed: number; bytes: number; totalBytes: number};
export type CopyOptions = {onBytes?: (done: number, total: number) => void; signal?: AbortSignal; concurrency?: number};

function withDigest(location: string, digest: string): string {
	return `${location}${location.includes('?') ? '&' : '?'}digest=${encodeURIComponent(digest)}`;
}

async function pool<T>(items: readonly T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
	let index = 0;
	const runners = Array.from({length: Math.min(size, items.length)}, async () => {
		while (index < items.length) {
			const item = items[index++]!;
			await work(item);
		}
	});
	await Promise.all(runners);
}

export async function copyImage(from: CopyEnd, to: CopyEnd, options: CopyOptions = {}): Promise<CopyResult> {
	checkRepository(from.repository);
	checkRepository(to.repository);
	checkReference(from.reference);
	checkReference(to.reference);
	const {signal} = options;
	const sameRegistry = from.client.host === to.client.host;
	const scopes = sameRegistry && from.repository !== to.repository
		? [`repository:${to.repository}:pull,push`, `repository:${from.repository}:pull`]
		: [`repository:${to.repository}:pull,push`];
	const top = await from.client.manifest(from.repository, from.reference, signal);
	const images: ImageManifest[] = [];
	if (top.kind === 'index') {
		for (const child of top.manifests) {
			const manifest = await from.client.manifest(from.repository, child.digest, signal);
			if (manifest.kind !== 'image') {
				throw new RegistryError(`an index inside the index ${top.digest} is not copied`, 0, undefined);
			}

			images.push(manifest);
		}
	} else {
		images.push(top);
	}

	const blobs = new Map<string, Descriptor>();
	for (const image of images) {
		for (const blob of [image.config, ...image.layers]) {
			blobs.set(blob.digest, blob);
		}
	}

	const result: CopyResult = {digest: top.digest, mounted: 0, uploaded: 0, existed: 0, bytes: 0, totalBytes: [...blobs.values()].reduce((sum, blob) => sum + blob.size, 0)};
	const progress = (bytes: number) => {
		result.bytes += bytes;
		options.onBytes?.(result.bytes, result.totalBytes);
	};

	const copyBlob = async (blob: Descriptor) => {
		const exists = await to.client.request({method: 'HEAD', path: `/v2/${to.repository}/blobs/${blob.digest}`, scopes, signal});
		if (exists.status === 200) {
			result.existed++;
			progress(blob.size);
			return;
		}

		const mount = sameRegistry && from.repository !== to.repository ? `?mount=${encodeURIComponent(blob.digest)}&from=${encodeURIComponent(from.repository)}` : '';
		const started = await to.client.request({method: 'POST', path: `/v2/${to.repository}/blobs/uploads/${mount}`, scopes, signal});
		if (started.status === 201) {
			result.mounted++;
			progress(blob.size);
			return;
		}

		const location = header(started.headers, 'location');
		if (started.status !== 202 || !location) {
			throw new RegistryError(`registry ${to.client.registry} did not start an upload to ${to.repository}: ${registryReason(started.body, started.status).reason}`, started.status, undefined);
		}

		const source = await from.client.openBlob(from.repository, blob.digest, signal);
		if (source.status !== 200) {
			discard(source.stream);
			throw new RegistryError(`registry ${from.client.registry} did not send blob ${blob.digest} (HTTP ${source.status})`, source.status, undefined);
		}

		const counter = new Transform({
			transform(chunk: Buffer, _encoding, callback) {
				progress(chunk.length);
				callback(null, chunk);
			},
		});
		source.stream.on('error', error => counter.destroy(error));
		const put = await to.client.stream({method: 'PUT', location: withDigest(location, blob.digest), scopes, body: source.stream.pipe(counter), bodyLength: blob.size, headers: {'Content-Type': 'application/octet-stream'}, signal});
		if (put.status !== 201) {
			throw new RegistryError(`registry ${to.client.registry} refused blob ${blob.digest}: ${registryReason(put.body, put.status).reason}`, put.status, undefined);
		}

		result.uploaded++;
	};

	await pool([...blobs.values()], options.concurrency ?? 3, copyBlob);

	const putManifest = async (manifest: Manifest, reference: string) => {
		const answer = await to.client.request({method: 'PUT', path: `/v2/${to.repository}/manifests/${reference}`, scopes, headers: {'Content-Type': manifest.mediaType}, body: manifest.raw, signal});
		if (answer.status !== 201 && answer.status !== 200) {
			throw new RegistryError(`registry ${to.client.registry} refused the manifest for ${to.repository}:${reference}: ${registryReason(answer.body, answer.status).reason}`, answer.status, undefined);
		}
	};

	if (top.kind === 'index') {
		for (const image of images) {
			await putManifest(image, image.digest);
		}
	}

	await putManifest(top, isTag(to.reference) ? to.reference : top.digest);
	return result;
}
