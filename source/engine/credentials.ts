// Registry credentials where the docker CLI keeps them: a credential helper
// (credHelpers for the registry, else credsStore) or $DOCKER_CONFIG/config.json.
// Secrets never reach a log or an error message.
import {constants} from 'node:fs';
import {access, chown, lstat, mkdir, open, readFile, readlink, realpath, rename, rm, stat} from 'node:fs/promises';
import path from 'node:path';
import {dockerConfigDir} from './endpoint.ts';
import type {AuthConfig} from './operations.ts';
import {helperGet, helperStore, tokenUsername} from './credential-helper.ts';
import {removeStaleTemps, tempPathBeside} from './temp-name.ts';
import {authFromEntry, ConfigFileError, containsAuth, fileEntry, findAuthEntry, helperEntry, helperFor, parseDockerConfig, withAuthEntry, withDefaultStore, type DockerConfig} from './docker-config.ts';

export {ConfigFileError} from './docker-config.ts';
export {CredentialHelperError} from './credential-helper.ts';

export function configFilePath(env: NodeJS.ProcessEnv = process.env): string {
	return path.join(dockerConfigDir(env), 'config.json');
}

async function readConfigFile(file: string): Promise<DockerConfig> {
	let text: string;
	try {
		text = await readFile(file, 'utf8');
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'ENOENT') {
			return {};
		}

		throw new ConfigFileError(`cannot read ${file}: ${code ?? 'unknown error'}`);
	}

	return parseDockerConfig(text, file);
}

async function onPath(name: string, env: NodeJS.ProcessEnv): Promise<boolean> {
	for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
		try {
			await access(path.join(dir, name), constants.X_OK);
			return true;
		} catch {
			// Not in this one.
		}
	}

	return false;
}

/** DetectDefaultStore: the platform's helper when it is installed (Linux: pass if `pass` is, else secretservice). */
async function defaultStore(env: NodeJS.ProcessEnv): Promise<string | undefined> {
	const platform = process.platform === 'darwin' ? 'osxkeychain' : process.platform === 'win32' ? 'wincred' : process.platform === 'linux' ? ((await onPath('pass', env)) ? 'pass' : 'secretservice') : undefined;
	return platform && (await onPath(`docker-credential-${platform}`, env)) ? platform : undefined;
}

/** The file as the CLI sees it once loaded: with the platform's helper when it names none. */
async function loadConfig(file: string, env: NodeJS.ProcessEnv): Promise<DockerConfig> {
	const config = await readConfigFile(file);
	return containsAuth(config) ? config : withDefaultStore(config, await defaultStore(env));
}

/**
 * The credentials the docker CLI would send for `registry` (a config.json key:
 * "host:port", or "https://index.docker.io/v1/" for Docker Hub). Undefined: none stored.
 */
export async function resolveAuth(registry: string, env: NodeJS.ProcessEnv = process.env): Promise<AuthConfig | undefined> {
	const file = configFilePath(env);
	const config = await loadConfig(file, env);
	const helper = helperFor(config, registry);
	if (helper) {
		const found = await helperGet(helper, registry, env);
		if (!found || (found.Username === '' && found.Secret === '')) {
			return undefined;
		}

		return found.Username === tokenUsername
			? {identitytoken: found.Secret, serveraddress: registry}
			: {username: found.Username, password: found.Secret, serveraddress: registry};
	}

	const match = findAuthEntry(config, registry);
	return match ? authFromEntry(match.entry, match.key, file) : undefined;
}

/** Where a write must land: through a symlink (even a dangling one) to its target, as the CLI does. */
async function writeTarget(file: string): Promise<string> {
	try {
		return await realpath(file);
	} catch {
		try {
			if ((await lstat(file)).isSymbolicLink()) {
				return path.resolve(path.dirname(file), await readlink(file));
			}
		} catch {
			// Not there at all.
		}

		return file;
	}
}

/** Temp file beside the target, then rename: a reader never sees half a file. Mode 0600, the dir 0700 if created. */
async function writeConfig(file: string, config: DockerConfig): Promise<void> {
	await mkdir(path.dirname(file), {recursive: true, mode: 0o700});
	const target = await writeTarget(file);
	// Named as a save's are, so that one a killed stowage left (SIGKILL between open and rename) is swept here.
	await removeStaleTemps(target).catch(() => {});
	const temp = tempPathBeside(target);
	const handle = await open(temp, 'wx', 0o600);
	try {
		try {
			await handle.writeFile(JSON.stringify(config, null, '\t'));
			await handle.chmod(0o600);
			await handle.sync();
		} finally {
			await handle.close();
		}

		// Keep the owner of an existing file (say, root writing a user's config).
		const existing = await stat(target).catch(() => undefined);
		if (existing) {
			await chown(temp, existing.uid, existing.gid).catch(() => {});
		}

		await rename(temp, target);
	} catch (error) {
		await rm(temp, {force: true});
		throw new ConfigFileError(`cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? 'unknown error'}`);
	}
}

// One read-modify-write of a file at a time, so two logins cannot lose each other's entry.
const writing = new Map<string, Promise<unknown>>();

function serialized<T>(key: string, work: () => Promise<T>): Promise<T> {
	const previous = writing.get(key) ?? Promise.resolve();
	const next = previous.catch(() => {}).then(work);
	writing.set(key, next);
	void next.finally(() => {
		if (writing.get(key) === next) {
			writing.delete(key);
		}
	}).catch(() => {});
	return next;
}

/**
 * Saves credentials as `docker login` does: to the registry's helper when one is
 * configured (and an entry without secrets in the file), else base64 user:secret
 * in config.json's `auths`; with an identity token, the token replaces the password.
 */
export async function storeCredentials(registry: string, username: string, secret: string, identityToken?: string, env: NodeJS.ProcessEnv = process.env): Promise<void> {
	const file = configFilePath(env);
	await serialized(path.resolve(file), async () => {
		const config = await loadConfig(file, env);
		const helper = helperFor(config, registry);
		let entry;
		if (helper) {
			await helperStore(helper, identityToken
				? {ServerURL: registry, Username: tokenUsername, Secret: identityToken}
				: {ServerURL: registry, Username: username, Secret: secret}, env);
			// Any plain-text secret the file held for this registry goes.
			entry = helperEntry(config.auths?.[registry]);
		} else {
			entry = fileEntry(username, secret, identityToken);
		}

		const updated = withAuthEntry(config, registry, entry);
		if (updated) {
			await writeConfig(file, updated);
		}
	});
}
