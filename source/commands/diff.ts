// `stowage diff IMAGE1 IMAGE2`: both images' deep scans (with modes, links and
// content hashes), then what differs between their final filesystems and where
// their histories part. No UI.
import {diffHistory} from '../analysis/history-diff.ts';
import {diffImages} from '../analysis/image-diff.ts';
import type {ScanResult} from '../analysis/image-scan.ts';
import type {Engine} from '../engine/engine.ts';
import {UsageError} from '../engine/endpoint.ts';
import {enginePlatform, parsePlatform, PlatformSyntaxError} from '../engine/platform.ts';
import {RegistryClient} from '../engine/registry/client.ts';
import {noInsecure} from '../engine/registry/insecure.ts';
import {formatDiff, jsonDiff, type DiffReport} from './diff-report.ts';
import {parseDiffSource, scanSources} from './diff-sources.ts';

export {DiffScanError} from './diff-sources.ts';

/** `platform`: os/arch[/variant] for a multi-platform image (a registry index, or the engine's). */
export type DiffOptions = {images: string[]; json: boolean; platform?: string};

/** Both scans, side by side: the engine streams one save while the other is read. One failing stops the other. */
export async function scanPair(engine: Pick<Engine, 'exportImage' | 'inspect'>, images: readonly [string, string], signal: AbortSignal): Promise<[ScanResult, ScanResult]> {
	return scanSources(engine, [{kind: 'engine', image: images[0], name: images[0]}, {kind: 'engine', image: images[1], name: images[1]}], signal);
}

export function diffReport(images: readonly [string, string], [a, b]: readonly [ScanResult, ScanResult]): DiffReport {
	const side = (image: string, scan: ScanResult) => ({image, steps: scan.steps.length, layers: scan.layers.length});
	return {
		from: side(images[0], a),
		to: side(images[1], b),
		files: diffImages({final: a.final, diffIds: a.config.diffIds}, {final: b.final, diffIds: b.config.diffIds}),
		history: diffHistory({steps: a.steps, diffIds: a.config.diffIds}, {steps: b.steps, diffIds: b.config.diffIds}),
		errors: [...a.errors.map(error => `${images[0]}: ${error}`), ...b.errors.map(error => `${images[1]}: ${error}`)],
	};
}

/** Resolves with the exit status: 0 whatever the differences (as `docker diff`). */
export async function diffCommand(engine: () => Engine, options: DiffOptions, write: (text: string) => void): Promise<number> {
	if (options.images.length !== 2) {
		throw new UsageError(`diff needs two images (got ${options.images.length})`);
	}

	const sources = [parseDiffSource(options.images[0]!), parseDiffSource(options.images[1]!)] as const;
	let platform;
	try {
		platform = options.platform === undefined ? undefined : {platform: parsePlatform(options.platform), explicit: true};
	} catch (error) {
		throw error instanceof PlatformSyntaxError ? new UsageError(error.message) : error;
	}

	const client = engine();
	const registries = new Map<string, Promise<RegistryClient>>();
	const registryClient = async (registry: string) => {
		let found = registries.get(registry);
		if (!found) {
			// Plain HTTP where the engine would use it (its insecure registries), as the docker CLI does.
			found = (client.insecureRegistries?.() ?? Promise.resolve(noInsecure)).catch(() => noInsecure).then(insecure => new RegistryClient({registry, insecure}));
			registries.set(registry, found);
		}

		return found;
	};

	try {
		// Two registry images need no engine at all.
		const info = sources.some(source => source.kind === 'engine') ? await client.connect() : undefined;
		const scans = await scanSources(client, sources, new AbortController().signal, {registryClient, platform, enginePlatform: enginePlatform(info)});
		const report = diffReport([sources[0].name, sources[1].name], scans);
		write(options.json ? jsonDiff(report) : formatDiff(report));
		return 0;
	} finally {
		for (const each of registries.values()) {
			void each.then(registry => registry.close());
		}
	}
}
