// A registry's HTTP API (distribution spec v2): the /v2/ probe, catalog and tag
// pages, manifests, config blobs and deletes, each answer parsed once into our types.
// One client per registry; it keeps its connections, scheme and tokens.
import {resolveAuth} from '../credentials.ts';
import {credentialKey} from '../reference.ts';
import {parseChallenges} from './challenge.ts';
import {Authenticator, type Credentials} from './authenticator.ts';
import {CatalogUnavailableError, MalformedError, RegistryAuthError, RegistryError, registryReason} from './errors.ts';
import {BodyTooLargeError, bodyFailure, discard, header, maxBufferedBody, readBody, Transport, type HttpRequest, type HttpResponse, type StreamResponse} from './http.ts';
import {isInsecure, noInsecure, type InsecurePolicy} from './insecure.ts';
import {digestOf, isDigest, parseImageConfig, parseManifest, sha256Digest, type ImageConfig, type ImageManifest, type Manifest} from './manifest.ts';
import {manifestAccept} from './media-types.ts';
import {checkReference, checkRepository} from './names.ts';
import {nextPage, type Page} from './paging.ts';
import {certsDirs, tlsMaterial} from './tls-options.ts';
import {readJsonArray, readJsonStream} from '../json-array-stream.ts';

export type RegistryClientOptions = {
	/** "127.0.0.1:5000", "ghcr.io", "docker.io". */
	registry: string;
	credentials?: Credentials;
	insecure?: InsecurePolicy;
	/** Idle time allowed per request (default 30 s). */
	timeoutMs?: number;
	env?: NodeJS.ProcessEnv;
};

export type ManifestHead = {digest: string; mediaType: string; size: number};

type Call = {
	method: HttpRequest['method'];
	path: string;
	scopes: readonly string[];
	headers?: Record<string, string>;
	body?: Buffer;
	signal?: AbortSignal;
};

/** Docker Hub's API is not at docker.io. */
function apiHost(registry: string): string {
	return registry === 'docker.io' || registry === 'index.docker.io' ? 'registry-1.docker.io' : registry;
}

export class RegistryClient {
	readonly registry: string;
	readonly host: string;
	private readonly transport: Transport;
	private readonly auth: Authenticator;
	private readonly timeoutMs: number;
	private readonly insecure: boolean;
	private base: Promise<URL> | undefined;

	constructor(options: RegistryClientOptions) {
		this.registry = options.registry;
		this.host = apiHost(options.registry);
		this.timeoutMs = options.timeoutMs ?? 30_000;
		const env = options.env ?? process.env;
		this.insecure = isInsecure(this.host, options.insecure ?? noInsecure);
		this.transport = new Transport(this.host, {tls: (host, withCa) => tlsMaterial(host, env, withCa), verify: !this.insecure, certsDirs: host => certsDirs(host, env)});
		const credentials = options.credentials ?? (() => resolveAuth(credentialKey(this.registry), env));
		this.auth = new Authenticator(this.registry, this.transport, credentials, this.timeoutMs);
	}

	get tokenRequests(): number {
		return this.auth.tokenRequests;
	}

	/** True when requests go over plain HTTP. */
	async plainHttp(signal?: AbortSignal): Promise<boolean> {
		return (await this.baseUrl(signal)).protocol === 'http:';
	}

	/**
	 * HTTPS, with verification unless the registry is insecure; an insecure registry that
	 * does not speak TLS at all is spoken to over HTTP, as dockerd falls back.
	 */
	private baseUrl(signal?: AbortSignal): Promise<URL> {
		this.base ??= (async () => {
			const https = new URL(`https://${this.host}/`);
			if (!this.insecure) {
				return https;
			}

			try {
				const answer = await this.transport.open({method: 'GET', url: new URL('/v2/', https), signal, timeoutMs: Math.min(this.timeoutMs, 5000)});
				discard(answer.stream);
				return https;
			} catch (error) {
				if (signal?.aborted) {
					throw error;
				}

				return new URL(`http://${this.host}/`);
			}
		})();
		this.base.catch(() => {
			this.base = undefined;
		});
		return this.base;
	}

