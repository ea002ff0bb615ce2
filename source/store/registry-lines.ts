// A remote tag's details as lines, what `skopeo inspect` and `docker history` would
// say, read from its manifest (and an index's children) and its config blob.
import {createdAgo} from '../format/duration.ts';
import {sanitizeLine} from '../format/sanitize.ts';
import {formatImageSize} from '../format/size.ts';
import {formatPlatform} from '../engine/platform.ts';
import {compressedSize, type ImageConfig, type ImageManifest, type Manifest} from '../engine/registry/manifest.ts';
import {mediaTypeLabel} from '../engine/registry/media-types.ts';
import {advise} from '../analysis/rules/advisor.ts';

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
function adviceLines(manifest: ImageManifest, config: ImageConfig): string[] {
	const advice = advise({steps: sizedSteps(manifest, config).map(({step, size}) => ({createdBy: step.createdBy, size, emptyLayer: step.emptyLayer})), env: config.env, labels: config.labels});
	return [
		advice.length === 0 ? 'Advice from the history: none' : 'Advice from the history (sizes compressed; pull and press o, then D, for exact bytes)',
		...advice.flatMap(each => [`  ${each.rule}  ${each.title}${each.bytes === undefined ? '' : ` · up to ${formatImageSize(each.bytes)}`}`, `      ${sanitizeLine(each.message)}`]),
	];
}

function historyLines(manifest: ImageManifest, config: ImageConfig, now: number): string[] {
	const steps = sizedSteps(manifest, config);
	return [
		`History (${steps.length} steps, newest first; sizes compressed)`,
		`  ${'CREATED'.padEnd(16)}${'SIZE'.padStart(9)}  CREATED BY`,
		...steps.reverse().map(({step, size}) => {
			const at = Date.parse(step.created);
			const when = Number.isNaN(at) ? '—' : createdAgo(at / 1000, now);
			const by = step.createdBy.replace(/^\/bin\/sh -c #\(nop\) +/, '').replace(/^\/bin\/sh -c /, 'RUN ');
			return `  ${when.padEnd(16)}${formatImageSize(size).padStart(9)}  ${sanitizeLine(by)}${step.comment ? `  # ${sanitizeLine(step.comment)}` : ''}`;
		}),
	];
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
			lines.push('', ...historyLines(image, config, now), '', ...adviceLines(image, config));
		}
	}

	return lines;
}
