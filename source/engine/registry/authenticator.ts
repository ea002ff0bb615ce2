// Auth as the docker CLI does it against a registry: the credentials the CLI would use
// (config.json, credsStore, credHelpers), sent as HTTP basic when the registry asks for
// Basic, or traded at the Bearer realm for a token per scope (with the credentials, or
// anonymously), cached until it expires. Secrets never appear in an error.
import type {AuthConfig} from '../operations.ts';
import {sanitizeLine} from '../../format/sanitize.ts';
import type {Challenge} from './challenge.ts';
import {MalformedError, RegistryAuthError, registryReason} from './errors.ts';
import type {Transport} from './http.ts';
import {TokenCache} from './token-cache.ts';

export type Credentials = () => Promise<AuthConfig | undefined>;

type Scheme = {kind: 'basic'} | {kind: 'bearer'; realm: string; service: string | undefined};

export class Authenticator {
	private scheme: Scheme | undefined;
	private credentials: Promise<AuthConfig | undefined> | undefined;
	private readonly tokens = new TokenCache();
	private readonly pending = new Map<string, Promise<string>>();
	/** Token requests made: the tests count them to see tokens are reused. */
	tokenRequests = 0;

	constructor(private readonly registry: string, private readonly transport: Transport, private readonly loadCredentials: Credentials, private readonly timeoutMs: number) {}

	private creds(): Promise<AuthConfig | undefined> {
		this.credentials ??= this.loadCredentials().catch(() => undefined);
		return this.credentials;
	}

	get usesTokens(): boolean {
		return this.scheme?.kind === 'bearer';
	}

	/** Who we are, for messages: "as USER" or "anonymously". */
	async identity(): Promise<string> {
		const auth = await this.creds();
		return auth?.username ? `as ${sanitizeLine(auth.username)}` : auth?.identitytoken ? 'with the stored token' : 'anonymously';
	}

	/** The Authorization header to send first, when the scheme is known already (saves a 401 round trip). */
	async authorization(scopes: readonly string[], signal: AbortSignal | undefined): Promise<string | undefined> {
		if (!this.scheme) {
			return undefined;
		}

		if (this.scheme.kind === 'basic') {
			return this.basic(await this.creds());
		}

		return `Bearer ${await this.token(this.scheme, scopes, [], signal)}`;
	}

	/**
	 * A 401 came back: learn the scheme from its challenge and return the header to retry
	 * with, or throw when there is nothing better to send.
	 */
	async answer(challenges: readonly Challenge[], scopes: readonly string[], sent: string | undefined, signal: AbortSignal | undefined): Promise<string> {
		const bearer = challenges.find(challenge => challenge.scheme === 'bearer' && challenge.params.realm);
		const basic = challenges.find(challenge => challenge.scheme === 'basic');
		if (bearer) {
			const scheme: Scheme = {kind: 'bearer', realm: bearer.params.realm!, service: bearer.params.service};
			this.scheme = scheme;
			const asked = (bearer.params.scope ?? '').split(' ').filter(Boolean);
			const key = scopeKey(scopes);
			if (sent?.startsWith('Bearer ')) {
				// The token we had is not enough (expired early, or the scope was wrong): a fresh one, once.
				this.tokens.delete(key);
			}

			const token = await this.token(scheme, scopes, asked, signal, sent !== undefined);
			const retry = `Bearer ${token}`;
			if (retry === sent) {
				throw await this.refused();
			}

			return retry;
		}

		if (basic) {
			this.scheme = {kind: 'basic'};
			const value = this.basic(await this.creds());
			if (!value || value === sent) {
				throw await this.refused();
			}

			return value;
		}

		throw new RegistryAuthError(`registry ${this.registry} refused the request and named no way to authenticate`, 401, undefined);
	}

	/** The registry said no to what we sent. */
	async refused(): Promise<RegistryAuthError> {
		const auth = await this.creds();
		return auth
			? new RegistryAuthError(`registry ${this.registry} refused access ${await this.identity()}: check the credentials and the repository's permissions`, 401, 'UNAUTHORIZED')
			: new RegistryAuthError(`registry ${this.registry} requires authentication: log in with l`, 401, 'UNAUTHORIZED');
	}

