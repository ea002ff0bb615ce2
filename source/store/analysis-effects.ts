// o, D and e: the advisor from history (at once), the deep scan as a
// background job (progress, cancel with K), and the layer explorer over its result.
import type {Engine} from '../engine/engine.ts';
import {describeError} from '../engine/describe-error.ts';
import {inRegistryWords} from '../engine/registry/errors.ts';
import {isAbort} from '../engine/engine-error.ts';
import {incompleteNote} from '../analysis/scan-completeness.ts';
import {formatImageSize} from '../format/size.ts';
import {sanitizeLine} from '../format/sanitize.ts';
import {advisorLines} from './advisor-lines.ts';
import {explorerView, versionAt} from './explorer-lines.ts';
import {fileView, pagerLimits} from './file-lines.ts';
import {extractForm, extractSource} from './extract-job.ts';
import {compareLines} from './compare-state.ts';
import {diffView} from './file-lines.ts';
import type {JobRunner} from './job-runner.ts';
import {rowReference, targetRows} from './operations.ts';
import {summaryLine} from '../commands/diff-report.ts';
import {selectedRow} from './selectors.ts';
import type {Store} from './store.ts';
import type {ImageRow} from './image-rows.ts';
import {enginePlatform, type Platform} from '../engine/platform.ts';
import type {RegistryClient} from '../engine/registry/client.ts';
import type {DiffSource} from '../commands/diff-sources.ts';
import {markName, selectedRegistryRow, type RegistryMark} from './registry-browser.ts';

const titleOf = (row: ImageRow) => (row.platform ? `${rowReference(row)} ${row.platform.name}` : rowReference(row));

// Loaded on first use: the scanner and the rules are not needed to draw the first frame.
const loadAdvisor = async () => import('../analysis/rules/advisor.ts');
const loadScanner = async () => import('../analysis/scan-image.ts');
const loadFileReader = async () => import('../analysis/layer-file.ts');

type Target = {image: string; platform?: Platform};

/** A registry's client, shared with the registry browser (its credentials, tokens and connections). */
export type RegistryClients = (registry: string) => Promise<RegistryClient>;

