// The docker contexts (`docker context ls`) and the hosts stowage was pointed at
// before: what the `c` switcher offers.
import {mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {contextDirHash, dockerConfigDir, resolveEndpoint, type ResolvedEndpoint} from './endpoint.ts';

export type ContextEntry = {
	name: string;
	/** The endpoint URL, or "" when the context cannot be used. */
	url: string;
	description: string;
	/** What `docker context ls` stars: the context the docker CLI would use now. */
	current: boolean;
	resolved?: ResolvedEndpoint;
	/** Why the context cannot be used. */
	error?: string;
};

function contextNames(env: NodeJS.ProcessEnv): string[] {
	const meta = path.join(dockerConfigDir(env), 'contexts', 'meta');
	let dirs: string[];
	try {
		dirs = readdirSync(meta);
	} catch {
		return [];
	}

	const names: string[] = [];
	for (const dir of dirs) {
		try {
			const parsed = JSON.parse(readFileSync(path.join(meta, dir, 'meta.json'), 'utf8')) as {Name?: unknown};
			if (typeof parsed.Name === 'string' && parsed.Name !== '' && parsed.Name !== 'default') {
				names.push(parsed.Name);
			}
		} catch {
			// Not a context: docker skips it too.
		}
	}

	return names.sort((a, b) => a.localeCompare(b));
}

function describeMeta(name: string, env: NodeJS.ProcessEnv): string {
	const file = path.join(dockerConfigDir(env), 'contexts', 'meta', contextDirHash(name), 'meta.json');
	try {
		const parsed = JSON.parse(readFileSync(file, 'utf8')) as {Metadata?: {Description?: unknown}};
		return typeof parsed.Metadata?.Description === 'string' ? parsed.Metadata.Description : '';
	} catch {
		return '';
	}
}

/** `docker context ls`: "default" first, then the stored contexts by name. */
export function listContexts(env: NodeJS.ProcessEnv = process.env): ContextEntry[] {
	let currentName = 'default';
	try {
		// With DOCKER_HOST set, the CLI uses it (the default context) whatever else is configured.
		currentName = env.DOCKER_HOST ? 'default' : resolveEndpoint({env}).context;
	} catch {
		// A broken current context: nothing is starred.
		currentName = '';
	}

	return ['default', ...contextNames(env)].map(name => {
		const description = name === 'default' ? 'Current DOCKER_HOST based configuration' : describeMeta(name, env);
		try {
			const resolved = resolveEndpoint({context: name, env});
			return {name, url: resolved.endpoint.url, description, current: name === currentName, resolved};
		} catch (error) {
			return {name, url: '', description, current: name === currentName, error: error instanceof Error ? error.message : String(error)};
		}
	});
}

const maxRecent = 10;

function historyFile(env: NodeJS.ProcessEnv): string {
	const state = env.XDG_STATE_HOME || path.join(env.HOME || os.homedir(), '.local', 'state');
	return path.join(state, 'stowage', 'hosts.json');
}

/** Host URLs used before, most recent first. */
export function recentHosts(env: NodeJS.ProcessEnv = process.env): string[] {
	try {
		const parsed = JSON.parse(readFileSync(historyFile(env), 'utf8')) as {hosts?: unknown};
		return Array.isArray(parsed.hosts) ? parsed.hosts.filter((url): url is string => typeof url === 'string').slice(0, maxRecent) : [];
	} catch {
		return [];
	}
}

/** Puts `urls` first in the history. Best effort: a read-only home must not stop stowage. */
export function rememberHosts(urls: string[], env: NodeJS.ProcessEnv = process.env): void {
	const file = historyFile(env);
	const hosts = [...new Set([...urls, ...recentHosts(env)])].slice(0, maxRecent);
	const temp = `${file}.${process.pid}.tmp`;
	try {
		mkdirSync(path.dirname(file), {recursive: true, mode: 0o700});
		writeFileSync(temp, `${JSON.stringify({hosts}, null, '\t')}\n`, {mode: 0o600});
		renameSync(temp, file);
	} catch {
		// Not remembered this time.
		try {
			rmSync(temp, {force: true});
		} catch {
			// There was no directory to leave it in.
		}
	}
}
