// Fixtures put on a test registry through its own HTTP API (no client of ours in the
// way): blobs, image manifests (Docker v2 or OCI), indexes, many tags; and, for what a
// registry would refuse on PUT (a malformed manifest, a hostile tag name), written
// straight into its filesystem storage, which it then serves as it finds it.
import {createHash} from 'node:crypto';
import {mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import {gzipSync} from 'node:zlib';
import {layerTar, type TarItem} from './image-tar.ts';

export type Authorize = (scope: string) => Promise<string | undefined>;
export type Pushed = {digest: string; size: number; mediaType: string; body: Buffer};
export type PushedImage = Pushed & {config: Pushed; layers: Pushed[]};

const sha = (data: Buffer) => `sha256:${createHash('sha256').update(data).digest('hex')}`;
export const types = {
	docker: 'application/vnd.docker.distribution.manifest.v2+json',
	dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
	oci: 'application/vnd.oci.image.manifest.v1+json',
	ociIndex: 'application/vnd.oci.image.index.v1+json',
};

type Answer = {status: number; headers: http.IncomingHttpHeaders; body: Buffer};

/** Where a Pusher sends: 127.0.0.1 over HTTP unless told otherwise; `ca` makes it HTTPS trusting that CA file's certificate. */
export type PushTarget = {host?: string; ca?: string};

function call(port: number, method: string, urlPath: string, headers: Record<string, string>, body?: Buffer, target: PushTarget = {}): Promise<Answer> {
	return new Promise((resolve, reject) => {
		const options = {host: target.host ?? '127.0.0.1', port, method, path: urlPath, headers: {...headers, 'Content-Length': String(body?.length ?? 0)}, timeout: 15_000};
		const {ca} = target;
		const send = ca ? (callback: (res: http.IncomingMessage) => void) => https.request({...options, ca: readFileSync(ca)}, callback) : (callback: (res: http.IncomingMessage) => void) => http.request(options, callback);
		const req = send(res => {
			const chunks: Buffer[] = [];
			res.on('data', (chunk: Buffer) => chunks.push(chunk));
			res.on('end', () => resolve({status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks)}));
			res.on('error', reject);
		});
		req.on('timeout', () => req.destroy(new Error(`${method} ${urlPath} timed out`)));
		req.on('error', reject);
		req.end(body);
	});
}

