// The credentials part of $DOCKER_CONFIG/config.json, read and changed the way
// the docker CLI does it (cli/config/configfile/file.go, credentials/file_store.go).
// Pure: no files, no processes; credentials.ts does the I/O.
import type {AuthConfig} from './operations.ts';

/** One `auths` entry as stored: `auth` is base64("user:password"). */
export type AuthEntry = {
	auth?: string;
	username?: string;
	password?: string;
	identitytoken?: string;
	email?: string;
	[key: string]: unknown;
};

/** The whole file as parsed; keys we don't know are kept as they are. */
export type DockerConfig = {
	auths?: Record<string, AuthEntry>;
	credsStore?: string;
	credHelpers?: Record<string, string>;
	[key: string]: unknown;
};

/** config.json could not be used; the message names the file, never its content. */
export class ConfigFileError extends Error {
	override name = 'ConfigFileError';
}

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/** JSON text → config. An empty file is an empty config, as in the CLI. */
export function parseDockerConfig(text: string, file: string): DockerConfig {
	if (text.trim() === '') {
		return {};
	}

	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch {
		// JSON.parse quotes the text around the error, which may hold a password.
		throw new ConfigFileError(`${file} is not valid JSON`);
	}

	if (!isObject(value)) {
		throw new ConfigFileError(`${file} does not hold a JSON object`);
	}

	for (const key of ['auths', 'credHelpers'] as const) {
		if (value[key] !== undefined && value[key] !== null && !isObject(value[key])) {
			throw new ConfigFileError(`${file}: "${key}" is not an object`);
		}
	}

	if (value.credsStore !== undefined && typeof value.credsStore !== 'string') {
		throw new ConfigFileError(`${file}: "credsStore" is not a string`);
	}

	return value as DockerConfig;
}

/** ContainsAuth: whether the file says anything about credentials at all. */
export function containsAuth(config: DockerConfig): boolean {
	return Boolean(config.credsStore) || Object.keys(config.credHelpers ?? {}).length > 0 || Object.keys(config.auths ?? {}).length > 0;
}

/**
 * LoadDefaultConfigFile: a file without any credentials gets the platform's helper
 * (DetectDefaultStore) as its credsStore, and a later save writes it down.
 */
export function withDefaultStore(config: DockerConfig, store: string | undefined): DockerConfig {
	return store && !containsAuth(config) ? {...config, credsStore: store} : config;
}

/**
 * getConfiguredCredentialStore: the registry's own credHelpers entry wins over credsStore.
 * Undefined means the file itself holds the credentials.
 */
export function helperFor(config: DockerConfig, registry: string): string | undefined {
	const helpers = config.credHelpers ?? {};
	if (registry !== '' && Object.hasOwn(helpers, registry)) {
		const helper = helpers[registry];
		return typeof helper === 'string' && helper !== '' ? helper : undefined;
	}

	return config.credsStore || undefined;
}

/** ConvertToHostname: "https://host:5000/v1/" → "host:5000". */
export function convertToHostname(maybeUrl: string): string {
	const scheme = maybeUrl.indexOf('://');
	if (scheme !== -1) {
		// Go's url.Parse keeps the host's case and an explicit default port, which WHATWG URL would not.
		const authority = maybeUrl.slice(scheme + 3).split(/[/?#]/)[0]!;
		const hostPort = authority.slice(authority.lastIndexOf('@') + 1);
		const bracketed = /^\[([^\]]*)\](?::(\d*))?$/.exec(hostPort);
		const plain = /^([^:[\]]*)(?::(\d*))?$/.exec(hostPort);
		const [hostname, port] = bracketed ? [bracketed[1]!, bracketed[2]] : plain ? [plain[1]!, plain[2]] : ['', undefined];
		if (hostname !== '') {
			return port ? (hostname.includes(':') ? `[${hostname}]:${port}` : `${hostname}:${port}`) : hostname;
		}
	}

	return maybeUrl.split('/')[0]!;
}

/** The file store's Get: the exact key, else a legacy key (with scheme or path) naming the same host. */
export function findAuthEntry(config: DockerConfig, registry: string): {key: string; entry: AuthEntry} | undefined {
	const auths = config.auths ?? {};
	if (Object.hasOwn(auths, registry) && isObject(auths[registry])) {
		return {key: registry, entry: auths[registry]};
	}

	for (const [key, entry] of Object.entries(auths)) {
		if (isObject(entry) && convertToHostname(key) === registry) {
			return {key, entry};
		}
	}

	return undefined;
}

const strictBase64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** decodeAuth: base64 (standard, padded) of "user:password"; the user may not be empty. */
export function decodeAuth(auth: string): {username: string; password: string} | undefined {
	if (!strictBase64.test(auth)) {
		return undefined;
	}

	const text = Buffer.from(auth, 'base64').toString('utf8');
	const colon = text.indexOf(':');
	if (colon <= 0) {
		return undefined;
	}

	return {username: text.slice(0, colon), password: text.slice(colon + 1).replace(/^\0+|\0+$/g, '')};
}

/** encodeAuth: empty when there is neither user nor password. */
export function encodeAuth(username: string, password: string): string {
	return username === '' && password === '' ? '' : Buffer.from(`${username}:${password}`).toString('base64');
}

/** An entry → what X-Registry-Auth needs; an identity token is preferred to the password. Undefined: nothing usable. */
export function authFromEntry(entry: AuthEntry, serveraddress: string, file: string): AuthConfig | undefined {
	let username = typeof entry.username === 'string' ? entry.username : undefined;
	let password = typeof entry.password === 'string' ? entry.password : undefined;
	if (typeof entry.auth === 'string' && entry.auth !== '') {
		const decoded = decodeAuth(entry.auth);
		if (!decoded) {
			throw new ConfigFileError(`${file}: the "auth" of ${serveraddress} is not base64 of user:password`);
		}

		({username, password} = decoded);
	}

	const identitytoken = typeof entry.identitytoken === 'string' && entry.identitytoken !== '' ? entry.identitytoken : undefined;
	if (identitytoken) {
		return {username: username || undefined, identitytoken, serveraddress};
	}

	if (!username && !password) {
		return undefined;
	}

	return {username, password, serveraddress};
}

/** The entry the file store writes: `auth` plus the identity token when there is one (SaveToWriter). */
export function fileEntry(username: string, password: string, identityToken?: string): AuthEntry {
	const entry: AuthEntry = {};
	// With a token the CLI drops the password but keeps the user: auth is base64("user:").
	const auth = encodeAuth(username, identityToken ? '' : password);
	if (auth !== '') {
		entry.auth = auth;
	}

	if (identityToken) {
		entry.identitytoken = identityToken;
	}

	return entry;
}

/** What the native store leaves in the file: nothing secret, only the e-mail if there was one. */
export function helperEntry(previous: AuthEntry | undefined): AuthEntry {
	return typeof previous?.email === 'string' && previous.email !== '' ? {email: previous.email} : {};
}

function sameEntry(a: AuthEntry | undefined, b: AuthEntry): boolean {
	return a !== undefined && JSON.stringify(a) === JSON.stringify(b);
}

/** The config with auths[registry] set, every other key kept; undefined when nothing would change. */
export function withAuthEntry(config: DockerConfig, registry: string, entry: AuthEntry): DockerConfig | undefined {
	const auths = config.auths ?? {};
	if (sameEntry(auths[registry], entry)) {
		return undefined;
	}

	return {...config, auths: {...auths, [registry]: entry}};
}
