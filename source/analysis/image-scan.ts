// The deep scan: one pass over an image archive (from the engine or a file),
// then the layer math, findings and both efficiency scores. No React.
import type {Readable} from 'node:stream';
import {readImageArchive, type ArchiveContents, type ReadOptions} from './archive-reader.ts';
import type {TreeNode} from './file-tree.ts';
import {historySteps, imageLayout, type ImageConfig} from './image-layout.ts';
import {stackLayers} from './layer-math.ts';
import {layerError, layerMediaTypes} from './layer-media.ts';
import {parseOsRelease, type OsRelease} from './os-release.ts';
import {scanFindings, stepOfLayer} from './scan-findings.ts';
import type {PlatformPick} from './image-layout.ts';
import type {HistoryStep, LayerChange, LayerRecord, LayerSummary, Metrics, ScanFinding} from './types.ts';

export type ScanResult = {
	repoTags: string[];
	config: ImageConfig;
	steps: HistoryStep[];
	layers: LayerSummary[];
	/** Per layer, what it added, modified and removed. */
	changes: LayerChange[][];
	/** The final filesystem. */
	final: TreeNode;
	metrics: Metrics;
	findings: ScanFinding[];
	osRelease?: OsRelease;
	/** Layers that could not be read (e.g. of a media type not understood): their files are missing from the numbers. */
	errors: string[];
	/** The platform scanned, when the archive held several. */
	platform?: string;
	/** With details (a comparison): each layer's entries as read, base first, beside config.diffIds. */
	records?: LayerRecord[];
};

export async function scanArchive(source: Readable, wanted?: string, platform?: PlatformPick, options?: ReadOptions): Promise<ScanResult> {
	return scanContents(await readImageArchive(source, options), wanted, platform, options?.details ?? false);
}

/** The scan of what was read (from an archive, or layer by layer from a registry). */
export function scanContents(contents: ArchiveContents, wanted?: string, platform?: PlatformPick, keepRecords = false): ScanResult {
	const layout = imageLayout(contents, wanted, platform);
	const records = layout.layerKeys.map(key => contents.layers.get(key)!);
	const mediaTypes = layerMediaTypes(contents);
	const stack = stackLayers(records.map(record => record.entries));
	const steps = historySteps(layout.config, records.length);
	const stepOf = stepOfLayer(steps);
	const layers: LayerSummary[] = records.map((record, index) => {
		const math = stack.layers[index]!;
		const step = stepOf(index);
		const count = (kind: LayerChange['kind']) => math.changes.filter(change => change.kind === kind && !change.isDir).length;
		return {
			index, key: record.key, step, createdBy: steps.find(each => each.step === step)?.createdBy ?? '',
			size: math.size, added: count('added'), modified: count('modified'), removed: math.changes.filter(change => change.kind === 'removed').length,
			wastedBytes: math.wastedBytes,
		};
	});
	for (const step of steps) {
		if (step.layer !== undefined) {
			step.size = layers[step.layer]!.size;
		}
	}

	const userBytes = layers.slice(1).reduce((sum, layer) => sum + layer.size, 0);
	const userWastedBytes = layers.slice(1).reduce((sum, layer) => sum + layer.wastedBytes, 0);
	const metrics: Metrics = {
		totalBytes: stack.totalBytes,
		finalBytes: stack.finalBytes,
		wastedBytes: stack.wastedBytes,
		userWastedBytes,
		userBytes,
		userWastedPercent: userBytes === 0 ? 0 : userWastedBytes / userBytes,
		efficiency: stack.totalBytes === 0 ? 1 : stack.finalBytes / stack.totalBytes,
		dive: {efficiency: stack.dive.efficiency, wastedBytes: stack.dive.wastedBytes, userWastedPercent: userBytes === 0 ? 0 : stack.dive.wastedBytes / userBytes},
	};
	// The last layer that carries an os-release describes the final image.
	const osText = [...layout.layerKeys].reverse().map(key => contents.osRelease.get(key)).find(text => text !== undefined);
	return {
		repoTags: layout.repoTags,
		config: layout.config,
		steps,
		layers,
		changes: stack.layers.map(layer => layer.changes),
		final: stack.final,
		metrics,
		findings: scanFindings(stack, stepOf),
		osRelease: osText === undefined ? undefined : parseOsRelease(osText),
		errors: records.filter(record => record.error).map(record => layerError(record.key, record.error!, mediaTypes.get(record.key))),
		platform: layout.platform,
		...(keepRecords ? {records} : {}),
	};
}
