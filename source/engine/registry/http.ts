// HTTP for registries: one keep-alive agent per registry origin (so a listing of
// many pages, or a copy of many blobs, reuses one warm connection), every request
// cancellable by an AbortSignal and ended when the registry goes quiet for too long.
import http, {type IncomingHttpHeaders, type IncomingMessage} from 'node:http';
import https from 'node:https';
import path from 'node:path';
import type {Readable} from 'node:stream';
import {abortReason, RegistryTimeoutError} from './errors.ts';
import type {TlsMaterial} from './tls-options.ts';

export type HttpRequest = {
	method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
	url: URL;
	headers?: Record<string, string>;
	body?: Buffer | Readable;
	/** Needed with a stream body: the registry wants a Content-Length on a monolithic upload. */
	bodyLength?: number;
	signal?: AbortSignal;
	/** Idle time allowed: no connection, no header or no byte for this long ends the request. */
	timeoutMs: number;
};

export type HttpResponse = {status: number; headers: IncomingHttpHeaders; body: Buffer};
export type StreamResponse = {status: number; headers: IncomingHttpHeaders; stream: IncomingMessage};

/** A body larger than this is refused before it fills memory (manifests are ≤ 4 MB by spec). */
export const maxBufferedBody = 16 * 1024 * 1024;

export class BodyTooLargeError extends Error {
	override name = 'BodyTooLargeError';
}

export type TransportOptions = {
	tls: (host: string, withCa: boolean) => TlsMaterial;
	verify: boolean;
	/** Where a registry's CA certificate is read from (certs.d/<host>), for the error that says so. */
	certsDirs: (host: string) => string[];
};

// Node's names for a certificate it does not accept (OpenSSL's verify errors, and the name check).
const certificateCodes = new Set(['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID', 'CERT_UNTRUSTED', 'CERT_SIGNATURE_FAILURE', 'ERR_TLS_CERT_ALTNAME_INVALID']);

/** A certificate refusal said as docker users need it: which registry, why, and where its CA goes. */
// The registry's TLS alerts when it wants a client certificate and got none it accepts (TLS 1.3 and 1.2).
const clientCertificateCodes = new Set(['ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED', 'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE', 'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA', 'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE']);

function certificateError(url: URL, error: Error & {code?: string}, certsDirs: readonly string[]): Error | undefined {
	if (error.code && clientCertificateCodes.has(error.code)) {
		const places = [...certsDirs].reverse().join(' or ');
		const wrapped = new Error(`${url.host} refused the TLS connection for want of a client certificate it accepts (${error.code}); put client.cert and client.key in ${places}, as docker reads them`);
		(wrapped as Error & {code?: string}).code = error.code;
		return wrapped;
	}

	if (!error.code || !certificateCodes.has(error.code)) {
		return undefined;
	}

	// The user's own directory first: writing /etc/docker needs root.
	const places = [...certsDirs].reverse().map(dir => path.join(dir, 'ca.crt')).join(' or ');
	const wrapped = new Error(`the certificate of ${url.host} is not trusted (${error.message}); put the CA that signed it in ${places}, as docker reads it`);
	(wrapped as Error & {code?: string}).code = error.code;
	return wrapped;
}

export class Transport {
	private readonly agents = new Map<string, http.Agent>();

	constructor(private readonly host: string, private readonly options: TransportOptions) {}

	private agent(url: URL): http.Agent {
		const key = `${url.protocol}//${url.host}`;
		let agent = this.agents.get(key);
		if (!agent) {
			if (url.protocol === 'https:') {
				// The registry's own certs.d applies to its own host; a redirect elsewhere (blob storage) gets the system CAs.
				// An insecure registry's certificate is not checked: no CA bundle to parse for it.
				const verify = this.options.verify || url.host !== this.host;
				const material = this.options.tls(url.host, verify);
				agent = new https.Agent({keepAlive: true, maxSockets: 8, ca: material.ca, cert: material.cert, key: material.key, rejectUnauthorized: verify});
			} else {
				agent = new http.Agent({keepAlive: true, maxSockets: 8});
			}

			this.agents.set(key, agent);
		}

		return agent;
	}

