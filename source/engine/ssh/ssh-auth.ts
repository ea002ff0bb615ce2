// Which credentials to offer, in OpenSSH's order: the agent, then the IdentityFile
// keys (or the default ~/.ssh/id_* ones when none is configured). Keys are read
// only when their turn comes, so a passphrase is asked only when needed.
import {readFileSync} from 'node:fs';
import path from 'node:path';
import type * as Ssh2Module from 'ssh2';
import type {AnyAuthMethod, AuthHandlerMiddleware, ParsedKey} from 'ssh2';

/** The ssh2 module, loaded on demand (see loadSsh2). */
export type Ssh2 = typeof Ssh2Module;

/** Asked for a key's passphrase; undefined skips the key. */
export type AskPassphrase = (keyPath: string) => Promise<string | undefined>;

export type AuthPlan = {
	username: string;
	/** SSH_AUTH_SOCK, when set. */
	agentSocket?: string;
	identityFiles: readonly string[];
	identitiesOnly: boolean;
	home: string;
};

export const defaultKeyNames = ['id_ed25519', 'id_ecdsa', 'id_rsa'] as const;

function readOrUndefined(file: string): string | undefined {
	try {
		return readFileSync(file, 'utf8');
	} catch {
		return undefined;
	}
}

/** The public half of an identity file, from its .pub or the key itself, as base64. */
function publicBlob(ssh2: Ssh2, file: string): string | undefined {
	const pub = readOrUndefined(`${file}.pub`)?.trim().split(/\s+/)[1];
	if (pub) {
		return pub;
	}

	const key = ssh2.utils.parseKey(readOrUndefined(file) ?? '');
	return key instanceof Error ? undefined : key.getPublicSSH().toString('base64');
}

async function loadKey(ssh2: Ssh2, file: string, text: string, ask: AskPassphrase | undefined, tried: string[]): Promise<ParsedKey | undefined> {
	let key = ssh2.utils.parseKey(text);
	if (!(key instanceof Error)) {
		return key;
	}

	if (!/passphrase|encrypted/i.test(key.message)) {
		tried.push(`${file} (not a key ssh2 can read: ${key.message})`);
		return undefined;
	}

	if (!ask) {
		tried.push(`${file} (protected by a passphrase, and there is no terminal to ask for it)`);
		return undefined;
	}

	// Three chances, as ssh gives.
	for (let attempt = 0; attempt < 3; attempt++) {
		const passphrase = await ask(file);
		if (passphrase === undefined) {
			break;
		}

		key = ssh2.utils.parseKey(text, passphrase);
		if (!(key instanceof Error)) {
			return key;
		}
	}

	tried.push(`${file} (no passphrase that opens it)`);
	return undefined;
}

/** An ssh2 authHandler that records in `tried` what it offered, for the error when all fail. */
export function makeAuthHandler(ssh2: Ssh2, plan: AuthPlan, ask: AskPassphrase | undefined, tried: string[]): AuthHandlerMiddleware {
	const files = plan.identityFiles.length > 0 ? plan.identityFiles : defaultKeyNames.map(name => path.join(plan.home, '.ssh', name));
	const steps: Array<() => Promise<AnyAuthMethod | undefined>> = [];
	if (plan.agentSocket) {
		const socket = plan.agentSocket;
		steps.push(async () => {
			if (!plan.identitiesOnly) {
				tried.push(`the keys in the ssh agent (${socket})`);
				return {type: 'agent', username: plan.username, agent: socket};
			}

			// IdentitiesOnly: the agent may sign only with keys that IdentityFile names.
			const allowed = new Set(files.map(file => publicBlob(ssh2, file)).filter(Boolean));
			class OnlyIdentityFiles extends ssh2.OpenSSHAgent {
				override getIdentities(callback: Parameters<InstanceType<Ssh2['OpenSSHAgent']>['getIdentities']>[0]) {
					super.getIdentities((error, keys) => callback(error, keys?.filter(key => allowed.has((key as ParsedKey).getPublicSSH().toString('base64')))));
				}
			}

			tried.push(`the ssh agent's keys that IdentityFile names (IdentitiesOnly, ${socket})`);
			return {type: 'agent', username: plan.username, agent: new OnlyIdentityFiles(socket)};
		});
	}

	for (const file of files) {
		steps.push(async () => {
			const text = readOrUndefined(file);
			if (text === undefined) {
				if (plan.identityFiles.length > 0) {
					tried.push(`${file} (cannot be read)`);
				}

				return undefined;
			}

			const key = await loadKey(ssh2, file, text, ask, tried);
			if (key) {
				tried.push(file);
				return {type: 'publickey', username: plan.username, key};
			}

			return undefined;
		});
	}

	let index = 0;
	return (_left, _partial, next) => {
		void (async () => {
			while (index < steps.length) {
				const method = await steps[index++]!().catch(() => undefined);
				if (method) {
					next(method);
					return;
				}
			}

			(next as unknown as (last: false) => void)(false);
		})();
	};
}