export const basicAuthorize = (user: string, password: string): Authorize => async () => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/** A token from the issuer for each scope, asked for as a client would (cached per scope). */
export function tokenAuthorize(realm: string, service: string, user: string, password: string): Authorize {
	const cache = new Map<string, string>();
	return async scope => {
		let token = cache.get(scope);
		if (!token) {
			const url = new URL(realm);
			const answer = await call(Number(url.port), 'GET', `${url.pathname}?service=${encodeURIComponent(service)}&scope=${encodeURIComponent(scope)}`, {Authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`});
			if (answer.status !== 200) throw new Error(`token request failed: ${answer.status}`);
			token = (JSON.parse(answer.body.toString('utf8')) as {token: string}).token;
			cache.set(scope, token);
		}

		return `Bearer ${token}`;
	};
}

export class Pusher {
	constructor(readonly port: number, private readonly authorize: Authorize, private readonly target: PushTarget = {}) {}

	private async request(method: string, repository: string, urlPath: string, headers: Record<string, string> = {}, body?: Buffer): Promise<Answer> {
		const authorization = await this.authorize(`repository:${repository}:pull,push`);
		return call(this.port, method, urlPath, {...headers, ...(authorization ? {Authorization: authorization} : {})}, body, this.target);
	}

	async blob(repository: string, data: Buffer, mediaType = 'application/octet-stream'): Promise<Pushed> {
		const digest = sha(data);
		const started = await this.request('POST', repository, `/v2/${repository}/blobs/uploads/`);
		if (started.status !== 202) throw new Error(`upload start ${started.status}: ${started.body.toString()}`);
		const location = new URL(String(started.headers.location), `http://127.0.0.1:${this.port}`);
		location.searchParams.set('digest', digest);
		const put = await this.request('PUT', repository, `${location.pathname}${location.search}`, {'Content-Type': 'application/octet-stream'}, data);
		if (put.status !== 201) throw new Error(`blob PUT ${put.status}: ${put.body.toString()}`);
		return {digest, size: data.length, mediaType, body: data};
	}

	async manifest(repository: string, reference: string, body: Buffer, mediaType: string): Promise<Pushed> {
		const put = await this.request('PUT', repository, `/v2/${repository}/manifests/${reference}`, {'Content-Type': mediaType}, body);
		if (put.status !== 201) throw new Error(`manifest PUT ${reference} ${put.status}: ${put.body.toString()}`);
		return {digest: sha(body), size: body.length, mediaType, body};
	}

	/** An image of gzip layers from file lists, with a config holding history and labels. */
	async image(repository: string, tag: string, options: {oci?: boolean; layers?: ReadonlyArray<readonly TarItem[]>; tars?: readonly Buffer[]; labels?: Record<string, string>; history?: string[]; architecture?: string; created?: string} = {}): Promise<PushedImage> {
		const oci = options.oci ?? false;
		// `tars`: layer tars made elsewhere (the same bytes, so the same diff IDs, as an engine image's).
		const tars = options.tars ?? await Promise.all((options.layers ?? [[{name: 'hello.txt', content: `${repository}:${tag}\n`}]]).map(items => layerTar(items)));
		const layers: Pushed[] = [];
		for (const tar of tars) {
			layers.push(await this.blob(repository, gzipSync(tar), oci ? 'application/vnd.oci.image.layer.v1.tar+gzip' : 'application/vnd.docker.image.rootfs.diff.tar.gzip'));
		}

		const created = options.created ?? '2024-05-06T07:08:09Z';
		const steps = options.history ?? tars.map((_, index) => `/bin/sh -c #(nop) ADD file:${index} in /`);
		const config = Buffer.from(JSON.stringify({
			architecture: options.architecture ?? 'amd64', os: 'linux', created,
			config: {Env: ['PATH=/bin'], Labels: options.labels ?? {}},
			rootfs: {type: 'layers', diff_ids: tars.map(tar => sha(tar))},
			history: steps.map((step, index) => ({created, created_by: step, ...(index >= tars.length ? {empty_layer: true} : {})})),
		}));
		const pushedConfig = await this.blob(repository, config, oci ? 'application/vnd.oci.image.config.v1+json' : 'application/vnd.docker.container.image.v1+json');
		const mediaType = oci ? types.oci : types.docker;
		const body = Buffer.from(JSON.stringify({
			schemaVersion: 2, mediaType,
			config: {mediaType: pushedConfig.mediaType, digest: pushedConfig.digest, size: pushedConfig.size},
			layers: layers.map(layer => ({mediaType: layer.mediaType, digest: layer.digest, size: layer.size})),
		}));
		const pushed = await this.manifest(repository, tag, body, mediaType);
		return {...pushed, config: pushedConfig, layers};
	}

	/** An index (OCI) or manifest list (Docker) of manifests already in the repository. */
	async index(repository: string, tag: string, children: ReadonlyArray<{manifest: Pushed; platform: {os: string; architecture: string; variant?: string}}>, oci = true): Promise<Pushed> {
		const mediaType = oci ? types.ociIndex : types.dockerList;
		const body = Buffer.from(JSON.stringify({
			schemaVersion: 2, mediaType,
			manifests: children.map(child => ({mediaType: child.manifest.mediaType, digest: child.manifest.digest, size: child.manifest.size, platform: child.platform})),
		}));
		return this.manifest(repository, tag, body, mediaType);
	}

	/** The same manifest under many tags, a few requests at a time. */
	async tags(repository: string, manifest: Pushed, names: readonly string[]): Promise<void> {
		let next = 0;
		await Promise.all(Array.from({length: 6}, async () => {
			while (next < names.length) {
				const name = names[next++]!;
				await this.manifest(repository, name, manifest.body, manifest.mediaType);
			}
		}));
	}
}

const storage = (registryDir: string) => path.join(registryDir, 'data', 'docker', 'registry', 'v2');

/** Writes a manifest body as the registry would have stored it, and points `tag` (any name the filesystem takes) at it. */
export function plantManifest(registryDir: string, repository: string, tag: string, body: Buffer): string {
	const digest = sha(body);
	const hex = digest.slice('sha256:'.length);
	const root = storage(registryDir);
	const blobDir = path.join(root, 'blobs', 'sha256', hex.slice(0, 2), hex);
	mkdirSync(blobDir, {recursive: true});
	writeFileSync(path.join(blobDir, 'data'), body);
	const manifests = path.join(root, 'repositories', repository, '_manifests');
	mkdirSync(path.join(manifests, 'revisions', 'sha256', hex), {recursive: true});
	writeFileSync(path.join(manifests, 'revisions', 'sha256', hex, 'link'), digest);
	mkdirSync(path.join(manifests, 'tags', tag, 'current'), {recursive: true});
	writeFileSync(path.join(manifests, 'tags', tag, 'current', 'link'), digest);
	mkdirSync(path.join(manifests, 'tags', tag, 'index', 'sha256', hex), {recursive: true});
	writeFileSync(path.join(manifests, 'tags', tag, 'index', 'sha256', hex, 'link'), digest);
	return digest;
}