	/** Sends the request; resolves once the status and headers are in, the body still to read. */
	open(request: HttpRequest): Promise<StreamResponse> {
		const {url, signal} = request;
		if (signal?.aborted) {
			return Promise.reject(abortReason(signal));
		}

		return new Promise((resolve, reject) => {
			const module = url.protocol === 'https:' ? https : http;
			const headers: Record<string, string> = {'User-Agent': 'stowage', ...request.headers};
			if (Buffer.isBuffer(request.body)) {
				headers['Content-Length'] = String(request.body.length);
			} else if (request.body && request.bodyLength !== undefined) {
				headers['Content-Length'] = String(request.bodyLength);
			} else if (!request.body && (request.method === 'PUT' || request.method === 'POST' || request.method === 'PATCH')) {
				headers['Content-Length'] = '0';
			}

			const req = module.request(url, {method: request.method, headers, agent: this.agent(url)});
			const onAbort = () => req.destroy(abortReason(signal!));
			signal?.addEventListener('abort', onAbort, {once: true});
			const done = () => signal?.removeEventListener('abort', onAbort);
			req.setTimeout(request.timeoutMs, () => {
				req.destroy(new RegistryTimeoutError(`registry ${this.host} did not answer within ${Math.round(request.timeoutMs / 1000)} s`));
			});
			req.on('error', error => {
				done();
				reject(certificateError(url, error, this.options.certsDirs(url.host)) ?? error);
			});
			req.on('response', response => {
				response.on('close', done);
				response.on('error', done);
				resolve({status: response.statusCode ?? 0, headers: response.headers, stream: response});
			});
			if (Buffer.isBuffer(request.body)) {
				req.end(request.body);
			} else if (request.body) {
				request.body.on('error', error => req.destroy(error));
				request.body.pipe(req);
			} else {
				req.end();
			}
		});
	}

	/** Sends the request and reads the whole body (up to maxBufferedBody). */
	async send(request: HttpRequest, maxBody = maxBufferedBody): Promise<HttpResponse> {
		const {status, headers, stream} = await this.open(request);
		const body = await readBody(stream, maxBody, request.signal);
		return {status, headers, body};
	}

	close(): void {
		for (const agent of this.agents.values()) {
			agent.destroy();
		}

		this.agents.clear();
	}
}

/**
 * Why a body did not arrive whole: the cancel when `signal` was aborted (Node reports a
 * request destroyed by it as a reset "aborted"), else a clear word for a cut connection.
 */
export function bodyFailure(error: unknown, signal?: AbortSignal): unknown {
	if (signal?.aborted) {
		return abortReason(signal);
	}

	return error instanceof Error && (error as NodeJS.ErrnoException).code === 'ECONNRESET' ? new Error('the registry cut the connection') : error;
}

export function readBody(stream: IncomingMessage, maxBody = maxBufferedBody, signal?: AbortSignal): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let length = 0;
		stream.on('data', (chunk: Buffer) => {
			length += chunk.length;
			if (length > maxBody) {
				stream.destroy(new BodyTooLargeError(`the registry sent more than ${Math.round(maxBody / 1024 / 1024)} MB where a small document was expected`));
				return;
			}

			chunks.push(chunk);
		});
		stream.on('end', () => resolve(Buffer.concat(chunks)));
		stream.on('error', error => reject(bodyFailure(error, signal)));
	});
}

/** The body is not wanted: read it away so the keep-alive socket goes back to the pool. */
export function discard(stream: IncomingMessage): void {
	stream.resume();
}

export function header(headers: IncomingHttpHeaders, name: string): string | undefined {
	const value = headers[name.toLowerCase()];
	return Array.isArray(value) ? value[0] : value;
}
