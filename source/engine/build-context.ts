// The build context as the docker CLI sends it to the classic builder
// (cli/command/image/build.go, moby pkg/archive TarWithOptions): the context
// directory minus what .dockerignore excludes, as a tar streamed from disk.
import {randomBytes} from 'node:crypto';
import {lstat, readFile, readdir, realpath, stat} from 'node:fs/promises';
import path from 'node:path';
import type {Readable} from 'node:stream';
import dockerignore from '@balena/dockerignore';
import tar from 'tar-fs';

type ExtraFile = {name: string; content: Buffer; mode: number};

export type BuildContext = {
	/** The context directory, symlinks resolved. */
	root: string;
	/** The Dockerfile's path inside the tar: the `dockerfile` query parameter. */
	dockerfile: string;
	/** Paths to send, relative to root with "/" separators, in walk order. */
	entries: string[];
	/** Files that are not in the directory as they are sent (a Dockerfile from outside, and the .dockerignore that hides it). */
	extra: ExtraFile[];
};

/** Go's filepath.Clean on "/" paths. */
function clean(pattern: string): string {
	const normal = path.posix.normalize(pattern);
	return normal.length > 1 && normal.endsWith('/') ? normal.slice(0, -1) : normal;
}

/** .dockerignore → patterns, as moby's dockerignore.ReadAll reads them ("!" kept in front of exceptions). */
export function readDockerignore(text: string): string[] {
	const patterns: string[] = [];
	for (const [index, raw] of text.split('\n').entries()) {
		let line = (index === 0 ? raw.replace(/^\uFEFF/, '') : raw).replace(/\r$/, '');
		// Only a "#" in the first column starts a comment.
		if (line.startsWith('#')) {
			continue;
		}

		line = line.trim();
		if (line === '') {
			continue;
		}

		const invert = line.startsWith('!');
		let pattern = invert ? line.slice(1).trim() : line;
		if (pattern.length > 0) {
			pattern = clean(pattern);
			if (pattern.length > 1 && pattern.startsWith('/')) {
				pattern = pattern.slice(1);
			}
		}

		patterns.push(invert ? `!${pattern}` : pattern);
	}

	return patterns;
}

export type ContextFilter = {
	excludes(relativePath: string): boolean;
	/** An excluded directory is still walked when an exception may re-include something inside it. */
	mayReinclude(relativeDir: string): boolean;
};

export function contextFilter(patterns: string[]): ContextFilter {
	// Case-sensitive, as on Linux (dockerode's own context code does the same).
	// The package is CommonJS typed as an ES default export; its factory carries itself as `.default`.
	const matcher = dockerignore.default({ignorecase: false}).add(patterns);
	const exceptions = patterns.filter(pattern => pattern.startsWith('!')).map(pattern => pattern.slice(1));
	return {
		excludes: relativePath => matcher.ignores(relativePath),
		mayReinclude: relativeDir => exceptions.some(pattern => `${pattern}/`.startsWith(`${relativeDir}/`)),
	};
}

/** Every path to send, parents before children, names sorted as Go's filepath.Walk sorts them. */
export async function walkContext(root: string, filter: ContextFilter, skip: ReadonlySet<string> = new Set()): Promise<string[]> {
	const entries: string[] = [];
	const visit = async (dir: string): Promise<void> => {
		const children = await readdir(dir === '' ? root : path.join(root, dir), {withFileTypes: true});
		children.sort((a, b) => (a.name < b.name ? -1 : (a.name > b.name ? 1 : 0)));
		for (const child of children) {
			const name = dir === '' ? child.name : `${dir}/${child.name}`;
			if (skip.has(name)) {
				continue;
			}

			if (filter.excludes(name)) {
				// The directory itself is not sent, only what an exception brings back from it.
				if (child.isDirectory() && filter.mayReinclude(name)) {
					await visit(name);
				}

				continue;
			}

			entries.push(name);
			if (child.isDirectory()) {
				await visit(name);
			}
		}
	};

	await visit('');
	return entries;
}

