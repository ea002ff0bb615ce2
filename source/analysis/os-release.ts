// /etc/os-release (KEY=value, values maybe quoted): which distribution the image is.

export type OsRelease = {id: string; versionId?: string; versionCodename?: string; prettyName?: string; idLike: string[]};

export function parseOsRelease(text: string): OsRelease {
	const values = new Map<string, string>();
	for (const line of text.split('\n')) {
		const match = /^\s*([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line);
		if (match) {
			values.set(match[1]!, match[2]!.trim().replace(/^(["'])(.*)\1$/, '$2'));
		}
	}

	return {
		id: values.get('ID') ?? 'linux',
		versionId: values.get('VERSION_ID'),
		versionCodename: values.get('VERSION_CODENAME'),
		prettyName: values.get('PRETTY_NAME'),
		idLike: (values.get('ID_LIKE') ?? '').split(/\s+/).filter(Boolean),
	};
}
