// Bundles cli.tsx into dist/cli.js: one file parses far faster than hundreds of
// node_modules files (Ink + dockerode unbundled take ~450 ms to import).
import {build} from 'esbuild';
import {fileURLToPath} from 'node:url';
import path from 'node:path';
import {createHash} from 'node:crypto';
import {chmod, readFile, rm, writeFile} from 'node:fs/promises';

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

/** A plugin that answers `request` from an importer under `dependency` with a module that throws `message` when called. */
function stubRequire(name, request, dependency, message) {
	return {
		name,
		setup(b) {
			b.onResolve({filter: request}, args => (args.importer.includes(dependency) ? {path: name, namespace: name} : undefined));
			b.onLoad({filter: /.*/, namespace: name}, () => ({contents: `module.exports = function () { throw new Error(${JSON.stringify(message)}); };`, loader: 'js'}));
		},
	};
}

// dockerode loads gRPC and protobuf at start-up for BuildKit sessions (builder
// version 2), which stowage never asks for: ~45 ms of every start. Leave them out.
const stubBuildkitSession = stubRequire('stub-buildkit-session', /^\.\/session$/, 'dockerode', 'BuildKit sessions are not supported by stowage');

// dockerode's followProgress (BuildKit trace decoding) requires protobufjs and long (~190 kB parsed with
// dockerode at every start of the UI and of \`ls\`); stowage reads progress streams itself
// (engine/progress-stream.ts) and decodes BuildKit traces itself (engine/buildkit/trace.ts).
const stubBuildkitProgress = {
	name: 'stub-buildkit-progress',
	setup(b) {
		b.onResolve({filter: /^\.\/buildkit$/}, args => (args.importer.includes('dockerode') ? {path: 'buildkit', namespace: 'stub-buildkit-progress'} : undefined));
		b.onLoad({filter: /.*/, namespace: 'stub-buildkit-progress'}, () => ({contents: 'module.exports = {followProgress() { throw new Error("dockerode\'s followProgress is not bundled: stowage reads progress streams itself"); }};', loader: 'js'}));
	},
};

// Old chunks would pile up: every build has new hashes.
if (!process.argv[3]) {
	await rm(outdir, {recursive: true, force: true});
}

// docker-modem's own ssh mode (a new connection per request) is never used: stowage's
// transport (source/engine/ssh) loads ssh2 with import(), into a chunk of its own
// that only ssh:// endpoints load. Cutting docker-modem's require keeps ssh2 out of the rest.
const noModemSsh = stubRequire('no-modem-ssh', /^\.\/ssh$/, 'docker-modem', 'docker-modem ssh mode is not bundled: stowage has its own SSH transport');

/** A plugin that replaces exact pieces of a dependency's source ([from, to] pairs), and fails the build if one is gone. */
function patchSources(name, filter, pairs) {
	return {
		name,
		setup(b) {
			b.onLoad({filter}, async args => {
				let patched = await readFile(args.path, 'utf8');
				for (const [from, to] of pairs) {
					const next = patched.replace(from, to);
					if (next === patched) {
						throw new Error(`${name}: ${args.path} changed; update scripts/build.mjs`);
					}

					patched = next;
				}

				return {contents: patched, loader: 'js'};
			});
		},
	};
}

const patchSource = (name, filter, from, to) => patchSources(name, filter, [[from, to]]);

// docker-modem formats every request with util.inspect for a debug log that is off (5-10 ms a call).
const quietModem = patchSource('quiet-modem', /docker-modem[\\/]lib[\\/]modem\.js$/, "debug('Sending: %s', util.inspect(", "debug.enabled && debug('Sending: %s', util.inspect(");

// meow normalizes package data (normalize-package-data with its spdx tables, hosted-git-info and
// semver: ~150 kB of the entry's ~230 kB, parsed at every start) only for its \`cli.pkg\` getter, which
// stowage never reads (the bundle hands meow its package data). Leave it out of the bundle.
// Nor does it look for a package.json when it is handed one (read-package-up, parse-json with its code frames).
const noMeowPackageSearch = patchSource(
	'no-meow-package-search',
	/meow[\\/]build[\\/]options\.js$/,
	'const foundPackage = options.pkg ?? readPackageUpSync({\n\t\tcwd: path.dirname(fileURLToPath(options.importMeta.url)),\n\t\tnormalize: false,\n\t})?.packageJson;',
	"if (!options.pkg) {\n\t\tthrow new Error('the bundle hands meow its package data');\n\t}\n\n\tconst foundPackage = options.pkg;",
);
const noMeowNormalize = patchSource(
	'no-meow-normalize',
	/meow[\\/]build[\\/]dependencies\.js$/,
	'var normalizeExports = requireNormalize();\nconst normalizePackageData = getDefaultExportFromCjs(normalizeExports);',
	"const normalizePackageData = () => {\n\tthrow new Error('normalize-package-data is not bundled: stowage never reads meow\\'s cli.pkg');\n};",
);

