// x in the layer explorer: the path under the cursor, as of the step in view, written
// to a path typed in a form; an existing target is asked about first. The job reads
// the image's save stream up to the last layer it needs (layer-extract.ts).
import path from 'node:path';
import {layerAsOf, explorerView, treeAsOf} from './explorer-lines.ts';
import type {ExplorerOverlay} from './analysis-state.ts';
import type {DialogContext} from './dialogs/dialog-context.ts';
import type {Dialog} from './dialog.ts';
import type {State} from './state.ts';
import {formatImageSize} from '../format/size.ts';
import {sanitizeLine} from '../format/sanitize.ts';

/** What x would extract now: the explorer's cursor path, or why nothing. */
export function extractSource(state: State): {explorer: ExplorerOverlay; path: string} | {note: string} {
	const {overlay, analysis} = state;
	const scan = overlay.kind === 'explorer' && analysis?.imageId === overlay.imageId ? analysis.scan : undefined;
	if (overlay.kind !== 'explorer' || !scan) {
		return {note: 'x extracts from the layer explorer once the image is scanned'};
	}

	const path = explorerView(scan, overlay.step, overlay.finalView, overlay.filter).paths[overlay.cursor];
	return path === undefined ? {note: 'nothing under the cursor to extract'} : {explorer: overlay, path};
}

export function extractForm(state: State, cwd: string): Dialog | undefined {
	const source = extractSource(state);
	if ('note' in source) {
		return undefined;
	}

	const name = path.posix.basename(source.path) || 'root';
	return {kind: 'form', purpose: 'extract', title: `Extract ${sanitizeLine(source.path)} as of step ${source.explorer.step}`, fields: [{name: 'path', label: 'To', value: path.join(cwd, name)}], focus: 0, note: 'Written whole or not at all; modes kept; links are never followed out of it.'};
}

/** Starts the job; `image` is what the engine saves (the scanned image's ID). */
export function startExtract({engine, store, jobs}: DialogContext, image: string, target: string, overwrite: boolean): void {
	const source = extractSource(store.getState());
	const scan = store.getState().analysis?.scan;
	if ('note' in source || !scan) {
		return;
	}

	const {explorer, path: imagePath} = source;
	const layer = layerAsOf(scan, explorer.step);
	const tree = layer === scan.layers.length - 1 ? scan.final : treeAsOf(scan, layer);
	const layerKeys = scan.layers.map(each => each.key);
	void jobs.start('extract', `${explorer.title} ${imagePath} (step ${explorer.step}) → ${target}`, async signal => {
		const {extractFromArchive} = await import('../analysis/layer-extract.ts');
		const stream = await engine.exportImage(image, signal);
		stream.on('error', () => {});
		const result = await extractFromArchive(stream, {path: imagePath, tree, layerKeys}, target, overwrite);
		const skipped = result.skipped.length > 0 ? `; skipped ${result.skipped.length}: ${result.skipped.slice(0, 3).join('; ')}${result.skipped.length > 3 ? ' …' : ''}` : '';
		return `${result.files} files (${formatImageSize(result.bytes)}), ${result.dirs} directories, ${result.links} links${skipped}`;
	});
}
