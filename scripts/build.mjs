// Bundles cli.tsx into dist/cli.js: one file parses far faster than hundreds of
// node_modules files (Ink + dockerode unbundled take ~450 ms to import).
import {build} from 'esbuild';
import {fileURLToPath} from 'node:url';
import path from 'node:path';
import {chmod, readFile, rm} from 'node:fs/promises';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const entry = process.argv[2] ?? path.join(root, 'cli.tsx');
const outdir = process.argv[3] ?? path.join(root, 'dist');

// Ink imports react-devtools-core only when DEV=true; it is not installed.
const stubDevtools = {
	name: 'stub-devtools',
	setup(b) {
		b.onResolve({filter: /^react-devtools-core$/}, () => ({path: 'devtools', namespace: 'stub'}));
		b.onLoad({filter: /.*/, namespace: 'stub'}, () => ({contents: 'export default {connectToDevTools() {}};'}));
	},
};

// dockerode loads gRPC and protobuf at start-up for BuildKit sessions (builder
// version 2), which stowage never asks for: ~45 ms of every start. Leave them out.
const stubBuildkitSession = {
	name: 'stub-buildkit-session',
	setup(b) {
		b.onResolve({filter: /^\.\/session$/}, args => (args.importer.includes('dockerode') ? {path: 'session', namespace: 'stub-session'} : undefined));
		b.onLoad({filter: /.*/, namespace: 'stub-session'}, () => ({
			contents: "module.exports = function () { throw new Error('BuildKit sessions are not supported by stowage'); };",
			loader: 'js',
		}));
	},
};

// Old chunks would pile up: every build has new hashes.
if (!process.argv[3]) {
	await rm(outdir, {recursive: true, force: true});
}

// docker-modem loads ssh2 (~15 ms) at start-up even for a local socket: defer it to the first ssh:// request.
const lazySsh = {
	name: 'lazy-ssh',
	setup(b) {
		b.onResolve({filter: /^\.\/ssh$/}, args => (args.importer.includes('docker-modem') ? {path: path.join(path.dirname(args.importer), 'ssh.js'), namespace: 'lazy-ssh'} : undefined));
		b.onLoad({filter: /.*/, namespace: 'lazy-ssh'}, args => ({
			contents: `module.exports = function (options) { return require(${JSON.stringify(args.path)})(options); };`,
			loader: 'js',
			resolveDir: path.dirname(args.path),
		}));
	},
};

// docker-modem formats every request with util.inspect for a debug log that is off (5-10 ms a call).
const quietModem = {
	name: 'quiet-modem',
	setup(b) {
		b.onLoad({filter: /docker-modem[\\/]lib[\\/]modem\.js$/}, async args => {
			const source = await readFile(args.path, 'utf8');
			const patched = source.replace("debug('Sending: %s', util.inspect(", "debug.enabled && debug('Sending: %s', util.inspect(");
			if (patched === source) {
				throw new Error('quiet-modem: docker-modem changed; update scripts/build.mjs');
			}

			return {contents: patched, loader: 'js'};
		});
	},
};

// meow normalizes package data (spdx tables sorted at load, ~10 ms) the moment it is
// imported, for a package.json we hand it ourselves: normalize only if something asks.
const lazyMeowNormalize = {
	name: 'lazy-meow-normalize',
	setup(b) {
		b.onLoad({filter: /meow[\\/]build[\\/]dependencies\.js$/}, async args => {
			const source = await readFile(args.path, 'utf8');
			const eager = 'var normalizeExports = requireNormalize();\nconst normalizePackageData = getDefaultExportFromCjs(normalizeExports);';
			const patched = source.replace(eager, 'const normalizePackageData = (...args) => getDefaultExportFromCjs(requireNormalize())(...args);');
			if (patched === source) {
				throw new Error('lazy-meow-normalize: meow changed; update scripts/build.mjs');
			}

			return {contents: patched, loader: 'js'};
		});
	},
};

// Ink's layout engine (yoga, WASM) is embedded as a base64 data: URL. Its loader
// fetches that URL whenever a global fetch exists, and in Node that loads undici:
// ~60 ms of every start. Decode the bytes directly, as it does where fetch is missing.
const yogaWithoutFetch = {
	name: 'yoga-without-fetch',
	setup(b) {
		b.onLoad({filter: /yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/}, async args => {
			const source = await readFile(args.path, 'utf8');
			const patched = source.replace('return w||"function"!=typeof fetch?', 'return w=w||Buffer.from(H.slice(37),"base64"),true?');
			if (patched === source) {
				throw new Error('yoga-without-fetch: yoga-layout changed; update scripts/build.mjs');
			}

			return {contents: patched, loader: 'js'};
		});
	},
};

const {name, version, description} = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8'));

await build({
	entryPoints: [entry],
	outdir,
	// Lazy imports become chunks: `ls` and --help never load Ink, React or dockerode.
	splitting: true,
	chunkNames: 'chunks/[name]-[hash]',
	bundle: true,
	platform: 'node',
	format: 'esm',
	target: 'node20',
	jsx: 'automatic',
	minifySyntax: true,
	legalComments: 'none',
	// Native optional add-ons of ssh2: it falls back to pure JS without them.
	external: ['cpu-features', '*.node'],
	// The version is known here, so meow need not look for package.json at every start.
	define: {'process.env.NODE_ENV': '"production"', 'process.env.STOWAGE_PACKAGE': JSON.stringify(JSON.stringify({name, version, description}))},
	banner: {
		js: [
			"import {createRequire as __stowageRequire} from 'node:module';",
			"import {fileURLToPath as __stowageUrl} from 'node:url';",
			'const require = __stowageRequire(import.meta.url);',
			'const __filename = __stowageUrl(import.meta.url);',
			"const __dirname = __filename.slice(0, __filename.lastIndexOf('/'));",
		].join('\n'),
	},
	plugins: [stubDevtools, stubBuildkitSession, lazySsh, quietModem, lazyMeowNormalize, yogaWithoutFetch],
	entryNames: '[name]',
	logLevel: 'warning',
});

await chmod(path.join(outdir, 'cli.js'), 0o755).catch(() => {});
