// The history of the tag under the registry browser's cursor, for the layer-history
// pane: its manifest (an index's first platform, as the details show) and config blob,
// asked for 40 ms after the cursor stops (as a local image's history), cancelled when
// it moves on, kept per manifest digest.
import type {RegistryClient} from '../engine/registry/client.ts';
import type {ImageManifest} from '../engine/registry/manifest.ts';
import {selectedRegistryRow, type RegistryHistory} from './registry-browser.ts';
import {adviceLines, remoteHistoryEntries} from './registry-lines.ts';
import type {Store} from './store.ts';

const delayMs = 40;
const isAbort = (error: unknown) => error instanceof Error && error.name === 'AbortError';

type Found = Required<Pick<RegistryHistory, 'entries' | 'advice'>>;

export function createRegistryHistory(store: Store, client: (registry: string) => Promise<RegistryClient>, say: (error: unknown) => string) {
	const {dispatch} = store;
	const byDigest = new Map<string, Found>();
	// A tag's digest as last read: coming back to a tag needs no request (Ctrl-R or a new listing asks again).
	const digests = new Map<string, string>();
	let shown: string | undefined;
	let timer: ReturnType<typeof setTimeout> | undefined;
	let inflight: AbortController | undefined;

	async function load(registry: string, repository: string, tag: string, key: string, signal: AbortSignal) {
		try {
			const remote = await client(registry);
			const manifest = await remote.manifest(repository, tag, signal);
			digests.set(key, manifest.digest);
			let found = byDigest.get(manifest.digest);
			if (!found) {
				let image: ImageManifest | undefined = manifest.kind === 'image' ? manifest : undefined;
				if (manifest.kind === 'index' && manifest.manifests[0]) {
					const child = await remote.manifest(repository, manifest.manifests[0].digest, signal);
					image = child.kind === 'image' ? child : undefined;
				}

				if (!image) {
					throw new Error('an index of indexes: no image to read a history from');
				}

				const config = await remote.config(repository, image, signal);
				found = {entries: remoteHistoryEntries(image, config), advice: adviceLines(image, config)};
				byDigest.set(manifest.digest, found);
			}

			if (!signal.aborted) {
				dispatch({type: 'registryHistory', history: {tag, ...found}});
			}
		} catch (error) {
			if (!signal.aborted && !isAbort(error)) {
				dispatch({type: 'registryHistory', history: {tag, error: say(error)}});
			}
		}
	}

	function follow() {
		const {registry, overlay} = store.getState();
		const tag = registry?.level === 'tags' && overlay.kind === 'registry' ? selectedRegistryRow(registry) : undefined;
		const key = tag === undefined ? undefined : `${registry!.registry}/${registry!.repository ?? ''}:${tag}`;
		if (key === shown) {
			return;
		}

		shown = key;
		clearTimeout(timer);
		inflight?.abort();
		inflight = undefined;
		if (key === undefined || tag === undefined || !registry?.repository) {
			return;
		}

		const digest = digests.get(key);
		const cached = digest === undefined ? undefined : byDigest.get(digest);
		if (cached) {
			dispatch({type: 'registryHistory', history: {tag, ...cached}});
			return;
		}

		dispatch({type: 'registryHistory', history: {tag}});
		const signal = (inflight = new AbortController()).signal;
		const {registry: host, repository} = registry;
		timer = setTimeout(() => void load(host, repository, tag, key, signal), delayMs);
	}

	const unsubscribe = store.subscribe((state, previous) => {
		if (state.registry !== previous.registry || state.overlay !== previous.overlay) {
			follow();
		}
	});

	return {
		/** A new listing: the tags may point elsewhere now. */
		forget() {
			digests.clear();
			shown = undefined;
		},
		stop() {
			unsubscribe();
			clearTimeout(timer);
			inflight?.abort();
		},
	};
}
