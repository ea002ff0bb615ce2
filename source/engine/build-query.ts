// The /build query: what both builders take, then what each adds.
import {apiAtLeast} from './api-version.ts';
import type {BuildOptions} from './operations.ts';

function commonQuery(options: BuildOptions, dockerfile: string): Record<string, unknown> {
	const query: Record<string, unknown> = {
		t: options.tags,
		dockerfile,
		nocache: options.noCache,
		buildargs: JSON.stringify(options.buildArgs),
		rm: true,
	};
	if (options.target) {
		query.target = options.target;
	}

	return query;
}

/** The classic builder's; `version` (the builder) exists from API 1.38. */
export function classicQuery(options: BuildOptions, dockerfile: string, apiVersion: string | undefined): Record<string, unknown> {
	const query = commonQuery(options, dockerfile);
	if (apiVersion === undefined || apiAtLeast(apiVersion.replace(/^v/, ''), '1.38')) {
		query.version = '1';
	}

	return query;
}

/** BuildKit's, with its session; `networkmode=none` where the engine has no bridge network. */
export function buildkitQuery(options: BuildOptions, dockerfile: string, session: string, noNetwork: boolean): Record<string, unknown> {
	const query = {version: '2', session, ...commonQuery(options, dockerfile)};
	return noNetwork ? {...query, networkmode: 'none'} : query;
}
