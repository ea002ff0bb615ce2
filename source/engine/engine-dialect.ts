// Which engine answers, and how its Docker-compatible answers differ from dockerd's.
// Podman's compat API (measured on 4.3.1, captures in test/unit/captured/podman-4.3/)
// names images fully qualified (docker.io/library/x, localhost/x), gives IDs in
// history, parents, df and events as bare hex, reports SharedSize 0 in the list
// (computed only from 5.6) and no LayersSize in /system/df, and builds with its
// classic builder only. parse.ts reads every answer through this, once.
import {EngineError, engineMessage} from './engine-error.ts';
import {familiarString, parseNormalizedNamed} from './reference.ts';
import {sanitizeLine} from '../format/sanitize.ts';

export type EngineProduct = 'docker' | 'podman';

export type Dialect = {
	product: EngineProduct;
	/** Whether /images/json's SharedSize means anything when it is not -1. */
	listSharedSize: boolean;
};

export const dockerDialect: Dialect = {product: 'docker', listSharedSize: true};

type Raw = Record<string, unknown>;

function compareVersions(a: string, b: string): number {
	const left = a.split(/[.-]/).map(part => Number.parseInt(part, 10) || 0);
	const right = b.split(/[.-]/).map(part => Number.parseInt(part, 10) || 0);
	for (let index = 0; index < Math.max(left.length, right.length); index++) {
		const difference = (left[index] ?? 0) - (right[index] ?? 0);
		if (difference !== 0) {
			return difference;
		}
	}

	return 0;
}

/** From GET /version: Podman names itself in Components ("Podman Engine"), dockerd as "Engine". */
export function dialectOf(version: unknown): Dialect {
	const raw = (version !== null && typeof version === 'object' ? version : {}) as Raw;
	const components = Array.isArray(raw.Components) ? raw.Components as Raw[] : [];
	const podman = components.some(component => typeof component?.Name === 'string' && /podman/i.test(component.Name));
	if (!podman) {
		return dockerDialect;
	}

	const engineVersion = typeof raw.Version === 'string' ? raw.Version : '0';
	return {product: 'podman', listSharedSize: compareVersions(engineVersion, '5.6') >= 0};
}

const bareDigest = /^[0-9a-f]{64}$/;

/** An image ID as dockerd writes it: `sha256:<hex>` (Podman leaves the algorithm out in places). */
export function imageId(id: string): string {
	return bareDigest.test(id) ? `sha256:${id}` : id;
}

/**
 * A name as `docker images` shows it: the docker CLI reads each RepoTag with
 * ParseNormalizedNamed and prints FamiliarName, so docker.io/library/app:1 is
 * app:1, while localhost/app (Podman's local builds) keeps its domain. A name
 * that does not parse is left as it came.
 */
export function familiarReference(name: string): string {
	// Only Docker Hub names have a shorter familiar form; dockerd already sends that one.
	if (!name.startsWith('docker.io/') && !name.startsWith('index.docker.io/')) {
		return name;
	}

	try {
		return familiarString(parseNormalizedNamed(name));
	} catch {
		return name;
	}
}

/** Podman's event actions that dockerd spells otherwise (libpod's `remove`, `loadfromarchive`). */
const podmanActions: Readonly<Record<string, string>> = {remove: 'delete', loadfromarchive: 'load'};

export function eventAction(action: string): string {
	return podmanActions[action] ?? action;
}

/**
 * dockerd refuses a bad filter with 400 ("Invalid filter 'bogus'"); Podman with 500
 * ('unsupported image filter "bogus"', 'non-boolean value "dangling" for maybe
 * filter'): the user's input all the same, so it becomes the 400 dockerd sends.
 */
export function filterRefusal(error: unknown, dialect: Dialect): unknown {
	const status = (error as {statusCode?: unknown} | undefined)?.statusCode;
	const message = engineMessage(error);
	if (dialect.product === 'podman' && status === 500 && /\bfilter\b/i.test(message)) {
		return new EngineError(sanitizeLine(message), 400);
	}

	return error;
}