	/** One call, authenticated: a 401 is answered once (basic, or a token for the scopes), then retried. */
	private async open(call: Call): Promise<StreamResponse> {
		const url = new URL(call.path, await this.baseUrl(call.signal));
		let authorization = await this.auth.authorization(call.scopes, call.signal);
		for (let attempt = 0; ; attempt++) {
			const answer = await this.transport.open({
				method: call.method, url, body: call.body, signal: call.signal, timeoutMs: this.timeoutMs,
				headers: {...call.headers, ...(authorization ? {Authorization: authorization} : {})},
			});
			if (answer.status !== 401) {
				return answer;
			}

			discard(answer.stream);
			const challenges = parseChallenges(answer.headers['www-authenticate']);
			// After credentials were sent: a refused token (invalid_token: expired early, revoked) is
			// replaced once; a token without the rights (insufficient_scope) or a second refusal is final.
			const insufficient = challenges.some(challenge => challenge.params.error === 'insufficient_scope');
			if (attempt >= 2 || (attempt === 1 && (insufficient || !authorization?.startsWith('Bearer ')))) {
				throw await this.auth.refused();
			}

			authorization = await this.auth.answer(challenges, call.scopes, authorization, call.signal);
		}
	}

	private async send(call: Call, maxBody?: number): Promise<HttpResponse> {
		const {status, headers, stream} = await this.open(call);
		return {status, headers, body: await readBody(stream, maxBody, call.signal)};
	}

	private failure(response: HttpResponse, what: string): RegistryError {
		const {code, reason} = registryReason(response.body, response.status);
		if (response.status === 404) {
			return new RegistryError(`${what} not found on ${this.registry} (${reason})`, 404, code);
		}

		if (response.status === 403) {
			return new RegistryAuthError(`registry ${this.registry} denied ${what}: ${reason}`, 403, code);
		}

		if (response.status === 429) {
			return new RegistryError(`registry ${this.registry} says too many requests: try again later`, 429, code);
		}

		return new RegistryError(`registry ${this.registry} failed ${what}: ${reason}`, response.status, code);
	}

	/** GET /v2/: the registry answers and we may use it. */
	async ping(signal?: AbortSignal): Promise<void> {
		const response = await this.send({method: 'GET', path: '/v2/', scopes: [], signal});
		if (response.status !== 200) {
			throw this.failure(response, 'the API check (/v2/)');
		}
	}

	/** One page of repository names; Docker Hub and others refuse the catalog (CatalogUnavailableError). */
	async catalogPage(options: {n?: number; next?: string; signal?: AbortSignal} = {}): Promise<Page<string>> {
		const path = options.next ?? `/v2/_catalog?n=${options.n ?? 1000}`;
		let response: HttpResponse;
		try {
			response = await this.send({method: 'GET', path, scopes: ['registry:catalog:*'], signal: options.signal});
		} catch (error) {
			// Refused with our credentials, or refused after a token was granted (Docker Hub grants one and still says no).
			if (error instanceof RegistryAuthError && error.status === 401 && (error.message.includes('refused access') || (this.auth.usesTokens && !error.message.includes('token service')))) {
				throw new CatalogUnavailableError(`registry ${this.registry} does not list its repositories to this user: type a repository name`, 401, 'UNAUTHORIZED');
			}

			throw error;
		}

		if ([401, 403, 404, 405].includes(response.status)) {
			throw new CatalogUnavailableError(`registry ${this.registry} does not list its repositories (${registryReason(response.body, response.status).reason}): type a repository name`, response.status, undefined);
		}

		if (response.status !== 200) {
			throw this.failure(response, 'the catalog');
		}

		const document = json(response.body, 'catalog') as {repositories?: unknown};
		return {items: stringList(document.repositories, 'catalog'), next: nextPage(header(response.headers, 'link'), '/v2/_catalog')};
	}

