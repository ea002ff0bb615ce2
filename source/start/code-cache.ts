// Loads a CommonJS bundle (dist/ui.cjs) with V8's code cache: the bytecode V8 compiled for it in an
// earlier run, so Ink, React, dockerode and the UI are not parsed and compiled again at every start
// (Node 20 has no module.enableCompileCache, and ES modules take no cachedData, hence a CJS bundle
// run with vm.Script). The cache is one file per bundle hash, Node version and architecture under
// $XDG_CACHE_HOME/stowage (default ~/.cache/stowage). Whatever is wrong with it (missing, truncated,
// corrupt, made by another Node or with other V8 flags, an unwritable directory) costs only the cache:
// the bundle is then compiled from its source as usual and the cache written afresh when it can be.
import {isAscii} from 'node:buffer';
import {createHash} from 'node:crypto';
import {mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';

export type CacheState = 'used' | 'missing' | 'rejected' | 'corrupt' | 'off';

export type Loaded = {
	exports: Record<string, unknown>;
	/** What happened to the cache at load. */
	cache: CacheState;
	/** Writes the cache when the one at load was not used (call once the code that matters has run, so its functions are in). */
	save(): 'written' | 'unchanged' | 'failed';
};

// The header of a cache file: magic, then the SHA-256 of the payload (V8 checks versions and flags, not every byte).
const magic = Buffer.from('stowage-v8-code-1\n');
const digestLength = 32;

/** $XDG_CACHE_HOME/stowage, else ~/.cache/stowage; undefined without a home. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
	const xdg = env.XDG_CACHE_HOME;
	if (xdg && path.isAbsolute(xdg)) {
		return path.join(xdg, 'stowage');
	}

	const home = env.HOME ?? os.homedir();
	return home ? path.join(home, '.cache', 'stowage') : undefined;
}

/**
 * The cache file's name: one per bundle (its hash), Node version, architecture and V8 flags (V8 rejects
 * a cache made with other flags: \`node dist/cli.js\` and the shebang's flags must not take turns rewriting one).
 */
export function cacheFileName(name: string, bundleHash: string): string {
	const flags = createHash('sha256').update(JSON.stringify([process.execArgv, process.env.NODE_OPTIONS ?? ''])).digest('hex').slice(0, 8);
	return `${name}-${bundleHash}-node${process.versions.node}-${process.arch}-${flags}.code`;
}

function readCache(file: string): Buffer | 'missing' | 'corrupt' {
	let data: Buffer;
	try {
		data = readFileSync(file);
	} catch {
		return 'missing';
	}

	if (data.length <= magic.length + digestLength || !data.subarray(0, magic.length).equals(magic)) {
		return 'corrupt';
	}

	const payload = data.subarray(magic.length + digestLength);
	const digest = createHash('sha256').update(payload).digest();
	return digest.equals(data.subarray(magic.length, magic.length + digestLength)) ? payload : 'corrupt';
}

function writeCache(dir: string, file: string, name: string, bundleHash: string, payload: Buffer): void {
	mkdirSync(dir, {recursive: true});
	const temporary = `${file}.${process.pid}.tmp`;
	try {
		writeFileSync(temporary, Buffer.concat([magic, createHash('sha256').update(payload).digest(), payload]), {mode: 0o644});
		renameSync(temporary, file);
	} catch (error) {
		rmSync(temporary, {force: true});
		throw error;
	}

	// Caches of other bundles (an upgrade) or Node versions would pile up: keep only this bundle's.
	const current = `${name}-${bundleHash}-`;
	for (const entry of readdirSync(dir)) {
		if (entry.startsWith(`${name}-`) && !entry.startsWith(current) && entry.endsWith('.code')) {
			rmSync(path.join(dir, entry), {force: true});
		}
	}
}

/**
 * Runs `file` (CommonJS) and returns its exports. `bundleHash` names the bundle's content (the build
 * computes it); `cacheDir` undefined turns the cache off.
 */
export function loadWithCodeCache(file: string, {name, bundleHash, cacheDir}: {name: string; bundleHash: string; cacheDir: string | undefined}): Loaded {
	// The build keeps the bundle ASCII (scripts/build.mjs): read as Latin-1 it is the same text, without
	// the UTF-8 decoding of 2.5 MB (4.6 ms against 0.5–2 ms here). A file that is not ASCII is UTF-8.
	const bytes = readFileSync(file);
	const source = bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8');
	const cacheFile = cacheDir === undefined ? undefined : path.join(cacheDir, cacheFileName(name, bundleHash));
	const read = cacheFile === undefined ? 'missing' : readCache(cacheFile);
	const cachedData = typeof read === 'string' ? undefined : read;
	// One line, so the bundle's line numbers stay its own in stack traces.
	const wrapped = `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
	const script = new vm.Script(wrapped, {filename: file, cachedData});
	let cache: CacheState = cacheFile === undefined ? 'off' : typeof read === 'string' ? read : script.cachedDataRejected ? 'rejected' : 'used';
	const module = {exports: {} as Record<string, unknown>};
	const run = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: unknown, filename: string, dirname: string) => void;
	run.call(module.exports, module.exports, createRequire(file), module, file, path.dirname(file));
	let saved = false;
	return {
		exports: module.exports,
		get cache() {
			return cache;
		},
		save() {
			if (cacheFile === undefined || cacheDir === undefined || cache === 'used' || saved) {
				return 'unchanged';
			}

			saved = true;
			try {
				writeCache(cacheDir, cacheFile, name, bundleHash, script.createCachedData());
				cache = 'used';
				return 'written';
			} catch {
				// A read-only or full disk: the next start compiles from source again, as this one did.
				return 'failed';
			}
		},
	};
}