	private basic(auth: AuthConfig | undefined): string | undefined {
		if (!auth?.username || auth.password === undefined) {
			return undefined;
		}

		return `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
	}

	private token(scheme: Scheme & {kind: 'bearer'}, scopes: readonly string[], asked: readonly string[], signal: AbortSignal | undefined, fresh = false): Promise<string> {
		const key = scopeKey(scopes);
		const cached = fresh ? undefined : this.tokens.get(key);
		if (cached) {
			return Promise.resolve(cached);
		}

		// Requests in parallel for one scope share one token request.
		let pending = this.pending.get(key);
		if (!pending) {
			pending = this.fetchToken(scheme, [...new Set([...scopes, ...asked])], key, signal).finally(() => this.pending.delete(key));
			this.pending.set(key, pending);
		}

		return pending;
	}

	private async fetchToken(scheme: Scheme & {kind: 'bearer'}, scopes: readonly string[], key: string, signal: AbortSignal | undefined): Promise<string> {
		const auth = await this.creds();
		let url: URL;
		try {
			url = new URL(scheme.realm);
		} catch {
			throw new MalformedError(`registry ${this.registry} names a token realm that is not a URL`);
		}

		if (url.protocol !== 'https:' && url.protocol !== 'http:') {
			throw new MalformedError(`registry ${this.registry} names a token realm that is not HTTP`);
		}

		this.tokenRequests++;
		let response;
		if (auth?.identitytoken) {
			// An identity token is an OAuth2 refresh token (docker's oauth flow).
			const form = new URLSearchParams({grant_type: 'refresh_token', refresh_token: auth.identitytoken, client_id: 'stowage', ...(scheme.service ? {service: scheme.service} : {})});
			form.set('scope', scopes.join(' '));
			response = await this.transport.send({method: 'POST', url, headers: {'Content-Type': 'application/x-www-form-urlencoded'}, body: Buffer.from(form.toString()), signal, timeoutMs: this.timeoutMs}, 1024 * 1024);
		} else {
			if (scheme.service) {
				url.searchParams.set('service', scheme.service);
			}

			for (const scope of scopes) {
				url.searchParams.append('scope', scope);
			}

			const basic = this.basic(auth);
			response = await this.transport.send({method: 'GET', url, headers: basic ? {Authorization: basic} : {}, signal, timeoutMs: this.timeoutMs}, 1024 * 1024);
		}

		if (response.status === 401 || response.status === 403) {
			throw auth
				? new RegistryAuthError(`registry ${this.registry}'s token service refused the credentials ${await this.identity()}: check the user name and password`, response.status, 'UNAUTHORIZED')
				: new RegistryAuthError(`registry ${this.registry} requires authentication: log in with l`, response.status, 'UNAUTHORIZED');
		}

		if (response.status !== 200) {
			throw new RegistryAuthError(`registry ${this.registry}'s token service failed: ${registryReason(response.body, response.status).reason}`, response.status, undefined);
		}

		let parsed: {token?: unknown; access_token?: unknown; expires_in?: unknown};
		try {
			parsed = JSON.parse(response.body.toString('utf8')) as typeof parsed;
		} catch {
			throw new MalformedError(`registry ${this.registry}'s token service sent something that is not JSON`);
		}

		const token = typeof parsed.token === 'string' && parsed.token !== '' ? parsed.token : typeof parsed.access_token === 'string' ? parsed.access_token : '';
		// A token goes into a header: nothing that could split it.
		if (token === '' || !/^[\x21-\x7E]+$/.test(token)) {
			throw new MalformedError(`registry ${this.registry}'s token service sent no usable token`);
		}

		// Counted from when it arrived, not issued_at: a skewed clock on either side must not expire it early.
		this.tokens.set(key, token, typeof parsed.expires_in === 'number' ? parsed.expires_in : undefined);
		return token;
	}
}

export function scopeKey(scopes: readonly string[]): string {
	return [...scopes].sort().join(' ');
}