	/**
	 * One page of a repository's tags. With `onTags` the body is read as it arrives and each
	 * chunk's tags go there at once: distribution 2.8 ignores `n` and sends every tag in one
	 * answer (20,000 tags are ~200 kB, which a slow link takes many seconds to bring).
	 */
	async tagsPage(repository: string, options: {n?: number; next?: string; signal?: AbortSignal; onTags?: (tags: string[]) => void} = {}): Promise<Page<string>> {
		checkRepository(repository);
		const listPath = `/v2/${repository}/tags/list`;
		const path = options.next ?? `${listPath}?n=${options.n ?? 1000}`;
		const {status, headers, stream} = await this.open({method: 'GET', path, scopes: [`repository:${repository}:pull`], signal: options.signal});
		if (status !== 200) {
			throw this.failure({status, headers, body: await readBody(stream, undefined, options.signal)}, `repository ${repository}`);
		}

		const items: string[] = [];
		let document: unknown;
		const reader = readJsonArray(value => {
			if (typeof value === 'string') {
				items.push(value);
			}
		}, value => {
			document = value;
		}, 'tags');
		let length = 0;
		try {
			await readJsonStream(stream, {
				push(chunk) {
					length += chunk.length;
					if (length > maxBufferedBody) {
						throw new BodyTooLargeError(`the registry sent a tag list of more than ${Math.round(maxBufferedBody / 1024 / 1024)} MB`);
					}

					const before = items.length;
					reader.push(chunk);
					if (items.length > before) {
						options.onTags?.(items.slice(before));
					}
				},
				end: () => reader.end(),
			});
		} catch (error) {
			throw error instanceof SyntaxError ? new MalformedError('malformed tag list: not JSON') : bodyFailure(error, options.signal);
		}

		const tags = document !== null && typeof document === 'object' && !Array.isArray(document) ? (document as {tags?: unknown}).tags : undefined;
		// The streamed member reads as [] in the object; null (no tags) or no member at all is said here.
		if (tags !== null && !Array.isArray(tags)) {
			throw new MalformedError('malformed tag list: no list');
		}

		return {items, next: nextPage(header(headers, 'link'), listPath)};
	}

	/** Every tag, page after page; `onPage` sees each part of a page as it arrives. */
	async allTags(repository: string, options: {n?: number; signal?: AbortSignal; onPage?: (tags: readonly string[]) => void} = {}): Promise<string[]> {
		const tags: string[] = [];
		let next: string | undefined;
		do {
			const page = await this.tagsPage(repository, {n: options.n, next, signal: options.signal, onTags: options.onPage});
			tags.push(...page.items);
			next = page.next;
		} while (next);
		return tags;
	}

	/** HEAD of a manifest: its digest without its body (what a stale check needs). */
	async headManifest(repository: string, reference: string, signal?: AbortSignal): Promise<ManifestHead> {
		checkRepository(repository);
		checkReference(reference);
		const response = await this.send({method: 'HEAD', path: `/v2/${repository}/manifests/${reference}`, scopes: [`repository:${repository}:pull`], headers: {Accept: manifestAccept}, signal});
		if (response.status !== 200) {
			throw this.failure(response, `manifest ${repository}:${reference}`);
		}

		const digest = header(response.headers, 'docker-content-digest');
		if (!digest || !isDigest(digest)) {
			// Some registries send no digest on HEAD: the body says it.
			const manifest = await this.manifest(repository, reference, signal);
			return {digest: manifest.digest, mediaType: manifest.mediaType, size: manifest.size};
		}

		return {digest, mediaType: (header(response.headers, 'content-type') ?? '').split(';')[0]!.trim(), size: Number(header(response.headers, 'content-length') ?? 0)};
	}

	/** GET of a manifest, its digest checked against the body (and against the reference when it is one). */
	async manifest(repository: string, reference: string, signal?: AbortSignal): Promise<Manifest> {
		checkRepository(repository);
		checkReference(reference);
		const response = await this.send({method: 'GET', path: `/v2/${repository}/manifests/${reference}`, scopes: [`repository:${repository}:pull`], headers: {Accept: manifestAccept}, signal}, 8 * 1024 * 1024);
		if (response.status !== 200) {
			throw this.failure(response, `manifest ${repository}:${reference}`);
		}

		const claimed = header(response.headers, 'docker-content-digest');
		const expected = isDigest(reference) ? reference : claimed && isDigest(claimed) ? claimed : undefined;
		const digest = expected ? digestOf(response.body, expected.split(':')[0]!) : sha256Digest(response.body);
		if (expected && digest !== expected) {
			throw new MalformedError(`the manifest of ${repository}:${reference} does not match its digest ${expected} (the body hashes to ${digest})`);
		}

		return parseManifest(response.body, header(response.headers, 'content-type'), digest);
	}

	/** A blob small enough to hold (a config), checked against its digest. */
	async blob(repository: string, digest: string, maxBytes: number, signal?: AbortSignal): Promise<Buffer> {
		const {status, stream, headers} = await this.openBlob(repository, digest, signal);
		const body = await readBody(stream, maxBytes, signal);
		if (status !== 200) {
			throw this.failure({status, headers, body}, `blob ${digest}`);
		}

		if (digestOf(body, digest.split(':')[0]!) !== digest) {
			throw new MalformedError(`blob ${digest} of ${repository} does not match its digest`);
		}

		return body;
	}

