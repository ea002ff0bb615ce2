// The command line, after cli.tsx has asked the engine early (start/ask-first.ts): flags, the engine's
// endpoint, then `ls`, `analyze`, `diff` or the UI, each loading only what it needs.
import {fileURLToPath} from 'node:url';
import {askedEarly} from './start/ask-first.ts';
import meow from 'meow';
import {askEarly, type EarlyAnswers} from './engine/early-list.ts';
import {hostLabel, resolveEndpoint, UsageError, type ResolvedEndpoint} from './engine/endpoint.ts';
import {sanitizeLine} from './format/sanitize.ts';
import type * as UiBundle from './ui-bundle.ts';

// Library deprecation notices (docker-modem's ssh URL) would land on the user's screen.
process.noDeprecation = true;

const cli = meow(`
	Usage
	  $ stowage [options]          open the UI (several -H/--context: one pane per host)
	  $ stowage ls [ls options] [REPOSITORY[:TAG]]
	                               list images like \`docker images\` (wildcards as its reference filter)
	  $ stowage analyze IMAGE      scan an image for wasted space and advice (no UI)
	  $ stowage diff IMAGE1 IMAGE2 what changed between two images: files added, removed and changed,
	                               the size delta per directory, and where their histories part;
	                               docker://REGISTRY/REPO:TAG reads that side from the registry (no pull)

	Options
	  -H, --host URL       Engine to connect to: unix:///path, tcp://host:port or ssh://user@host[:port];
	                       repeat it to open several hosts side by side
	  -c, --context NAME   Docker context to use (from $DOCKER_CONFIG/contexts); repeatable
	      --remote-socket PATH
	                       ssh:// only: reach the engine's socket on the remote host directly, for hosts
	                       without the docker CLI (instead of running \`docker system dial-stdio\` there)
	      --accept-new-host-key
	                       ssh:// only: add an unknown host key to ~/.ssh/known_hosts (like ssh's accept-new);
	                       a changed key is always refused
	  -h, --help           Show this help
	  -v, --version        Show the version

	ls options
	  -q, --quiet          Only show image IDs
	  -a, --all            Show all images, including intermediate untagged ones (docker images -a)
	      --json           One JSON object per line
	      --tree           Multi-platform images as a tree of their platforms, as \`docker image ls --tree\` (API 1.47+)
	  -f, --filter K=V     Filter as \`docker images --filter\` does (dangling=true, reference=…, label=…); repeatable

	analyze options
	      --json           Metrics, layers, findings and advice as JSON
	      --ci             Apply dive's CI rules (.dive-ci, else dive's defaults); exit 1 when one fails
	      --ci-config FILE Read the CI rules from FILE instead of ./.dive-ci
	      --archive FILE   Scan a \`docker save\` tar (legacy or OCI layout) instead of the engine
	      --platform P     Which platform of a multi-platform image (os/arch[/variant]; default: the engine's)

	diff options
	      --json           Summary, every changed path, directory deltas and history rows as JSON
	      --platform P     Which platform of a registry index (default: the local image's, else the engine's)

	Engine selection follows the docker CLI: --context, then --host, then DOCKER_HOST,
	then DOCKER_CONTEXT, then currentContext in $DOCKER_CONFIG/config.json (default ~/.docker),
	then unix:///var/run/docker.sock. DOCKER_TLS_VERIFY and DOCKER_CERT_PATH apply to tcp://.

	Keys in the UI: press ? for the full list.
`, {
	importMeta: import.meta,
	// Set by the bundle (scripts/build.mjs); from source, meow reads package.json.
	pkg: process.env.STOWAGE_PACKAGE ? JSON.parse(process.env.STOWAGE_PACKAGE) as Record<string, unknown> : undefined,
	autoHelp: false,
	autoVersion: false,
	allowUnknownFlags: false,
	flags: {
		host: {type: 'string', shortFlag: 'H', isMultiple: true},
		context: {type: 'string', shortFlag: 'c', isMultiple: true},
		remoteSocket: {type: 'string'},
		acceptNewHostKey: {type: 'boolean'},
		help: {type: 'boolean', shortFlag: 'h'},
		version: {type: 'boolean', shortFlag: 'v'},
		quiet: {type: 'boolean', shortFlag: 'q'},
		all: {type: 'boolean', shortFlag: 'a'},
		json: {type: 'boolean'},
		filter: {type: 'string', shortFlag: 'f', isMultiple: true},
		tree: {type: 'boolean'},
		platform: {type: 'string'},
		ci: {type: 'boolean'},
		ciConfig: {type: 'string'},
		archive: {type: 'string'},
	},
});

