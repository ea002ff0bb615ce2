// Image archives built in memory for tests: layer tars from entry lists, then a
// legacy `docker save` layout or an OCI one (blobs, index.json, optionally gzip),
// and the conversion of a real legacy save into OCI.
import {spawnSync} from 'node:child_process';
import {createHash} from 'node:crypto';
import {Readable} from 'node:stream';
import {gunzipSync, gzipSync} from 'node:zlib';
import tar from 'tar-stream';

/** `link` is a hard link; `mode`, `uid`, `gid` as tar headers carry them (default 0644/0755, root). */
export type TarItem = {name: string; size?: number; type?: 'file' | 'directory' | 'symlink' | 'link'; content?: string | Buffer; linkname?: string; mode?: number; uid?: number; gid?: number};

type PackItem = {name: string; body?: Buffer; type?: TarItem['type']; linkname?: string; mode?: number; uid?: number; gid?: number};

export async function packTar(items: readonly PackItem[]): Promise<Buffer> {
	const pack = tar.pack();
	const chunks: Buffer[] = [];
	pack.on('data', (chunk: Buffer) => chunks.push(chunk));
	const done = new Promise(resolve => pack.on('end', resolve));
	for (const item of items) {
		await new Promise<void>((resolve, reject) => {
			pack.entry({name: item.name, type: item.type ?? 'file', linkname: item.linkname, size: item.body?.length ?? 0, mode: item.mode, uid: item.uid, gid: item.gid}, item.body ?? Buffer.alloc(0), error => (error ? reject(error) : resolve()));
		});
	}

	pack.finalize();
	await done;
	return Buffer.concat(chunks);
}

export function layerTar(items: readonly TarItem[]): Promise<Buffer> {
	return packTar(items.map(item => ({
		name: item.name,
		type: item.type,
		linkname: item.linkname,
		mode: item.mode,
		uid: item.uid,
		gid: item.gid,
		body: item.type === 'directory' || item.type === 'symlink' || item.type === 'link' ? undefined : typeof item.content === 'string' || item.content === undefined ? Buffer.from(item.content ?? 'x'.repeat(item.size ?? 0)) : item.content,
	})));
}

const sha = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

export type HistoryItem = {created_by: string; empty_layer?: boolean};

function configOf(layers: readonly Buffer[], history: readonly HistoryItem[], extra: Record<string, unknown> = {}): Buffer {
	return Buffer.from(JSON.stringify({
		architecture: 'amd64', os: 'linux', config: {Env: ['PATH=/bin'], ...extra},
		rootfs: {type: 'layers', diff_ids: layers.map(layer => `sha256:${sha(layer)}`)},
		history,
	}));
}

/** A `docker save` of Docker 20.10: manifest.json last, as a real save may put it. */
export async function legacyArchive(layers: readonly Buffer[], history: readonly HistoryItem[], repoTag = 'test/image:1'): Promise<Buffer> {
	const config = configOf(layers, history);
	const configName = `${sha(config)}.json`;
	const dirs = layers.map(layer => sha(layer));
	return packTar([
		...layers.flatMap((layer, index) => [{name: `${dirs[index]}/`, type: 'directory' as const}, {name: `${dirs[index]}/VERSION`, body: Buffer.from('1.0')}, {name: `${dirs[index]}/layer.tar`, body: layer}]),
		{name: configName, body: config},
		{name: 'manifest.json', body: Buffer.from(JSON.stringify([{Config: configName, RepoTags: [repoTag], Layers: dirs.map(dir => `${dir}/layer.tar`)}]))},
	]);
}

/** A layer compressed as a registry would carry it: with the `zstd` tool (Debian's zstd), or by a function given. */
export type LayerBlob = {compress: (layer: Buffer) => Buffer; mediaType: string};