	/** A blob as a stream (a layer), following the registry's redirect to its storage. */
	async openBlob(repository: string, digest: string, signal?: AbortSignal): Promise<StreamResponse> {
		checkRepository(repository);
		if (!isDigest(digest)) {
			throw new MalformedError(`not a digest: ${digest.slice(0, 80)}`);
		}

		let answer = await this.open({method: 'GET', path: `/v2/${repository}/blobs/${digest}`, scopes: [`repository:${repository}:pull`], signal});
		for (let hops = 0; [301, 302, 303, 307, 308].includes(answer.status) && hops < 5; hops++) {
			const location = header(answer.headers, 'location');
			discard(answer.stream);
			if (!location) {
				break;
			}

			// Storage behind a redirect gets no registry credentials: the URL carries its own.
			answer = await this.transport.open({method: 'GET', url: new URL(location, await this.baseUrl(signal)), signal, timeoutMs: this.timeoutMs});
		}

		return answer;
	}

	/** A layer blob's body as a stream; anything but a 200 is the registry's error (a missing blob, a refusal). */
	async layerBlob(repository: string, digest: string, signal?: AbortSignal): Promise<StreamResponse['stream']> {
		const {status, stream, headers} = await this.openBlob(repository, digest, signal);
		if (status !== 200) {
			throw this.failure({status, headers, body: await readBody(stream, 64 * 1024, signal)}, `blob ${digest}`);
		}

		return stream;
	}

	/** The image config of an image manifest. */
	async config(repository: string, manifest: ImageManifest, signal?: AbortSignal): Promise<ImageConfig> {
		return parseImageConfig(await this.blob(repository, manifest.config.digest, 8 * 1024 * 1024, signal));
	}

	/** DELETE of a manifest by digest (the API deletes manifests, not tags: every tag on it goes). */
	async deleteManifest(repository: string, digest: string, signal?: AbortSignal): Promise<void> {
		checkRepository(repository);
		if (!isDigest(digest)) {
			throw new MalformedError('a registry deletes manifests by digest only');
		}

		const response = await this.send({method: 'DELETE', path: `/v2/${repository}/manifests/${digest}`, scopes: [`repository:${repository}:delete`], signal});
		if (response.status === 405) {
			throw new RegistryError(`delete is disabled on this registry (${this.registry}): its storage.delete is not enabled`, 405, registryReason(response.body, 405).code);
		}

		if (response.status !== 202 && response.status !== 200) {
			throw this.failure(response, `the delete of ${repository}@${digest}`);
		}
	}

	/** For copy: a raw call with the push scopes. */
	request(call: Call, maxBody?: number): Promise<HttpResponse> {
		return this.send(call, maxBody);
	}

	/** For an upload: the transport itself, since a streamed body cannot be retried after a 401. */
	async stream(request: Omit<HttpRequest, 'timeoutMs' | 'url'> & {location: string; scopes: readonly string[]}): Promise<HttpResponse> {
		const url = new URL(request.location, await this.baseUrl(request.signal));
		const authorization = await this.auth.authorization(request.scopes, request.signal);
		// A Location from the registry points at itself: anywhere else gets no credentials.
		const sameHost = url.host === this.host;
		return this.transport.send({...request, url, timeoutMs: this.timeoutMs, headers: {...request.headers, ...(authorization && sameHost ? {Authorization: authorization} : {})}}, 1024 * 1024);
	}

	close(): void {
		this.transport.close();
	}
}

function json(body: Buffer, what: string): Record<string, unknown> {
	try {
		const parsed: unknown = JSON.parse(body.toString('utf8'));
		if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
			return parsed as Record<string, unknown>;
		}
	} catch {
		// Below.
	}

	throw new MalformedError(`malformed ${what}: not a JSON object`);
}

function stringList(value: unknown, what: string): string[] {
	if (!Array.isArray(value)) {
		throw new MalformedError(`malformed ${what}: no list`);
	}

	// Names stay raw here (they are used in URLs and checked there); the UI sanitizes what it shows.
	return value.filter((item): item is string => typeof item === 'string');
}

