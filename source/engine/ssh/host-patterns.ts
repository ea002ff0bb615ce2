// OpenSSH's host pattern lists (ssh_config "PATTERNS"), shared by ssh_config and known_hosts.

/**
 * `*` any run, `?` one character; case-insensitive as OpenSSH matches host names. Greedy with
 * one backtrack point, so time grows with pattern × name: a regular expression of `.*` runs
 * backtracked for seconds on `*a*a*a*a*a*a*a*b` against 60 characters.
 */
function globMatches(pattern: string, name: string): boolean {
	const glob = pattern.toLowerCase();
	const text = name.toLowerCase();
	let at = 0;
	let next = 0;
	let star = -1;
	let resume = 0;
	while (at < text.length) {
		if (next < glob.length && (glob[next] === '?' || glob[next] === text[at]) && glob[next] !== '*') {
			at++;
			next++;
		} else if (next < glob.length && glob[next] === '*') {
			star = next++;
			resume = at;
		} else if (star === -1) {
			return false;
		} else {
			next = star + 1;
			at = ++resume;
		}
	}

	while (glob[next] === '*') {
		next++;
	}

	return next === glob.length;
}

/** Matches when a positive pattern matches and no `!negated` one does; items may be comma lists. */
export function hostMatches(patterns: readonly string[], host: string): boolean {
	let matched = false;
	for (const item of patterns.flatMap(pattern => pattern.split(','))) {
		if (item.startsWith('!')) {
			if (globMatches(item.slice(1), host)) {
				return false;
			}
		} else if (item !== '' && globMatches(item, host)) {
			matched = true;
		}
	}

	return matched;
}