async function resolveContext(contextDir: string): Promise<string> {
	let root: string;
	try {
		root = await realpath(path.resolve(contextDir));
	} catch {
		throw new Error(`unable to prepare context: path "${contextDir}" not found`);
	}

	if (!(await stat(root)).isDirectory()) {
		throw new Error(`unable to prepare context: context must be a directory: ${contextDir}`);
	}

	return root;
}

/** The CLI's getDockerfileRelPath: default Dockerfile (or dockerfile), symlinks evaluated. */
async function resolveDockerfile(root: string, contextDir: string, dockerfile: string | undefined): Promise<string> {
	let wanted = path.resolve(contextDir, dockerfile ?? 'Dockerfile');
	if (dockerfile === undefined) {
		const lower = path.join(root, 'dockerfile');
		const exists = async (file: string) => lstat(file).then(() => true, () => false);
		if (!(await exists(wanted)) && await exists(lower)) {
			wanted = lower;
		}
	}

	try {
		return await realpath(wanted);
	} catch {
		throw new Error(`Cannot locate Dockerfile: "${wanted}"`);
	}
}

async function readIfPresent(file: string): Promise<{content: Buffer; mode: number} | undefined> {
	try {
		return {content: await readFile(file), mode: (await stat(file)).mode & 0o7777};
	} catch (error) {
		if ((error as {code?: unknown}).code === 'ENOENT') {
			return undefined;
		}

		throw error;
	}
}

/**
 * Decides what `docker build` would send. A Dockerfile outside the context is
 * handled as the CLI does (build.AddDockerfileToBuildContext): it travels in the
 * tar as `.dockerfile.<20 hex>`, and that name is appended to .dockerignore so the
 * builder drops it from the context that COPY sees.
 */
export async function prepareBuildContext(contextDir: string, dockerfile?: string): Promise<BuildContext> {
	const root = await resolveContext(contextDir);
	const dockerfilePath = await resolveDockerfile(root, contextDir, dockerfile);
	const relative = path.relative(root, dockerfilePath);
	const outside = relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative);
	const ignoreFile = await readIfPresent(path.join(root, '.dockerignore'));
	const patterns = readDockerignore(ignoreFile?.content.toString('utf8') ?? '');

	// build.TrimBuildFilesFromExcludes: .dockerignore and the Dockerfile are always sent.
	const original = contextFilter(patterns);
	if (original.excludes('.dockerignore')) {
		patterns.push('!.dockerignore');
	}

	const inside = relative.split(path.sep).join('/');
	if (!outside && original.excludes(inside)) {
		patterns.push(`!${inside}`);
	}

	if (!outside) {
		return {root, dockerfile: inside, entries: await walkContext(root, contextFilter(patterns)), extra: []};
	}

	const name = `.dockerfile.${randomBytes(10).toString('hex')}`;
	const ignoreText = `${ignoreFile ? ignoreFile.content.toString('utf8') : '.dockerignore'}\n${name}\n`;
	return {
		root,
		dockerfile: name,
		entries: await walkContext(root, contextFilter(patterns), new Set(['.dockerignore'])),
		extra: [
			{name, content: await readFile(dockerfilePath), mode: 0o600},
			{name: '.dockerignore', content: Buffer.from(ignoreText), mode: ignoreFile?.mode ?? 0o600},
		],
	};
}

/** The context as a tar, read from disk as it is sent. Owners are 0:0 and modes kept, as the CLI sends them. */
export function packBuildContext(context: BuildContext): Readable {
	const options: tar.PackOptions & {umask: number} = {
		entries: context.entries,
		// `entries` already lists every path: tar-fs must not add a directory's children by itself.
		ignore: () => true,
		umask: 0,
		// Sockets, FIFOs and devices are skipped rather than failing the build.
		strict: false,
		map: header => ({...header, uid: 0, gid: 0}),
		finalize: false,
		finish(pack) {
			const now = new Date();
			for (const file of context.extra) {
				pack.entry({name: file.name, size: file.content.length, mode: file.mode, mtime: now, uid: 0, gid: 0, type: 'file'}, file.content);
			}

			pack.finalize();
		},
	};
	return tar.pack(context.root, options);
}