const blobDigest = (key: string) => key.replace(/^blobs\//, '').replace('/', ':');

export function createAnalysisEffects(engine: Engine, store: Store, jobs: JobRunner, registryClient?: RegistryClients) {
	const {dispatch} = store;
	// The analysis is keyed by the row's historyKey (an image, or one platform of it): what each key means.
	const targets = new Map<string, Target>();
	const remember = (row: ImageRow) => {
		targets.set(row.historyKey, {image: row.id, platform: row.platform?.manifest.platform});
		return row.historyKey;
	};

	const targetOf = (key: string): Target => targets.get(key) ?? {image: key};

	async function refreshAdvisor(imageId: string) {
		const {image, platform} = targetOf(imageId);
		try {
			const [history, inspect, {advise, configFromInspect, inputFromScan, stepsFromHistory}] = await Promise.all([engine.history(image, platform), engine.inspect(image, platform), loadAdvisor()]);
			const {analysis} = store.getState();
			const scan = analysis?.imageId === imageId ? analysis.scan : undefined;
			const input = scan ? inputFromScan(scan) : {steps: stepsFromHistory(history), ...configFromInspect(inspect)};
			dispatch({type: 'advisorLines', imageId, lines: advisorLines(advise(input), scan)});
		} catch (error) {
			dispatch({type: 'advisorFailed', imageId, error: describeError(error, engine.endpoint)});
		}
	}

	function deepScan(imageId: string, title: string, size?: number) {
		if (store.getState().analysis?.imageId === imageId && store.getState().analysis?.status === 'running') {
			return;
		}

		dispatch({type: 'scanStarted', imageId});
		void jobs.start('scan', title, async (signal, report) => {
			try {
				const {scanEngineImage} = await loadScanner();
				const {image, platform} = targetOf(imageId);
				const {connection} = store.getState();
				// A platform row scans that platform; an image row the engine's own, as docker run would pick.
				const pick = platform ? {platform, explicit: true} : enginePlatform(connection.status === 'connected' ? connection.info : undefined);
				const scan = await scanEngineImage(engine, image, (done, total) => report.bytes(done, total), signal, size, pick);
				dispatch({type: 'scanFinished', imageId, scan});
				void refreshAdvisor(imageId);
				const note = incompleteNote(scan);
				return `wasted ${formatImageSize(scan.metrics.wastedBytes)}, efficiency ${(scan.metrics.efficiency * 100).toFixed(1)}%${note ? ` (${note})` : ''}`;
			} catch (error) {
				if (signal.aborted || isAbort(error)) {
					// K: nothing went wrong, and D can start it again.
					dispatch({type: 'scanFinished', imageId, cancelled: true});
					dispatch({type: 'flash', text: 'deep scan cancelled', tone: 'info'});
				} else {
					dispatch({type: 'scanFinished', imageId, error: describeError(error, engine.endpoint)});
				}

				throw error;
			}
		});
	}

	/** A local image against a registry tag: the engine's save and the tag's blobs, shared layers taken from the save. */
	function compareRemote(row: ImageRow, mark: RegistryMark) {
		if (!registryClient) {
			return;
		}

		const names = [rowReference(row), markName(mark)] as const;
		const title = `${names[0]} → ${names[1]}`;
		const sources: readonly [DiffSource, DiffSource] = [
			{kind: 'engine', image: row.id, name: names[0]},
			{kind: 'registry', registry: mark.registry, repository: mark.repository, reference: mark.tag, name: names[1]},
		];
		dispatch({type: 'openCompare', title, remote: true});
		void jobs.start('compare', title, async (signal, report) => {
			try {
				const [{scanSources}, {diffReport}] = await Promise.all([import('../commands/diff-sources.ts'), import('../commands/diff.ts')]);
				const {connection} = store.getState();
				const scans = await scanSources(engine, sources, signal, {registryClient, enginePlatform: enginePlatform(connection.status === 'connected' ? connection.info : undefined), onBytes: (done, total) => report.bytes(done, total)});
				const result = diffReport(names, scans);
				dispatch({type: 'compareDone', title, report: result, images: [row.id, names[1]], layerKeys: [scans[0].layers.map(layer => layer.key), scans[1].layers.map(layer => layer.key)], sources});
				return summaryLine(result.files.summary);
			} catch (error) {
				const cause = error instanceof Error && error.name === 'DiffScanError' ? (error as Error & {cause: unknown}).cause : error;
				const registryWords = inRegistryWords(cause);
				const remoteSide = error instanceof Error && error.name === 'DiffScanError' && (error as Error & {image: string}).image === names[1];
				const words = registryWords ? sanitizeLine((cause as Error).message) : describeError(cause, remoteSide ? undefined : engine.endpoint);
				dispatch({type: 'compareFailed', title, error: remoteSide ? `${sanitizeLine(names[1])}: ${words}` : words});
				throw error;
			}
		});
	}

	return {
		/** Esc in a comparison: a running one is cancelled (its downloads stop), and the overlay closes. */
		closeCompare() {
			const {overlay} = store.getState();
			if (overlay.kind === 'compare' && overlay.status === 'running') {
				const job = store.getState().jobs.find(each => each.kind === 'compare' && each.status === 'running' && each.title === overlay.title);
				if (job) {
					jobs.cancel(job.id);
				}
			}

			dispatch({type: 'closeOverlay'});
		},
		/** o: the advisor for the selected image. */
		openAdvisor() {
			const row = selectedRow(store.getState());
			if (!row) {
				return;
			}

			const key = remember(row);
			dispatch({type: 'openAdvisor', imageId: key, title: titleOf(row)});
			void refreshAdvisor(key);
		},
		/** D in the advisor or the explorer: scan the image they show. */
		deepScanShown() {
			const {overlay, images} = store.getState();
			if (overlay.kind === 'advisor' || overlay.kind === 'explorer') {
				deepScan(overlay.imageId, overlay.title, images.find(image => image.id === targetOf(overlay.imageId).image)?.size);
			}
		},
		/** K in the advisor or the explorer: cancel the running deep scan. */
		cancelScan() {
			const job = store.getState().jobs.find(each => each.kind === 'scan' && each.status === 'running');
			if (job) {
				jobs.cancel(job.id);
			}
		},
		/** Enter in the explorer: the file under the cursor, as of the step, read from the layer that holds that version. */
		openFile() {
			const {overlay, analysis} = store.getState();
			const scan = overlay.kind === 'explorer' && analysis?.imageId === overlay.imageId ? analysis.scan : undefined;
			if (overlay.kind !== 'explorer' || !scan) {
				return;
			}

			const path = explorerView(scan, overlay.step, overlay.finalView, overlay.filter).paths[overlay.cursor];
			if (path === undefined) {
				return;
			}

			const version = versionAt(scan, overlay.step, overlay.finalView, path);
			if ('note' in version) {
				dispatch({type: 'flash', text: version.note, tone: 'info'});
				return;
			}

			dispatch({type: 'openFile', path});
			const step = overlay.step;
			const controller = new AbortController();
			void (async () => {
				try {
					const {readLayerFile} = await loadFileReader();
					const source = await engine.exportImage(overlay.image ?? targetOf(overlay.imageId).image, controller.signal);
					source.on('error', () => {});
					const file = await readLayerFile(source, scan.layers[version.layer]!.key, path, pagerLimits);
					controller.abort();
					dispatch({type: 'fileLoaded', path, ...fileView(file, step)});
				} catch (error) {
					controller.abort();
					dispatch({type: 'fileFailed', path, error: describeError(error, engine.endpoint)});
				}
			})();
		},
		/** = in the registry browser: the marked (or selected) local image with the marked (or selected) tag. */
		compareWithTag() {
			const state = store.getState();
			const {registry} = state;
			const tag = selectedRegistryRow(registry);
			const mark = state.registryMark ?? (registry?.level === 'tags' && registry.repository && tag !== undefined ? {registry: registry.registry, repository: registry.repository, tag} : undefined);
			const rows = targetRows(store);
			if (!mark || rows.length !== 1) {
				dispatch({type: 'flash', text: rows.length === 1 ? '= compares a local image with a tag: open a repository and pick one (Space marks it).' : '= in the registry browser compares one local image (marked, or the selected one) with a tag.', tone: 'info'});
				return;
			}

			compareRemote(rows[0]!, mark);
		},
		/** = with two images marked (or one image and a tag marked in the registry browser): their comparison, both scanned at once, as a job. */
		openCompare() {
			const rows = targetRows(store);
			const {registryMark, marked} = store.getState();
			if (rows.length === 1 && marked.size === 1 && registryMark) {
				compareRemote(rows[0]!, registryMark);
				return;
			}

			if (rows.length !== 2 || marked.size !== 2) {
				dispatch({type: 'flash', text: '= compares two images: mark them with Space first. Or mark one image, and a tag with Space in the registry browser (R).', tone: 'info'});
				return;
			}

			const names = [rowReference(rows[0]!), rowReference(rows[1]!)] as const;
			const title = `${names[0]} → ${names[1]}`;
			dispatch({type: 'openCompare', title});
			void jobs.start('compare', title, async signal => {
				try {
					const {scanPair, diffReport} = await import('../commands/diff.ts');
					const images = [rows[0]!.id, rows[1]!.id] as const;
					const scans = await scanPair(engine, images, signal);
					const report = diffReport(names, scans);
					dispatch({type: 'compareDone', title, report, images, layerKeys: [scans[0].layers.map(layer => layer.key), scans[1].layers.map(layer => layer.key)]});
					return summaryLine(report.files.summary);
				} catch (error) {
					const cause = error instanceof Error && error.name === 'DiffScanError' ? (error as Error & {cause: unknown}).cause : error;
					dispatch({type: 'compareFailed', title, error: describeError(cause, engine.endpoint)});
					throw error;
				}
			});
		},
		/** Enter in a comparison: the unified diff of the changed text file under the cursor, each side read from its layer. */
		openCompareFile() {
			const {overlay} = store.getState();
			if (overlay.kind !== 'compare' || !overlay.report || !overlay.images || !overlay.layerKeys) {
				return;
			}

			const node = compareLines(overlay.report, overlay.filter).nodes[overlay.cursor];
			const {before, after} = node ?? {};
			if (!node || node.change !== 'changed' || before?.kind !== 'file' || after?.kind !== 'file') {
				dispatch({type: 'flash', text: 'Enter shows the diff of a changed regular file (~ on a file line).', tone: 'info'});
				return;
			}

			const {images, layerKeys, sources} = overlay;
			const path = node.path;
			dispatch({type: 'openCompareFile', path});
			void (async () => {
				try {
					const {readLayerFile, readBlobFile} = await loadFileReader();
					const read = async (side: 0 | 1, layer: number) => {
						const controller = new AbortController();
						const from = sources?.[side];
						if (from?.kind === 'registry' && registryClient) {
							// The tag's layer blob from its registry, read up to the file.
							const blob = await (await registryClient(from.registry)).layerBlob(from.repository, blobDigest(layerKeys[side][layer]!), controller.signal);
							blob.on('error', () => {});
							try {
								return await readBlobFile(blob, path, pagerLimits);
							} finally {
								controller.abort();
							}
						}

						const source = await engine.exportImage(images[side], controller.signal);
						source.on('error', () => {});
						try {
							return await readLayerFile(source, layerKeys[side][layer]!, path, pagerLimits);
						} finally {
							controller.abort();
						}
					};

					const [a, b] = [await read(0, before.layer), await read(1, after.layer)];
					dispatch({type: 'fileLoaded', path, ...diffView(path, a, b)});
				} catch (error) {
					dispatch({type: 'fileFailed', path, error: describeError(error, engine.endpoint)});
				}
			})();
		},
		/** x in the explorer: the form asking where to write the path under the cursor. */
		openExtract() {
			const state = store.getState();
			const dialog = extractForm(state, process.cwd());
			const source = extractSource(state);
			if (!dialog || 'note' in source) {
				dispatch({type: 'flash', text: 'note' in source ? source.note : 'nothing to extract', tone: 'info'});
				return;
			}

			dispatch({type: 'openDialog', dialog});
		},
		/** e on the history pane: the focused step's files; scans first when the image has not been. */
		exploreStep() {
			const state = store.getState();
			const row = selectedRow(state);
			const entries = state.history.entries;
			if (state.focus !== 'history' || !row || !entries?.length || state.history.imageId !== row.historyKey) {
				dispatch({type: 'flash', text: 'e explores a layer: Tab to the history pane and pick a step first.', tone: 'info'});
				return;
			}

			const step = entries.length - state.history.cursor;
			const key = remember(row);
			dispatch({type: 'openExplorer', imageId: key, title: titleOf(row), step, image: targetOf(key).image});
			if (state.analysis?.imageId !== key || state.analysis.status === 'failed' || state.analysis.status === 'cancelled') {
				deepScan(key, titleOf(row), row.platform?.manifest.diskUsage ?? row.size);
			}
		},
	};
}
