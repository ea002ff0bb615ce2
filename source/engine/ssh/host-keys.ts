// known_hosts files on disk: verify a presented key, and append an accepted one
// the way OpenSSH's StrictHostKeyChecking=accept-new does.
import {appendFileSync, mkdirSync, readFileSync} from 'node:fs';
import {appendFile, mkdir, readFile} from 'node:fs/promises';
import path from 'node:path';
import {checkHostKey, knownHostsLine, parseKnownHosts} from './known-hosts.ts';
import {ChangedHostKeyError, UnknownHostKeyError, type HostKeyDetails} from './ssh-errors.ts';

export const globalKnownHosts = '/etc/ssh/ssh_known_hosts';

export function userKnownHosts(home: string): string {
	return path.join(home, '.ssh', 'known_hosts');
}

function readText(file: string): string {
	try {
		return readFileSync(file, 'utf8');
	} catch {
		return '';
	}
}

/** Appends the key to the user's known_hosts (dir 0700 and file 0600 when created). */
export function acceptHostKey(details: HostKeyDetails): void {
	const file = details.knownHostsFile;
	mkdirSync(path.dirname(file), {recursive: true, mode: 0o700});
	const existing = readText(file);
	const separator = existing === '' || existing.endsWith('\n') ? '' : '\n';
	appendFileSync(file, `${separator}${knownHostsLine(details.host, details.port, details.key)}\n`, {mode: 0o600});
}

/** The same, without blocking: what the UI's "add this host key?" answer calls. */
export async function addHostKey(details: HostKeyDetails): Promise<void> {
	const file = details.knownHostsFile;
	await mkdir(path.dirname(file), {recursive: true, mode: 0o700});
	const existing = await readFile(file, 'utf8').catch(() => '');
	const separator = existing === '' || existing.endsWith('\n') ? '' : '\n';
	await appendFile(file, `${separator}${knownHostsLine(details.host, details.port, details.key)}\n`, {mode: 0o600});
}

/**
 * Throws unless a known_hosts file lists this key for host:port. An unknown key
 * is added only when `acceptNew`; a changed or revoked one is always refused.
 */
export function verifyHostKey(details: Omit<HostKeyDetails, 'knownHostsFile'>, home: string, acceptNew: boolean): void {
	const knownHostsFile = userKnownHosts(home);
	const full = {...details, knownHostsFile};
	for (const file of [knownHostsFile, globalKnownHosts]) {
		const result = checkHostKey(parseKnownHosts(readText(file)), details.host, details.port, details.key);
		if (result.status === 'revoked' || result.status === 'changed') {
			throw new ChangedHostKeyError(full, result.line, file, result.status === 'revoked');
		}

		if (result.status === 'match') {
			return;
		}
	}

	if (!acceptNew) {
		throw new UnknownHostKeyError(full);
	}

	acceptHostKey(full);
}
