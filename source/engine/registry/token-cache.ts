// Bearer tokens, kept per scope until the issuer's expires_in runs out (docker
// assumes 60 s when it says nothing). A token is dropped a second early so a request
// never leaves with one that expires on the way.

type Entry = {token: string; expiresAt: number};

export const defaultTokenLifetimeSeconds = 60;
const marginMs = 1000;

export class TokenCache {
	private readonly entries = new Map<string, Entry>();

	constructor(private readonly now: () => number = Date.now) {}

	get(key: string): string | undefined {
		const entry = this.entries.get(key);
		if (!entry) {
			return undefined;
		}

		if (this.now() >= entry.expiresAt - marginMs) {
			this.entries.delete(key);
			return undefined;
		}

		return entry.token;
	}

	set(key: string, token: string, expiresInSeconds: number | undefined): void {
		const lifetime = expiresInSeconds !== undefined && expiresInSeconds > 0 ? expiresInSeconds : defaultTokenLifetimeSeconds;
		this.entries.set(key, {token, expiresAt: this.now() + lifetime * 1000});
	}

	delete(key: string): void {
		this.entries.delete(key);
	}
}