// Ink's layout engine (yoga, WASM) is embedded as a base64 data: URL. Its loader
// fetches that URL whenever a global fetch exists, and in Node that loads undici:
// ~60 ms of every start. Decode the bytes directly instead.
const yogaFetchPair = ['return w||"function"!=typeof fetch?', 'return w=w||Buffer.from(H.slice(37),"base64"),true?'];
const yogaWithoutFetch = patchSources('yoga-without-fetch', /yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/, [yogaFetchPair]);

// Ink keeps, for good, the size (measure-text.js) and the wrapped form (wrap-text.js) of every
// distinct string it has drawn: in a long session (spinner frames, elapsed times, byte counts,
// filters typed) that is a slow leak — a 9-minute soak added ~4,500 jobs-pane and status lines.
// Each cache starts afresh once it holds 10,000 entries (a redraw refills what it needs).
const inkMeasureCache = patchSource(
	'bounded-ink-measure-cache',
	/ink[\\/]build[\\/]measure-text\.js$/,
	'    cache.set(text, dimensions);',
	'    if (cache.size >= 10000) {\n        cache.clear();\n    }\n    cache.set(text, dimensions);',
);
const inkWrapCache = patchSources('bounded-ink-wrap-cache', /ink[\\/]build[\\/]wrap-text\.js$/, [
	['const cache = {};', 'let cache = {};\nlet cached = 0;'],
	['    cache[cacheKey] = wrappedText;', '    if (++cached > 10000) {\n        cache = {};\n        cached = 1;\n    }\n    cache[cacheKey] = wrappedText;'],
]);

// Ink's Output (output.js) tokenizes every line it draws into styled characters, and measures
// each character's width, with caches that a new Output, made for every frame, starts empty:
// so every frame tokenized all 40 rows again (the top items of a profile while tags streamed in:
// stringWidth, tokenize, styledCharsFromTokens). One set of caches for all frames, each bounded,
// and one blank cell for every empty one (never written to: a write puts
// another cell in its place). The cells a cache hands out are only read. Scrolling through
// 10,000 images draws 10,000 distinct lines: the bounds keep that from becoming a leak.
const inkOutputCaches = patchSources('shared-ink-output-caches', /ink[\\/]build[\\/]output\.js$/, [
	// A line's cells are ~100 bytes each: 100 lines (two or three screens) at most, not 10,000.
	['            this.styledChars.set(line, cached);', '            if (this.styledChars.size >= 100) {\n                this.styledChars.clear();\n            }\n            this.styledChars.set(line, cached);'],
	['            this.widths.set(text, cached);', '            if (this.widths.size >= 2000) {\n                this.widths.clear();\n            }\n            this.widths.set(text, cached);'],
	['            this.blockWidths.set(text, cached);', '            if (this.blockWidths.size >= 2000) {\n                this.blockWidths.clear();\n            }\n            this.blockWidths.set(text, cached);'],
	['export default class Output {', 'const sharedCaches = new OutputCaches();\nconst blankCell = {\n    type: \'char\',\n    value: \' \',\n    fullWidth: false,\n    styles: [],\n};\nexport default class Output {'],
	['    caches = new OutputCaches();', '    caches = sharedCaches;'],
	['                row.push({\n                    type: \'char\',\n                    value: \' \',\n                    fullWidth: false,\n                    styles: [],\n                });', '                row.push(blankCell);'],
	// A row is what the writes into it put there, in order (each line's cells come from the cache
	// above): the same writes make the same row, so its string is kept too (200 rows at most).
	['        const clips = [];', '        const clips = [];\n        const rowKeys = new Array(this.height).fill(\'\');'],
	['                    const characters = this.caches.getStyledChars(line);', '                    const characters = this.caches.getStyledChars(line);\n                    if (y + offsetY < rowKeys.length) {\n                        rowKeys[y + offsetY] += `\\u0000${x}\\u0001${line}`;\n                    }'],
	[
		'            .map(line => {\n            // See https://github.com/vadimdemedes/ink/pull/564#issuecomment-1637022742\n            const lineWithoutEmptyItems = line.filter(item => item !== undefined);\n            return styledCharsToString(lineWithoutEmptyItems).trimEnd();\n        })',
		'            .map((line, row) => {\n            const key = rowKeys[row];\n            if (key === \'\') {\n                return \'\';\n            }\n            let text = sharedRows.get(key);\n            if (text === undefined) {\n                // See https://github.com/vadimdemedes/ink/pull/564#issuecomment-1637022742\n                const lineWithoutEmptyItems = line.filter(item => item !== undefined);\n                text = styledCharsToString(lineWithoutEmptyItems).trimEnd();\n                if (sharedRows.size >= 200) {\n                    sharedRows.clear();\n                }\n                sharedRows.set(key, text);\n            }\n            return text;\n        })',
	],
	['const sharedCaches = new OutputCaches();', 'const sharedCaches = new OutputCaches();\nconst sharedRows = new Map();'],
]);

