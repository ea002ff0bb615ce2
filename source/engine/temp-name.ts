// The temp files a save writes beside its target, named so that a later save can
// tell an abandoned one from one still being written: `.<name>.stowage-<host>-<pid>-<hex>.tmp`.
// <host> is a tag of this machine's name (a directory on a shared filesystem may be written
// from several machines, where a pid means nothing), <pid> the writing process.
import {createHash, randomBytes} from 'node:crypto';
import {lstat, readdir, rm} from 'node:fs/promises';
import {hostname} from 'node:os';
import path from 'node:path';

export type TempOwner = {host: string; pid: number};

/** 8 hex characters of this machine's name. */
export function hostTag(name = hostname()): string {
	return createHash('sha256').update(name).digest('hex').slice(0, 8);
}

const ownerPart = /^([0-9a-f]{8})-([1-9]\d{0,9})-[0-9a-f]{8}$/;

const prefixOf = (target: string) => `.${path.basename(target)}.stowage-`;

/** `.<name>.stowage-<host>-<pid>-<hex>.tmp` beside `target`. */
export function tempPathBeside(target: string, owner: TempOwner = {host: hostTag(), pid: process.pid}): string {
	return path.join(path.dirname(target), `${prefixOf(target)}${owner.host}-${owner.pid}-${randomBytes(4).toString('hex')}.tmp`);
}

/** Who wrote `fileName`, when it is one of `target`'s temp files in today's naming. */
export function tempOwner(target: string, fileName: string): TempOwner | undefined {
	const prefix = prefixOf(target);
	if (!fileName.startsWith(prefix) || !fileName.endsWith('.tmp')) {
		return undefined;
	}

	const match = ownerPart.exec(fileName.slice(prefix.length, -'.tmp'.length));
	return match ? {host: match[1]!, pid: Number(match[2])} : undefined;
}

/** Signal 0 asks whether a process exists; EPERM says it does (another user's). */
export function pidAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code !== 'ESRCH';
	}
}

type Sweep = {self?: TempOwner; alive?: (pid: number) => boolean};

/**
 * Removes `target`'s temp files that a process of this machine left when it died
 * (a crash, SIGKILL, a power cut). Kept: another machine's, a live process's, our own
 * (another job of this process may be writing one), and names from before the pid was
 * in them (nothing says whether their writer lives). Returns the names removed.
 */
export async function removeStaleTemps(target: string, {self = {host: hostTag(), pid: process.pid}, alive = pidAlive}: Sweep = {}): Promise<string[]> {
	const dir = path.dirname(target);
	const names = await readdir(dir).catch(() => [] as string[]);
	const removed: string[] = [];
	for (const name of names) {
		const owner = tempOwner(target, name);
		if (!owner || owner.host !== self.host || owner.pid === self.pid || alive(owner.pid)) {
			continue;
		}

		const file = path.join(dir, name);
		// A file only: never what a link points at, never a directory someone named so.
		const facts = await lstat(file).catch(() => undefined);
		if (facts?.isFile()) {
			await rm(file, {force: true}).then(() => removed.push(name), () => undefined);
		}
	}

	return removed;
}
