// OpenSSH's host pattern lists (ssh_config "PATTERNS"), shared by ssh_config and known_hosts.

/** `*` any run, `?` one character; case-insensitive as OpenSSH matches host names. */
function globMatches(pattern: string, name: string): boolean {
	const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*').replaceAll('?', '.');
	return new RegExp(`^${source}$`, 'i').test(name);
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