// Ink measures the widest line of every text node at every frame (render-node-to-output.js):
// measure-text.js's cache (bounded above) already holds that width.
const inkTextWidth = patchSources('cached-ink-text-width', /ink[\\/]build[\\/]render-node-to-output\.js$/, [
	["import wrapText from './wrap-text.js';", "import wrapText from './wrap-text.js';\nimport measureText from './measure-text.js';"],
	['                const currentWidth = widestLine(text);', '                const currentWidth = measureText(text).width;'],
]);

const {name, version, description} = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8'));

// The UI's modules (dockerode, the store, Ink, React, the UI) as one CommonJS file, dist/ui.cjs, that cli.js
// runs with V8's code cache (source/start/code-cache.ts): ES modules take no cachedData in Node 20.
// CommonJS has no top-level await: Ink's two (both only for DEV=true, React devtools) go, and yoga's
// WebAssembly is compiled and instantiated synchronously (its loader's instantiateWasm path, fed the
// embedded bytes) instead of awaited.
const inkWithoutTopLevelAwait = patchSources('ink-without-top-level-await', /ink[\\/]build[\\/]reconciler\.js$/, [
	["        await import('./devtools.js');", "        import('./devtools.js');"],
	['    ? await loadPackageJson()', '    ? {name: undefined, version: undefined}'],
]);
const yogaSync = patchSource(
	'yoga-sync',
	/yoga-layout[\\/]dist[\\/]src[\\/]index\.js$/,
	'const Yoga = wrapAssembly(await loadYoga());',
	'const yoga = {syncWasm: true};\nloadYoga(yoga);\nconst Yoga = wrapAssembly(yoga);',
);
const yogaSyncWasm = patchSources('yoga-sync-wasm', /yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/, [
	yogaFetchPair,
	[
		'var d={a:Jb};F++;h.monitorRunDependencies&&h.monitorRunDependencies(F);',
		'var d={a:Jb};F++;h.monitorRunDependencies&&h.monitorRunDependencies(F);if(h.syncWasm){var m=new WebAssembly.Module(Buffer.from(H.slice(37),"base64"));a(new WebAssembly.Instance(m,d));return{}}',
	],
]);
const uiFile = path.join(outdir, 'ui.cjs');
await build({
	entryPoints: [path.join(root, 'source', 'ui-bundle.ts')],
	outfile: uiFile,
	bundle: true,
	platform: 'node',
	format: 'cjs',
	target: 'node20',
	jsx: 'automatic',
	minifySyntax: true,
	legalComments: 'none',
	external: ['cpu-features', '*.node'],
	define: {'process.env.NODE_ENV': '"production"'},
	plugins: [stubDevtools, stubBuildkitSession, stubBuildkitProgress, noModemSsh, quietModem, inkWithoutTopLevelAwait, yogaSync, yogaSyncWasm, inkMeasureCache, inkWrapCache, inkOutputCaches, inkTextWidth],
	logLevel: 'warning',
});
// V8 holds a source with one character above U+00FF as two bytes a character: five `…` and `→`
// in kept comments made the 2.5 MB bundle a 5 MB string in every UI process. esbuild writes
// strings, templates and regular expressions as ASCII escapes (its default charset), so what
// is left above U+007F is in comments, where a `?` reads as well.
const uiSource = await readFile(uiFile, 'utf8');
if (/[\u0080-\uFFFF]/.test(uiSource)) {
	await writeFile(uiFile, uiSource.replace(/[\u0080-\uFFFF]/g, '?'));
}

// Names the cache: another bundle never reads this one's.
const uiHash = createHash('sha256').update(await readFile(uiFile)).digest('hex').slice(0, 16);

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
	define: {'process.env.NODE_ENV': '"production"', 'process.env.STOWAGE_PACKAGE': JSON.stringify(JSON.stringify({name, version, description})), 'process.env.STOWAGE_UI_BUNDLE_HASH': JSON.stringify(uiHash)},
	banner: {
		js: [
			"import {createRequire as __stowageRequire} from 'node:module';",
			"import {fileURLToPath as __stowageUrl} from 'node:url';",
			'const require = __stowageRequire(import.meta.url);',
			'const __filename = __stowageUrl(import.meta.url);',
			"const __dirname = __filename.slice(0, __filename.lastIndexOf('/'));",
		].join('\n'),
	},
	plugins: [stubDevtools, stubBuildkitSession, stubBuildkitProgress, noModemSsh, quietModem, noMeowPackageSearch, noMeowNormalize, yogaWithoutFetch, inkMeasureCache, inkWrapCache, inkOutputCaches, inkTextWidth],
	entryNames: '[name]',
	logLevel: 'warning',
});

await chmod(path.join(outdir, 'cli.js'), 0o755).catch(() => {});
