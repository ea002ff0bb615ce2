// The Link header of a paged listing (RFC 5988, as distribution sends it):
// `</v2/_catalog?last=x&n=100>; rel="next"`. Only a next page on the same listing is followed.

export type Page<T> = {items: T[]; next?: string};

export function nextPage(link: string | undefined, listPath: string): string | undefined {
	if (!link) {
		return undefined;
	}

	for (const part of link.split(',')) {
		const match = /^\s*<([^>]*)>\s*;(.*)$/.exec(part);
		if (!match || !/\brel\s*=\s*"?next"?/i.test(match[2]!)) {
			continue;
		}

		let url: URL;
		try {
			url = new URL(match[1]!, 'http://registry.invalid');
		} catch {
			return undefined;
		}

		// A relative link, or an absolute one to the same listing: the path and query are all we take.
		return url.pathname === listPath ? `${url.pathname}${url.search}` : undefined;
	}

	return undefined;
}
