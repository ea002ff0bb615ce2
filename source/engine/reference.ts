// Image references as the docker CLI parses them: distribution/reference's
// grammar (regexp.go), ParseNormalizedNamed (normalize.go) and go-digest's checks,
// with their error messages, so a user sees the reason docker would give.

const alphanumeric = '[a-z0-9]+';
const separator = '(?:[._]|__|[-]+)';
const domainNameComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const optionalPort = '(?::[0-9]+)?';
const tagPattern = '[\\w][\\w.-]{0,127}';
const digestPattern = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9a-fA-F]{32,}';
const ipv6address = '\\[(?:[a-fA-F0-9:]+)\\]';
const domainName = `${domainNameComponent}(?:\\.${domainNameComponent})*`;
const domainAndPort = `(?:${domainName}|${ipv6address})${optionalPort}`;
const pathComponent = `${alphanumeric}(?:${separator}${alphanumeric})*`;
const remoteName = `${pathComponent}(?:/${pathComponent})*`;
const namePattern = `(?:${domainAndPort}/)?${remoteName}`;

const referenceRegexp = new RegExp(`^(${namePattern})(?::(${tagPattern}))?(?:@(${digestPattern}))?$`);
const anchoredNameRegexp = new RegExp(`^(?:(${domainAndPort})/)?(${remoteName})$`);
const anchoredTagRegexp = new RegExp(`^${tagPattern}$`);
const identifierRegexp = /^[a-f0-9]{64}$/;

export const nameTotalLengthMax = 255;
const defaultDomain = 'docker.io';
const legacyDefaultDomain = 'index.docker.io';
const officialRepoPrefix = 'library/';

export class ReferenceError extends Error {
	override name = 'ReferenceError';
}

export type Reference = {
	/** Registry host[:port], "docker.io" for Docker Hub. */
	domain: string;
	/** Repository path in the registry, e.g. "library/ubuntu". */
	path: string;
	tag?: string;
	digest?: string;
};

const digestLengths: Record<string, number> = {sha256: 64, sha384: 96, sha512: 128};

function checkDigest(digest: string): void {
	const colon = digest.indexOf(':');
	const algorithm = digest.slice(0, colon);
	const encoded = digest.slice(colon + 1);
	const length = digestLengths[algorithm];
	if (length === undefined) {
		throw new ReferenceError('unsupported digest algorithm');
	}

	if (encoded.length !== length) {
		throw new ReferenceError('invalid checksum digest length');
	}

	if (!/^[a-f0-9]+$/.test(encoded)) {
		throw new ReferenceError('invalid checksum digest format');
	}
}

/** splitDockerDomain: the first component is a domain only if it looks like one. */
function splitDockerDomain(name: string): [string, string] {
	const slash = name.indexOf('/');
	if (slash === -1) {
		return [defaultDomain, officialRepoPrefix + name];
	}

	const maybeDomain = name.slice(0, slash);
	const rest = name.slice(slash + 1);
	let domain: string;
	let remote: string;
	if (maybeDomain === 'localhost' || /[.:]/.test(maybeDomain) || maybeDomain.toLowerCase() !== maybeDomain) {
		[domain, remote] = [maybeDomain === legacyDefaultDomain ? defaultDomain : maybeDomain, rest];
	} else {
		[domain, remote] = [defaultDomain, name];
	}

	if (domain === defaultDomain && !remote.includes('/')) {
		remote = officialRepoPrefix + remote;
	}

	return [domain, remote];
}

/** distribution/reference Parse. */
function parse(text: string): Reference {
	if (text === '') {
		throw new ReferenceError('repository name must have at least one component');
	}

	const match = referenceRegexp.exec(text);
	if (!match) {
		const lower = text.toLowerCase();
		if (lower !== text && referenceRegexp.test(lower)) {
			throw new ReferenceError('repository name must be lowercase');
		}

		throw new ReferenceError('invalid reference format');
	}

	const name = anchoredNameRegexp.exec(match[1]!);
	const domain = name?.[1] ?? '';
	const path = name?.[2] ?? match[1]!;
	if (path.length > nameTotalLengthMax) {
		throw new ReferenceError(`repository name must not be more than ${nameTotalLengthMax} characters`);
	}

	if (match[3]) {
		checkDigest(match[3]);
	}

	return {domain, path, tag: match[2] || undefined, digest: match[3] || undefined};
}

/** ParseNormalizedNamed: what `docker pull NAME` accepts. Throws ReferenceError with docker's words. */
export function parseNormalizedNamed(text: string): Reference {
	if (identifierRegexp.test(text)) {
		throw new ReferenceError(`invalid repository name (${text}), cannot specify 64-byte hexadecimal strings`);
	}

	const [domain, remainder] = splitDockerDomain(text);
	const tagSeparator = remainder.indexOf(':');
	const remote = tagSeparator === -1 ? remainder : remainder.slice(0, tagSeparator);
	if (remote.toLowerCase() !== remote) {
		throw new ReferenceError(`invalid reference format: repository name (${remote}) must be lowercase`);
	}

	return parse(`${domain}/${remainder}`);
}

/** A pull reference: a tag of "latest" is implied when neither tag nor digest is given. */
export function withDefaultTag(reference: Reference): Reference {
	return reference.tag === undefined && reference.digest === undefined ? {...reference, tag: 'latest'} : reference;
}

export function isValidTag(tag: string): boolean {
	return anchoredTagRegexp.test(tag);
}

/** The repository name without tag or digest, canonical: "docker.io/library/ubuntu". */
export function repositoryName(reference: Reference): string {
	return `${reference.domain}/${reference.path}`;
}

/** FamiliarString: "ubuntu:20.04", "me/app@sha256:…", "localhost:5000/x:y". */
export function familiarString(reference: Reference): string {
	let name = repositoryName(reference);
	if (reference.domain === defaultDomain) {
		const path = reference.path.startsWith(officialRepoPrefix) && !reference.path.slice(officialRepoPrefix.length).includes('/') ? reference.path.slice(officialRepoPrefix.length) : reference.path;
		name = path;
	}

	return name + (reference.tag ? `:${reference.tag}` : '') + (reference.digest ? `@${reference.digest}` : '');
}

/** Docker Hub's key in config.json's `auths`, as the docker CLI writes it. */
export const dockerHubKey = 'https://index.docker.io/v1/';

/** The registry to authenticate against, as the docker CLI keys it in config.json. */
export function registryKey(reference: Reference): string {
	return reference.domain === defaultDomain ? dockerHubKey : reference.domain;
}

/**
 * A registry named by a person (`docker login SERVER`) or by BuildKit (Docker Hub as its API
 * host, registry-1.docker.io) as the credentials key: Docker Hub's names are its index URL.
 */
export function credentialKey(server: string): string {
	return ['docker.io', 'index.docker.io', 'registry-1.docker.io', dockerHubKey].includes(server) ? dockerHubKey : server.replace(/^https?:\/\//, '').replace(/\/+$/, '');
}
