// WWW-Authenticate as distribution's registry/client/auth/challenge parses it:
// a scheme, then key="value" (or key=token) parameters separated by commas.

export type Challenge = {scheme: string; params: Record<string, string>};

export function parseChallenges(header: string | string[] | undefined): Challenge[] {
	const values = header === undefined ? [] : Array.isArray(header) ? header : [header];
	const challenges: Challenge[] = [];
	for (const value of values) {
		const scheme = /^\s*([A-Za-z][\w-]*)\s*/.exec(value);
		if (!scheme) {
			continue;
		}

		const params: Record<string, string> = {};
		const rest = value.slice(scheme[0].length);
		for (const match of rest.matchAll(/([\w-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))/g)) {
			params[match[1]!.toLowerCase()] = match[2] === undefined ? match[3] ?? '' : match[2].replace(/\\(.)/g, '$1');
		}

		challenges.push({scheme: scheme[1]!.toLowerCase(), params});
	}

	return challenges;
}
