// Host key checking against known_hosts text (sshd(8) "SSH_KNOWN_HOSTS FILE FORMAT"). Pure.
import {createHash, createHmac} from 'node:crypto';
import {hostMatches} from './host-patterns.ts';

export type KnownHostLine = {
	lineNumber: number;
	marker?: 'revoked' | 'cert-authority';
	/** Comma-separated patterns, or one hashed `|1|salt|hmac` entry. */
	hosts: string;
	keyType: string;
	key: string;
};

export type HostKeyCheck =
	| {status: 'match'; line: KnownHostLine}
	| {status: 'unknown'}
	| {status: 'changed'; line: KnownHostLine}
	| {status: 'revoked'; line: KnownHostLine};

export function parseKnownHosts(text: string): KnownHostLine[] {
	const lines: KnownHostLine[] = [];
	for (const [index, raw] of text.split(/\r?\n/).entries()) {
		const fields = raw.trim().split(/\s+/);
		if (fields[0] === '' || fields[0]!.startsWith('#')) {
			continue;
		}

		let marker: KnownHostLine['marker'];
		if (fields[0] === '@revoked' || fields[0] === '@cert-authority') {
			marker = fields.shift()!.slice(1) as KnownHostLine['marker'];
		}

		const [hosts, keyType, key] = fields;
		if (hosts && keyType && key) {
			lines.push({lineNumber: index + 1, marker, hosts, keyType, key});
		}
	}

	return lines;
}

/** How OpenSSH names a host in known_hosts: the bare name on port 22, `[name]:port` elsewhere. */
export function knownHostName(host: string, port: number): string {
	return port === 22 ? host : `[${host}]:${port}`;
}

function hashedMatches(entry: string, name: string): boolean {
	const [, magic, salt, hash] = entry.split('|');
	if (magic !== '1' || !salt || !hash) {
		return false;
	}

	return createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64') === hash;
}

/** Whether a line's host field names `name` (negated patterns exclude, as in sshd). */
export function hostFieldMatches(hosts: string, name: string): boolean {
	if (hosts.startsWith('|')) {
		return hashedMatches(hosts, name);
	}

	return hostMatches([hosts], name);
}

/** The algorithm name at the head of an SSH public key blob ("ssh-ed25519", …). */
export function keyTypeOf(blob: Buffer): string {
	const length = blob.length >= 4 ? blob.readUInt32BE(0) : 0;
	return blob.subarray(4, 4 + length).toString('latin1');
}

/** `SHA256:…`, unpadded base64, as `ssh` and `ssh-keygen -l` print it. */
export function fingerprint(blob: Buffer): string {
	return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/** The line OpenSSH's accept-new appends (unhashed). */
export function knownHostsLine(host: string, port: number, blob: Buffer): string {
	return `${knownHostName(host, port)} ${keyTypeOf(blob)} ${blob.toString('base64')}`;
}

/** Checks the key a server presented; a revoked key is refused even where another line lists it. */
export function checkHostKey(lines: readonly KnownHostLine[], host: string, port: number, blob: Buffer): HostKeyCheck {
	const name = knownHostName(host, port);
	const type = keyTypeOf(blob);
	const key = blob.toString('base64');
	const revoked = lines.find(line => line.marker === 'revoked' && line.key === key);
	if (revoked) {
		return {status: 'revoked', line: revoked};
	}

	const forHost = lines.filter(line => line.marker === undefined && hostFieldMatches(line.hosts, name));
	const same = forHost.find(line => line.keyType === type && line.key === key);
	if (same) {
		return {status: 'match', line: same};
	}

	const other = forHost.find(line => line.keyType === type);
	return other ? {status: 'changed', line: other} : {status: 'unknown'};
}
