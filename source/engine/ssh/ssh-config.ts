// The subset of OpenSSH's client configuration (ssh_config(5)) that decides
// where and how to connect. Pure: file reading is passed in.
import path from 'node:path';
import {hostMatches} from './host-patterns.ts';

export type ConfigLine = {key: string; args: string[]};

/** One `Host` block: its patterns and the lines under it in order. Lines before any Host apply to all. */
export type ConfigBlock = {patterns: string[]; lines: ConfigLine[]};

export type SshHostConfig = {
	/** The name asked for (an alias, or the host itself). */
	alias: string;
	hostName: string;
	user?: string;
	port?: number;
	/** Paths with `~` and %-tokens expanded, in the order given. */
	identityFiles: string[];
	identitiesOnly: boolean;
	/** `[user@]host[:port]` hops, first hop first; empty for a direct connection. */
	proxyJump: string[];
	/** Seconds. */
	connectTimeout?: number;
};

export type ConfigContext = {
	/** Home directory, for `~` and %d. */
	home: string;
	/** The local user name, for %u. */
	localUser: string;
	/** Reads an Include'd file, undefined when it cannot be read. */
	readFile?: (file: string) => string | undefined;
};

/** Splits one line into keyword and arguments: `Key value`, `Key=value`, double quotes group words. */
function splitLine(line: string): ConfigLine | undefined {
	const text = line.trim();
	if (text === '' || text.startsWith('#')) {
		return undefined;
	}

	const match = /^(\S+?)(?:\s*=\s*|\s+)(.*)$/s.exec(text);
	if (!match) {
		return {key: text.toLowerCase(), args: []};
	}

	const args: string[] = [];
	for (const part of match[2]!.matchAll(/"([^"]*)"|(\S+)/g)) {
		if (part[2]?.startsWith('#')) {
			break;
		}

		args.push(part[1] ?? part[2]!);
	}

	return {key: match[1]!.toLowerCase(), args};
}

/** Parses a config file into blocks, inlining `Include` files (relative paths are under ~/.ssh). */
export function parseSshConfig(text: string, context?: ConfigContext, depth = 0): ConfigBlock[] {
	const blocks: ConfigBlock[] = [{patterns: ['*'], lines: []}];
	for (const raw of text.split(/\r?\n/)) {
		const line = splitLine(raw);
		if (!line) {
			continue;
		}

		if (line.key === 'host') {
			blocks.push({patterns: line.args, lines: []});
		} else if (line.key === 'match') {
			// Match criteria (exec, canonical, …) are not evaluated: such a block never applies.
			blocks.push({patterns: [], lines: []});
		} else if (line.key === 'include' && context?.readFile && depth < 16) {
			for (const file of line.args) {
				const full = path.resolve(path.join(context.home, '.ssh'), expandTilde(file, context.home));
				const included = context.readFile(full);
				if (included !== undefined) {
					// The included lines belong to the block the Include stands in, until they open their own.
					const [head, ...rest] = parseSshConfig(included, context, depth + 1);
					blocks.at(-1)!.lines.push(...head!.lines);
					blocks.push(...rest);
				}
			}
		} else {
			blocks.at(-1)!.lines.push(line);
		}
	}

	return blocks;
}

function expandTilde(file: string, home: string): string {
	return file === '~' ? home : file.startsWith('~/') ? path.join(home, file.slice(2)) : file;
}

/** The %-tokens of IdentityFile: %d home, %h host name, %u local user, %r remote user, %p port, %n alias, %% a percent sign. */
export function expandTokens(text: string, values: Record<string, string>): string {
	return text.replace(/%(.)/g, (whole, token: string) => (token === '%' ? '%' : values[token] ?? whole));
}

function parsePort(value: string | undefined): number | undefined {
	const port = Number(value);
	return Number.isInteger(port) && port > 0 && port < 65_536 ? port : undefined;
}

/**
 * The settings for `alias`: the first value obtained wins, IdentityFile accumulates.
 * `given` (from the URL) beats the file, as with `ssh -l user -p port`.
 */
export function resolveSshConfig(blocks: readonly ConfigBlock[], alias: string, context: ConfigContext, given: {user?: string; port?: number} = {}): SshHostConfig {
	const first = new Map<string, string[]>();
	const identityFiles: string[] = [];
	for (const block of blocks) {
		if (!hostMatches(block.patterns, alias)) {
			continue;
		}

		for (const {key, args} of block.lines) {
			if (key === 'identityfile') {
				identityFiles.push(...args.slice(0, 1));
			} else if (!first.has(key)) {
				first.set(key, args);
			}
		}
	}

	const value = (key: string) => first.get(key)?.[0];
	const hostName = value('hostname') ? expandTokens(value('hostname')!, {h: alias}) : alias;
	const user = given.user ?? value('user');
	const port = given.port ?? parsePort(value('port'));
	const tokens = {d: context.home, h: hostName, u: context.localUser, r: user ?? context.localUser, p: String(port ?? 22), n: alias};
	const jump = value('proxyjump');
	const timeout = Number(value('connecttimeout'));
	return {
		alias,
		hostName,
		user,
		port,
		identityFiles: identityFiles.filter(file => file.toLowerCase() !== 'none').map(file => expandTilde(expandTokens(file, tokens), context.home)),
		identitiesOnly: value('identitiesonly')?.toLowerCase() === 'yes',
		proxyJump: jump && jump.toLowerCase() !== 'none' ? jump.split(',').filter(Boolean) : [],
		connectTimeout: Number.isFinite(timeout) && timeout > 0 ? timeout : undefined,
	};
}

/** `[user@]host[:port]` or `ssh://[user@]host[:port]`, one ProxyJump hop. */
export function parseJumpHost(text: string): {host: string; user?: string; port?: number} {
	const bare = text.replace(/^ssh:\/\//, '');
	const at = bare.lastIndexOf('@');
	const user = at >= 0 ? bare.slice(0, at) : undefined;
	const rest = at >= 0 ? bare.slice(at + 1) : bare;
	const match = /^\[([^\]]+)\](?::(\d+))?$/.exec(rest) ?? /^([^:]+)(?::(\d+))?$/.exec(rest);
	return {host: match?.[1] ?? rest, user: user || undefined, port: parsePort(match?.[2])};
}
