// A remote tag's details as lines, what `skopeo inspect` and `docker history` would
// say, read from its manifest (and an index's children) and its config blob.
import {createdAgo} from '../format/duration.ts';
import {sanitizeLine} from '../format/sanitize.ts';
import {formatImageSize} from '../format/size.ts';
import {formatPlatform} from '../engine/platform.ts';
import {compressedSize, type ImageConfig, type ImageManifest, type Manifest} from '../engine/registry/manifest.ts';
import {mediaTypeLabel} from '../engine/registry/media-types.ts';
import {advise} from '../analysis/rules/advisor.ts';
import type {HistoryEntry} from '../engine/types.ts';
import {selectedRegistryRow, type RegistryBrowser} from './registry-browser.ts';
import type {HistoryView} from './selectors.ts';

export type TagDetails = {registry: string; repository: string; tag: string; manifest: Manifest; config?: ImageConfig; children: ReadonlyArray<{manifest?: ImageManifest; error?: string}>};

const field = (name: string, value: string) => `${name.padEnd(12)}${value}`;

function created(text: string, now: number): string {
	const at = Date.parse(text);
	return Number.isNaN(at) ? text || '—' : `${text} (${createdAgo(at / 1000, now)})`;
}

/** Each history step with the compressed size of the layer it made, oldest first, as docker history pairs them. */
function sizedSteps(manifest: ImageManifest, config: ImageConfig) {
	let layer = 0;
	return config.history.map(step => ({step, size: step.emptyLayer ? 0 : manifest.layers[layer++]?.size ?? 0}));
}

/** The advisor's findings that need only the history and the config, as for a local image before its deep scan. */
export function adviceLines(manifest: ImageManifest, config: ImageConfig): string[] {
	const advice = advise({steps: sizedSteps(manifest, config).map(({step, size}) => ({createdBy: step.createdBy, size, emptyLayer: step.emptyLayer})), env: config.env, labels: config.labels});
	return [
		advice.length === 0 ? 'Advice from the history: none' : 'Advice from the history (sizes compressed; pull and press o, then D, for exact bytes)',
		...advice.flatMap(each => [`  ${each.rule}  ${each.title}${each.bytes === undefined ? '' : ` · up to ${formatImageSize(each.bytes)}`}`, `      ${sanitizeLine(each.message)}`]),
	];
}

/** The config's history as the layer-history pane draws a local image's: newest first, each step with its layer's compressed size. */
export function remoteHistoryEntries(manifest: ImageManifest, config: ImageConfig): HistoryEntry[] {
	return sizedSteps(manifest, config).reverse().map(({step, size}) => {
		const at = Date.parse(step.created);
		return {id: '<missing>', created: Number.isNaN(at) ? 0 : at / 1000, createdBy: sanitizeLine(step.createdBy), size, comment: sanitizeLine(step.comment), tags: []};
	});
}

export function tagDetailLines(details: TagDetails, now = Date.now()): string[] {
	const {manifest, config} = details;
	const lines = [
		field('Name', `${details.registry}/${details.repository}:${sanitizeLine(details.tag)}`),
		field('Digest', manifest.digest),
		field('Media type', `${mediaTypeLabel(manifest.mediaType)}${mediaTypeLabel(manifest.mediaType) === manifest.mediaType ? '' : ` (${manifest.mediaType})`}`),
	];
	if (manifest.kind === 'image') {
		lines.push(field('Size', `${formatImageSize(compressedSize(manifest))} compressed in ${manifest.layers.length} layer${manifest.layers.length === 1 ? '' : 's'}`));
		if (config) {
			lines.push(field('Created', created(config.created, now)));
			lines.push(field('Platform', formatPlatform({os: config.os, architecture: config.architecture, ...(config.variant ? {variant: config.variant} : {})})));
		}
	} else {
		lines.push(field('Platforms', String(manifest.manifests.length)));
		manifest.manifests.forEach((child, index) => {
			const image = details.children[index]?.manifest;
			const size = image ? `${formatImageSize(compressedSize(image))} in ${image.layers.length} layers` : details.children[index]?.error ?? '';
			lines.push(`  ${(child.platform ? formatPlatform(child.platform) : 'unknown').padEnd(20)} ${child.digest}  ${size}`);
		});
		if (config) {
			lines.push(field('Created', `${created(config.created, now)} (of the first platform)`));
		}
	}

	if (config) {
		const labels = Object.entries(config.labels);
		lines.push('', `Labels (${labels.length})`, ...labels.map(([key, value]) => `  ${key}=${value}`));
		const image = manifest.kind === 'image' ? manifest : details.children.find(child => child.manifest)?.manifest;
		if (image) {
			lines.push('', `History     ${config.history.length} steps, in the layer-history pane beside the tags; o there: the advice they give`);
		}
	}

	return lines;
}

/** What the layer-history pane shows beside the browser: the history of the tag under the cursor. */
export function registryHistoryView(browser: RegistryBrowser): {view: HistoryView; title: string} {
	const none = {entries: [], cursor: 0};
	const tag = browser.level === 'tags' ? selectedRegistryRow(browser) : undefined;
	if (tag === undefined) {
		return {view: {...none, message: browser.level === 'tags' ? (browser.loading ? 'Waiting for the tags…' : 'No tag selected.') : 'Open a repository (Enter) to see its tags\' histories.'}, title: 'Layer history'};
	}

	const {history} = browser;
	const title = `Layer history of ${sanitizeLine(tag)}`;
	if (history?.tag !== tag || (!history.entries && !history.error)) {
		return {view: {...none, message: 'Loading history from the registry…'}, title};
	}

	if (history.error) {
		return {view: {...none, message: history.error, error: true}, title};
	}

	const entries = history.entries ?? [];
	const findings = (history.advice ?? []).filter(line => /^ {2}\S/.test(line)).length;
	return {view: {entries, cursor: 0}, title: `${title} (${entries.length} ${entries.length === 1 ? 'step' : 'steps'}, compressed · ${findings === 0 ? 'no advice' : `${findings} ${findings === 1 ? 'finding' : 'findings'}: o`})`};
}
