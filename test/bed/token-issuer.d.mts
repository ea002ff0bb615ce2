export interface TokenRequest {
	/** Undefined: an anonymous request. */
	user?: string;
	scopes: string[];
	/** The password was wrong. */
	refused?: boolean;
}

export interface TokenIssuer {
	/** http://127.0.0.1:PORT/token, the registry's auth.token.realm. */
	realm: string;
	service: string;
	issuer: string;
	/** The signing key's certificate: the registry's auth.token.rootcertbundle. */
	certFile: string;
	/** Every token request so far, in order. */
	requests: TokenRequest[];
	/** The next `count` tokens (default 1) come already expired by their claims, though expires_in says they are good. */
	expireNext(count?: number): void;
	stop(): Promise<void>;
}

/** A loopback token issuer; `expiresIn` is both the tokens' lifetime and what it answers as expires_in (default 60 s). */
export declare function startTokenIssuer(options?: {users?: Record<string, string>; expiresIn?: number; service?: string; issuer?: string}): Promise<TokenIssuer>;
