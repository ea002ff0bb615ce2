// Repository names, tags and digests before they go into a URL path: only what
// distribution's grammar allows, so a hostile name from a catalog cannot reach
// another path or query.
import {MalformedError} from './errors.ts';
import {isDigest} from './manifest.ts';
import {sanitizeLine} from '../../format/sanitize.ts';

const component = '[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*';
const repositoryPattern = new RegExp(`^${component}(?:/${component})*$`);
const tagPattern = /^[\w][\w.-]{0,127}$/;

function shown(text: string): string {
	return sanitizeLine(text.length > 80 ? `${text.slice(0, 80)}…` : text);
}

export function isRepositoryName(name: string): boolean {
	return name.length <= 255 && repositoryPattern.test(name);
}

export function isTag(tag: string): boolean {
	return tagPattern.test(tag);
}

export function checkRepository(name: string): void {
	if (!isRepositoryName(name)) {
		throw new MalformedError(`not a valid repository name: ${shown(name)}`);
	}
}

export function checkReference(reference: string): void {
	if (!isTag(reference) && !isDigest(reference)) {
		throw new MalformedError(`not a valid tag or digest: ${shown(reference)}`);
	}
}