function fail(message: string, code: number): never {
	process.stderr.write(`stowage: ${sanitizeLine(message)}\n`);
	process.exit(code);
}

async function main() {
	if (cli.flags.help) {
		cli.showHelp(0);
	}

	if (cli.flags.version) {
		cli.showVersion();
	}

	const [command, ...extra] = cli.input;
	if (command !== undefined && command !== 'ls' && command !== 'analyze' && command !== 'diff') {
		fail(`unknown command "${command}" (see stowage --help)`, 2);
	}

	// analyze IMAGE, ls [REPOSITORY[:TAG]], diff IMAGE1 IMAGE2.
	if (extra.length > (command === 'diff' ? 2 : command === 'analyze' || command === 'ls' ? 1 : 0)) {
		fail(`unexpected argument "${extra.at(-1)}"`, 2);
	}

	if (command === 'diff' && extra.length < 2) {
		fail('diff needs two images: stowage diff IMAGE1 IMAGE2', 2);
	}

	if (command !== 'analyze' && (cli.flags.ci || cli.flags.ciConfig !== undefined || cli.flags.archive !== undefined)) {
		fail('--ci, --ci-config and --archive belong to "stowage analyze"', 2);
	}

	if (command !== 'ls' && (cli.flags.quiet || cli.flags.all || cli.flags.tree || (cli.flags.json && command !== 'analyze' && command !== 'diff') || (cli.flags.filter?.length ?? 0) > 0)) {
		fail('-q, -a, --json, --tree and --filter belong to "stowage ls"', 2);
	}

	if (command !== 'analyze' && command !== 'diff' && cli.flags.platform !== undefined) {
		fail('--platform belongs to "stowage analyze" and "stowage diff"', 2);
	}

	const hosts = cli.flags.host ?? [];
	const contexts = cli.flags.context ?? [];
	let all: ResolvedEndpoint[];
	try {
		if (hosts.length > 0 && contexts.length > 0) {
			// As the docker CLI refuses them together.
			throw new UsageError('conflicting options: either specify --host or --context, not both');
		}

		all = hosts.length > 0 ? hosts.map(host => resolveEndpoint({host, remoteSocket: cli.flags.remoteSocket})) : contexts.length > 0 ? contexts.map(context => resolveEndpoint({context, remoteSocket: cli.flags.remoteSocket})) : [resolveEndpoint({remoteSocket: cli.flags.remoteSocket})];
	} catch (error) {
		fail(error instanceof UsageError ? error.message : String(error), 2);
	}

	const resolved = all[0]!;
	if ((command === 'ls' || command === 'analyze' || command === 'diff') && all.length > 1) {
		fail(`"stowage ${command}" works on one engine: give a single --host or --context`, 2);
	}

	if (command === 'analyze') {
		// Loaded only on this path; an --archive scan never touches the engine.
		const {runAnalyze} = await import('./commands/analyze-cli.ts');
		// exitCode, not exit(): a large --json report into a pipe must be written out first.
		process.exitCode = await runAnalyze(resolved, {image: extra[0], json: Boolean(cli.flags.json), ci: Boolean(cli.flags.ci), ciConfig: cli.flags.ciConfig, archive: cli.flags.archive, platform: cli.flags.platform}, fail, cli.flags.acceptNewHostKey);
		return;
	}

	if (command === 'diff') {
		const {runDiff} = await import('./commands/diff-cli.ts');
		process.exitCode = await runDiff(resolved, {images: extra, json: Boolean(cli.flags.json), platform: cli.flags.platform}, fail, cli.flags.acceptNewHostKey);
		return;
	}

	// The first answers of the UI and of a plain `ls` (no -a, --filter, --tree or reference) are asked for
	// before anything heavy loads: the engine works while Node parses. (In the first chunk, not one of its
	// own: importing one took ~10 ms. node:http is loaded only here.)
	const plainLs = command === 'ls' && !cli.flags.all && !cli.flags.tree && (cli.flags.filter?.length ?? 0) === 0 && extra.length === 0;
	const early = command === undefined || plainLs ? askedEarly ?? askEarly(resolved.endpoint) : undefined;
	if (command === 'ls') {
		// Heavy modules load only now, in parallel: dockerode for the engine.
		const [{createDockerEngine}, {listCommand}, {describeError}, {terminalPassphrase}] = await Promise.all([import('./engine/docker-client.ts'), import('./commands/ls.ts'), import('./engine/describe-error.ts'), import('./commands/ask-passphrase.ts')]);
		const engine = createDockerEngine(resolved.endpoint, {acceptNewHostKey: cli.flags.acceptNewHostKey, askPassphrase: terminalPassphrase(), early});
		try {
			// A terminal's width, as docker sizes its tree; a pipe gets docker's 80 columns.
			const columns = process.stdout.isTTY ? process.stdout.columns : undefined;
			await listCommand(engine, {quiet: Boolean(cli.flags.quiet), all: Boolean(cli.flags.all), json: Boolean(cli.flags.json), tree: Boolean(cli.flags.tree), columns, filters: cli.flags.filter ?? [], reference: extra[0]}, text => process.stdout.write(text));
		} catch (error) {
			if (error instanceof Error && error.name === 'TreeUnsupportedError') {
				fail(error.message, 1);
			}

			fail(error instanceof UsageError ? error.message : `cannot list images from ${hostLabel(resolved)}: ${describeError(error, resolved.endpoint)}`, error instanceof UsageError ? 2 : 1);
		} finally {
			engine.close();
		}

		return;
	}

	// One host on a terminal: when its list comes before the UI is loaded, it is drawn at once.
	const painted = all.length === 1 && early && process.stdout.isTTY ? await paintWhenListed(early, sanitizeLine(hostLabel(resolved))) : undefined;
	// dockerode, the store, Ink, React and the UI: from the bundle, one CommonJS file run with V8's code cache.
	const {setUiFlags, setSettledFlags} = await import('./start/gc-flags.ts');
	await setUiFlags();
	const ui = await loadUi();
	const {createDockerEngine, createHosts, switchEntries, rememberHosts, runUi, whenListed} = ui.modules;
	const targets = all.map(one => ({label: sanitizeLine(hostLabel(one)), resolved: one}));
	// The early answers belong to the first host (its engine takes them once).
	const open = createHosts((one, hooks) => createDockerEngine(one.endpoint, {acceptNewHostKey: cli.flags.acceptNewHostKey, askPassphrase: hooks.askPassphrase, early: one === resolved ? early : undefined}), targets);
	const listed = whenListed(open.active().session.store);
	// The cache is written once the first frames have been drawn (their functions compiled), or at exit.
	let cacheSaved = () => {};
	const saved = ui.cacheToWrite ? new Promise<void>(resolve => {
		cacheSaved = resolve;
	}) : Promise.resolve();
	const saveCache = setTimeout(() => {
		ui.saveCache();
		cacheSaved();
	}, 3000);
	saveCache.unref();
	// The heap flag changes once the list is drawn and the cache written (V8 rejects a code cache made under other flags).
	void Promise.all([listed, saved]).then(setSettledFlags);

	// A "connecting" frame drawn just before the list arrives costs the list's frame its cold first render
	// (~100 ms): draw the list first when it comes soon; a slow engine gets the connecting frame. (Measured
	// with the code cache: drawing at once after 20 ms was bimodal at 1,000 images, 280 or 420 ms, and no
	// faster at 10,000; waiting up to 250 ms gave 283–341 and 584–655 ms.) The wait counts from the process's
	// start, up to 1 s, as long as `docker images` keeps a terminal blank at 10,000 images: 250 ms after the
	// UI had loaded (itself later once the early frame's wait was added) ended just before the 10,000-image
	// list came in half the starts, and those drew their list ~250 ms later.
	await Promise.race([listed, new Promise(resolve => setTimeout(resolve, Math.max(connectingAfterMs - performance.now(), 0)))]);
	// Hosts given by URL are offered again by the `c` switcher next time.
	const remember = (opened: Array<{resolved: ResolvedEndpoint}>) => rememberHosts(opened.filter(one => one.resolved.source === '--host').map(one => one.resolved.endpoint.url));
	remember(targets);
	const status = await runUi(open, {
		painted,
		entries: () => switchEntries(new Set(open.list().map(host => host.key)), open.active().key),
		onOpened: remember,
	});
	clearTimeout(saveCache);
	ui.saveCache();
	process.exit(status);
}