export const zstdBlob: LayerBlob = {
	compress: layer => {
		const result = spawnSync('zstd', ['-q', '-c', '-3'], {input: layer, maxBuffer: 1 << 30});
		if (result.status !== 0) {
			throw new Error(`zstd failed: ${result.stderr?.toString() ?? result.error?.message}`);
		}

		return result.stdout;
	},
	mediaType: 'application/vnd.oci.image.layer.v1.tar+zstd',
};

/** An OCI layout (no manifest.json), layers gzipped (or compressed by `blob`) when asked, index.json first. */
export async function ociArchive(layers: readonly Buffer[], config: Buffer, options: {gzip?: boolean; refName?: string; blob?: LayerBlob} = {}): Promise<Buffer> {
	const blob = options.blob ?? (options.gzip ? {compress: (layer: Buffer) => gzipSync(layer), mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip'} : {compress: (layer: Buffer) => layer, mediaType: 'application/vnd.oci.image.layer.v1.tar'});
	const blobs = layers.map(layer => blob.compress(layer));
	const manifest = Buffer.from(JSON.stringify({
		schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json',
		config: {mediaType: 'application/vnd.oci.image.config.v1+json', digest: `sha256:${sha(config)}`, size: config.length},
		layers: blobs.map(each => ({mediaType: blob.mediaType, digest: `sha256:${sha(each)}`, size: each.length})),
	}));
	const index = {schemaVersion: 2, manifests: [{mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: `sha256:${sha(manifest)}`, size: manifest.length, annotations: {'io.containerd.image.name': options.refName ?? 'docker.io/test/image:1'}}]};
	return packTar([
		{name: 'index.json', body: Buffer.from(JSON.stringify(index))},
		{name: 'oci-layout', body: Buffer.from('{"imageLayoutVersion":"1.0.0"}')},
		{name: 'blobs/', type: 'directory'},
		{name: 'blobs/sha256/', type: 'directory'},
		// Layers before the manifest and config that name them.
		...blobs.map(blob => ({name: `blobs/sha256/${sha(blob)}`, body: blob})),
		{name: `blobs/sha256/${sha(config)}`, body: config},
		{name: `blobs/sha256/${sha(manifest)}`, body: manifest},
	]);
}

export function ociFromHistory(layers: readonly Buffer[], history: readonly HistoryItem[], options: {gzip?: boolean; blob?: LayerBlob} = {}): Promise<Buffer> {
	return ociArchive(layers, configOf(layers, history), options);
}

/** Reads a whole (small) tar into name → body. */
export async function untar(archive: Buffer): Promise<Map<string, Buffer>> {
	const files = new Map<string, Buffer>();
	const extract = tar.extract();
	extract.on('entry', (header, stream, next) => {
		const chunks: Buffer[] = [];
		stream.on('data', (chunk: Buffer) => chunks.push(chunk));
		stream.on('end', () => {
			if (header.type === 'file') {
				files.set(header.name, Buffer.concat(chunks));
			}

			next();
		});
	});
	await new Promise((resolve, reject) => {
		extract.on('finish', resolve);
		extract.on('error', reject);
		Readable.from([archive]).pipe(extract);
	});
	return files;
}

/** A layer as a plain tar: the containerd store saves its layers gzipped. */
const plainLayer = (layer: Buffer) => (layer[0] === 0x1f && layer[1] === 0x8b ? gunzipSync(layer) : layer);

/**
 * The same image as a `docker save` (legacy, or Docker 25+'s OCI layout with manifest.json),
 * rewritten by hand into a pure OCI layout whose layers are plain or gzipped as asked.
 */
export async function legacyToOci(legacy: Buffer, options: {gzip?: boolean; blob?: LayerBlob} = {}): Promise<Buffer> {
	const files = await untar(legacy);
	const [entry] = JSON.parse(files.get('manifest.json')!.toString()) as Array<{Config: string; Layers: string[]}>;
	return ociArchive(entry!.Layers.map(name => plainLayer(files.get(name)!)), files.get(entry!.Config)!, options);
}
