// What a comparison compares: an image in the engine (a bare reference or ID, read
// through its save stream) or one in a registry (`docker://REGISTRY/REPO:TAG`, skopeo's
// transport syntax, read from the registry without a pull). Both sides are scanned at
// once; a layer the registry side shares with the engine's image (same diff ID) is
// taken from the engine's scan, never downloaded.
import {scanEngineImage} from '../analysis/scan-image.ts';
import {scanRegistryImage, type RegistryImage} from '../analysis/registry-scan.ts';
import type {ScanResult} from '../analysis/image-scan.ts';
import type {PlatformPick} from '../analysis/image-layout.ts';
import {SharedLayers} from '../analysis/shared-layers.ts';
import type {LayerRecord} from '../analysis/types.ts';
import type {Engine} from '../engine/engine.ts';
import {UsageError} from '../engine/endpoint.ts';
import {readPlatform} from '../engine/platform.ts';
import {familiarString, parseNormalizedNamed, ReferenceError, withDefaultTag} from '../engine/reference.ts';
import type {RegistryClient} from '../engine/registry/client.ts';
import {sanitizeLine} from '../format/sanitize.ts';
import {checkImageArgument} from './image-argument.ts';

export type DiffSource = {kind: 'engine'; image: string; name: string} | ({kind: 'registry'; name: string} & RegistryImage);

export const transport = 'docker://';

/** A `docker://` argument as a registry image (Docker Hub's defaults applied, as skopeo does), else an engine image. */
export function parseDiffSource(argument: string): DiffSource {
	if (!argument.startsWith(transport)) {
		checkImageArgument(argument, 'compare');
		return {kind: 'engine', image: argument, name: argument};
	}

	// skopeo's docker:// takes //HOST/PATH: the leading slashes are the transport's.
	const text = argument.slice(transport.length);
	try {
		const reference = withDefaultTag(parseNormalizedNamed(text));
		const domain = reference.domain;
		return {kind: 'registry', registry: domain, repository: reference.path, reference: reference.digest ?? reference.tag!, name: `${transport}${domain === 'docker.io' ? `docker.io/${reference.path}` : familiarString({domain, path: reference.path})}${reference.digest ? `@${reference.digest}` : `:${reference.tag!}`}`};
	} catch (error) {
		throw error instanceof ReferenceError ? new UsageError(sanitizeLine(`cannot compare "${argument}": ${error.message}`)) : error;
	}
}

/** Which image a scan failure belongs to. */
export class DiffScanError extends Error {
	override name = 'DiffScanError';
	constructor(readonly image: string, override readonly cause: unknown) {
		super(cause instanceof Error ? cause.message : String(cause));
	}
}

export type PairOptions = {
	/** The registry's client, one per registry. */
	registryClient?: (registry: string) => Promise<RegistryClient> | RegistryClient;
	/** Asked for (--platform): both sides take it. */
	platform?: PlatformPick;
	/** The engine's own platform: a registry index's choice when the engine image has none to say. */
	enginePlatform?: PlatformPick;
	onBytes?: (done: number, total?: number) => void;
	/** How many layer blobs each registry side fetched and took from the other side. */
	onRegistryScan?: (source: DiffSource, counts: {downloaded: number; borrowed: number}) => void;
};

type Inspect = {RootFS?: {Layers?: unknown}; Os?: unknown; Architecture?: unknown; Variant?: unknown};

/** The engine image's diff IDs and platform before its save is read: what the registry side may skip. */
async function engineFacts(engine: Pick<Engine, 'inspect'>, image: string): Promise<{diffIds: Set<string>; platform?: PlatformPick}> {
	try {
		const inspect = await engine.inspect(image) as Inspect;
		const layers = Array.isArray(inspect.RootFS?.Layers) ? inspect.RootFS.Layers.filter((each): each is string => typeof each === 'string') : [];
		const platform = readPlatform({os: inspect.Os, architecture: inspect.Architecture, variant: inspect.Variant});
		return {diffIds: new Set(layers), platform: platform && {platform, explicit: false}};
	} catch {
		// The save will say what is wrong with the image.
		return {diffIds: new Set()};
	}
}

/** Both scans, side by side. One failing stops the other. */
export async function scanSources(engine: Pick<Engine, 'exportImage' | 'inspect'>, sources: readonly [DiffSource, DiffSource], signal: AbortSignal, options: PairOptions = {}): Promise<[ScanResult, ScanResult]> {
	const controller = new AbortController();
	const stop = () => controller.abort();
	signal.addEventListener('abort', stop, {once: true});
	let first: DiffScanError | undefined;
	const shared = new SharedLayers();
	const engineSide = sources.find(source => source.kind === 'engine');
	const facts = engineSide && sources.some(source => source.kind === 'registry') ? await engineFacts(engine, engineSide.image) : undefined;
	let engineScan: Promise<ScanResult> | undefined;
	// Registry sides on the same registry share downloads of the same blob.
	const fetched = new Map<string, Promise<ScanResult>>();
	const blobs = new Map<string, Promise<{record: LayerRecord; osRelease?: string}>>();
	const byteCounts = [0, 0];
	const totals: Array<number | undefined> = [undefined, undefined];
	const report = (side: number, done: number, total?: number) => {
		byteCounts[side] = done;
		totals[side] = total;
		const sum = totals.every(each => each !== undefined) ? totals[0]! + totals[1]! : undefined;
		options.onBytes?.(byteCounts[0]! + byteCounts[1]!, sum);
	};

	const borrow = async (diffId: string): Promise<LayerRecord | undefined> => {
		const scan = await engineScan?.catch(() => undefined);
		const index = scan?.config.diffIds.indexOf(diffId) ?? -1;
		return index === -1 ? undefined : scan?.records?.[index];
	};

	const one = async (source: DiffSource, side: number): Promise<ScanResult> => {
		try {
			if (source.kind === 'engine') {
				const scan = scanEngineImage(engine, source.image, (done, total) => report(side, done, total), controller.signal, undefined, options.platform, {details: true, shared});
				engineScan = scan;
				return await scan;
			}

			const key = `${source.registry}/${source.repository}:${source.reference}`;
			const again = fetched.get(key);
			if (again) {
				return await again;
			}

			const client = await options.registryClient!(source.registry);
			const scan = scanRegistryImage(client, source, {
				pick: options.platform ?? facts?.platform ?? options.enginePlatform,
				signal: controller.signal,
				onBytes: (done, total) => report(side, done, total),
				borrow,
				borrowable: facts?.diffIds,
				blobs,
				read: {details: true, shared},
			});
			fetched.set(key, scan);
			const result = await scan;
			options.onRegistryScan?.(source, result);
			return result;
		} catch (error) {
			first ??= new DiffScanError(source.name, error);
			controller.abort();
			throw first;
		}
	};

	try {
		const [a, b] = await Promise.allSettled([one(sources[0], 0), one(sources[1], 1)]);
		if (a.status === 'rejected' || b.status === 'rejected') {
			throw first!;
		}

		shared.settle();
		return [a.value, b.value];
	} finally {
		signal.removeEventListener('abort', stop);
	}
}