/** How long the list is waited for before the UI is loaded; STOWAGE_FIRST_PAINT_MS changes it (0: never drawn early). */
const configuredPaintWait = Number.parseInt(process.env.STOWAGE_FIRST_PAINT_MS ?? '', 10);
const paintWaitMs = configuredPaintWait >= 0 ? configuredPaintWait : 75;

/**
 * Loading the UI takes 80-120 ms here and blocks, so the list is waited for first, briefly: at 1,000
 * images it comes ~30 ms after it is asked for, and is on screen then instead of ~150 ms later. A list
 * that takes longer is drawn by the UI once it is loaded (and the wait is hidden behind the engine's).
 */
async function paintWhenListed(early: EarlyAnswers, endpointLabel: string): Promise<Painted | undefined> {
	if (paintWaitMs === 0) {
		return undefined;
	}

	const painter = import('./start/first-paint.ts');
	const answers = Promise.all([early.peekVersion(), early.peekImages()]).catch(() => undefined);
	const came = await Promise.race([answers, new Promise<undefined>(resolve => setTimeout(() => resolve(undefined), paintWaitMs))]);
	const [version, images] = came ?? [];
	if (!images) {
		return undefined;
	}

	const {firstFrame, showCursor, leaveAlternate} = await painter;
	const frame = firstFrame({version, images, endpointLabel, columns: process.stdout.columns, rows: process.stdout.rows, now: Date.now()});
	if (!frame) {
		return undefined;
	}

	process.stdout.write(frame);
	// Keys typed before the UI is up wait for it, unechoed (Node restores the terminal's mode at exit).
	process.stdin.setRawMode?.(true);
	// Until the UI takes the screen over (run-ui.tsx), an exit or a signal gives the terminal back here.
	const restore = () => {
		process.stdout.write(`${showCursor}${leaveAlternate}`);
		process.stdin.setRawMode?.(false);
	};

	const signals = ['SIGTERM', 'SIGHUP', 'SIGINT'] as const;
	const onSignal = (signal: NodeJS.Signals) => {
		release();
		restore();
		// Ended by it, as it would have been without this handler.
		process.kill(process.pid, signal);
	};

	const release = () => {
		process.off('exit', restore);
		for (const signal of signals) {
			process.off(signal, onSignal);
		}
	};

	process.once('exit', restore);
	for (const signal of signals) {
		process.once(signal, onSignal);
	}

	return {release};
}

