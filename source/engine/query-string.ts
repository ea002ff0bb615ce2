// docker-modem turns every option into a query parameter, and Node's querystring
// writes an undefined one as `key=`. dockerd reads an empty `filters=` as no
// filters; Podman's compat API JSON-decodes it and answers 500 "unexpected end of
// JSON input" (GET /images/json?all=false&filters= listed nothing there). The
// docker CLI never sends an empty parameter, so neither do we.
import querystring from 'node:querystring';

/** The query docker-modem would build, without the options that are undefined or null. */
export function buildQuery(options: Record<string, unknown>): string {
	const clone: Record<string, string | number | boolean | readonly string[]> = {};
	for (const [key, value] of Object.entries(options)) {
		if (value === undefined || value === null) {
			continue;
		}

		// As docker-modem: an object (filters, buildargs, labels) travels as JSON, an array as repeated keys.
		clone[key] = typeof value === 'object' && !Array.isArray(value) ? JSON.stringify(value) : value as string | number | boolean | readonly string[];
	}

	return querystring.stringify(clone);
}

type Modem = {buildQuerystring?: (options: Record<string, unknown>) => string};

/** Makes a dockerode client's modem build its queries with buildQuery. */
export function withCompactQueries<T extends {modem: unknown}>(docker: T): T {
	(docker.modem as Modem).buildQuerystring = buildQuery;
	return docker;
}