/** How long from the process's start a list that is on its way is waited for before the UI draws its "connecting" frame. */
const connectingAfterMs = 1000;

type UiModules = typeof UiBundle;
type Painted = NonNullable<Parameters<UiModules['runUi']>[1]['painted']>;

/** The UI's modules: in the bundle from dist/ui.cjs (its hash set by scripts/build.mjs), from source otherwise. */
async function loadUi(): Promise<{modules: UiModules; saveCache(): void; cacheToWrite: boolean}> {
	const bundleHash = process.env.STOWAGE_UI_BUNDLE_HASH;
	if (!bundleHash) {
		// Not a literal, so the bundle (where this never runs) does not carry the UI twice.
		const fromSource = './ui-bundle.ts';
		return {modules: await import(fromSource) as UiModules, saveCache() {}, cacheToWrite: false};
	}

	const {defaultCacheDir, loadWithCodeCache} = await import('./start/code-cache.ts');
	const loaded = loadWithCodeCache(fileURLToPath(new URL('../ui.cjs', import.meta.url)), {name: 'ui', bundleHash, cacheDir: process.env.STOWAGE_CODE_CACHE === 'off' ? undefined : defaultCacheDir()});
	// Off, or no home to keep it in: nothing to write either.
	const cacheToWrite = loaded.cache !== 'used' && loaded.cache !== 'off';
	return {modules: loaded.exports as UiModules, saveCache: () => loaded.save(), cacheToWrite};
}

await main();
