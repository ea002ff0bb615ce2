// What the registry browser asks of a registry: the repositories, a repository's tags
// (page by page as they come), a tag's details, and the pull, delete and copy jobs.
// Browsing requests are cancelled by Esc (a new request cancels the one before).
import {describeError} from '../engine/describe-error.ts';
import type {Engine} from '../engine/engine.ts';
import type {LocalFiles} from '../engine/local-files.ts';
import {credentialKey, parseNormalizedNamed} from '../engine/reference.ts';
import {RegistryClient} from '../engine/registry/client.ts';
import {CatalogUnavailableError, RegistryError} from '../engine/registry/errors.ts';
import type {ImageManifest} from '../engine/registry/manifest.ts';
import {noInsecure, type InsecurePolicy} from '../engine/registry/insecure.ts';
import {sanitizeLine} from '../format/sanitize.ts';
import type {Dialog} from './dialog.ts';
import {pullImage} from './image-jobs.ts';
import type {JobRunner} from './job-runner.ts';
import {selectedRegistryRow} from './registry-browser.ts';
import {tagDetailLines} from './registry-lines.ts';
import {selectedRow} from './selectors.ts';
import {createRemoteJobs} from './registry-remote-jobs.ts';

export {splitTarget} from './registry-remote-jobs.ts';
import {createNewerCheck} from './newer-in-registry.ts';
import {createRegistryHistory} from './registry-history.ts';
import type {Store} from './store.ts';

export type RegistryEffects = ReturnType<typeof createRegistryEffects>;

const tagSlice = 2000;
const isAbort = (error: unknown) => error instanceof Error && error.name === 'AbortError';

export function createRegistryEffects(engine: Engine, store: Store, jobs: JobRunner, files: LocalFiles) {
	const {dispatch} = store;
	const clients = new Map<string, RegistryClient>();
	let browsing: AbortController | undefined;

	// Where the engine would speak plain HTTP, asked once; an engine that cannot say leaves loopback only.
	let insecure: Promise<InsecurePolicy> | undefined;
	const policy = () => {
		insecure ??= (engine.insecureRegistries?.() ?? Promise.resolve(noInsecure)).catch(() => noInsecure);
		return insecure;
	};

	const client = async (registry: string) => {
		let found = clients.get(registry);
		if (!found) {
			found = new RegistryClient({registry, credentials: () => files.resolveAuth(credentialKey(registry)), timeoutMs: 20_000, insecure: await policy()});
			if (clients.has(registry)) {
				found.close();
				return clients.get(registry)!;
			}

			clients.set(registry, found);
		}

		return found;
	};

	const newer = createNewerCheck(store, client);

	const fresh = () => {
		browsing?.abort();
		browsing = new AbortController();
		return browsing.signal;
	};

	// A tag's details have their own request: opening them leaves a listing in flight alone.
	let inspecting: AbortController | undefined;
	const freshDetails = () => {
		inspecting?.abort();
		inspecting = new AbortController();
		return inspecting.signal;
	};

	const say = (error: unknown) => (error instanceof Error && !(error instanceof RegistryError) && error.name !== 'RegistryTimeoutError' && error.name !== 'MalformedError' ? describeError(error, engine.endpoint) : sanitizeLine((error as Error).message));

	const history = createRegistryHistory(store, client, error => say(error));

	async function listTags(registry: string, repository: string) {
		const signal = fresh();
		history.forget();
		dispatch({type: 'registryTags', repository, items: [], append: false});
		dispatch({type: 'registryLoading', text: `listing the tags of ${repository}…`});
		try {
			// A part of the answer is put in the list at most tagSlice tags at a time, a turn of the
			// event loop between: a key typed while 6,000 tags of one chunk are merged waits for one slice.
			let first = true;
			const waiting: string[] = [];
			// A drain runs while tags wait; it waits between slices only with tags still waiting.
			const drain = async () => {
				while (waiting.length > 0 && !signal.aborted) {
					dispatch({type: 'registryTags', repository, items: waiting.splice(0, tagSlice), append: !first});
					first = false;
					if (waiting.length > 0) {
						await new Promise(resolve => setImmediate(resolve));
					}
				}
			};

			let drained = Promise.resolve();
			await (await client(registry)).allTags(repository, {signal, onPage(tags) {
				const idle = waiting.length === 0;
				waiting.push(...tags);
				if (idle) {
					drained = drain();
				}
			}});
			await drained;
			if (signal.aborted) {
				return;
			}

			dispatch({type: 'registryLoading'});
		} catch (error) {
			if (!isAbort(error)) {
				dispatch({type: 'registryFailed', error: say(error)});
			}
		}
	}

	const askRepository = (registry: string, why: string): Dialog => ({kind: 'form', purpose: 'registryRepository', title: `Browse a repository on ${registry}`, fields: [{name: 'repository', label: 'Repository', value: ''}], focus: 0, note: why});

	async function openRegistry(registry: string) {
		const signal = fresh();
		dispatch({type: 'registryOpen', registry});
		try {
			let next: string | undefined;
			let first = true;
			do {
				const page = await (await client(registry)).catalogPage({next, signal});
				dispatch({type: 'registryRepositories', items: page.items, append: !first});
				first = false;
				next = page.next;
			} while (next);
			dispatch({type: 'registryLoading'});
		} catch (error) {
			if (isAbort(error)) {
				return;
			}

			if (error instanceof CatalogUnavailableError) {
				dispatch({type: 'registryLoading'});
				dispatch({type: 'openDialog', dialog: askRepository(registry, sanitizeLine(error.message))});
				return;
			}

			dispatch({type: 'registryFailed', error: say(error)});
		}
	}

	const remoteJobs = createRemoteJobs({store, jobs, client, fresh, say});

	return {
		/** R: a form for the registry, the selected image's (or the last one browsed) filled in. */
		/** The client of a registry (one per registry, shared with = comparisons). */
		client,
		openRegistryForm() {
			const state = store.getState();
			const row = selectedRow(state);
			let guess = state.recentRegistries?.[0] ?? '';
			if (row && !row.untagged) {
				try {
					guess = parseNormalizedNamed(row.repository).domain;
				} catch {
					// A name docker would not parse: the last registry stays.
				}
			}

			const recent = state.recentRegistries ?? [];
			dispatch({type: 'openDialog', dialog: {kind: 'form', purpose: 'registry', title: 'Browse a registry', fields: [{name: 'registry', label: 'Registry', value: guess}], focus: 0,
				note: `host[:port], e.g. 127.0.0.1:5000, ghcr.io, docker.io.${recent.length > 0 ? ` Recent: ${recent.map(name => sanitizeLine(name)).join(', ')}` : ''}`}});
		},
		openRegistry,
		listTags,
		/** Enter: into a repository, or a tag's details. */
		enter() {
			const {registry} = store.getState();
			const row = selectedRegistryRow(registry);
			if (!registry || row === undefined) {
				return;
			}

			if (registry.level === 'repositories') {
				void listTags(registry.registry, row);
			} else {
				void this.details();
			}
		},
		/** Esc: a request in flight is cancelled; else the filter cleared; else one level up, or the browser closes. */
		back() {
			const {registry} = store.getState();
			if (registry?.loading) {
				browsing?.abort();
				dispatch({type: 'registryFailed', error: 'cancelled'});
				return;
			}

			if (registry?.filter) {
				dispatch({type: 'registryFilterEnd', keep: false});
				return;
			}

			dispatch({type: 'registryBack'});
		},
		async details() {
			const {registry} = store.getState();
			const tag = selectedRegistryRow(registry);
			if (!registry?.repository || tag === undefined) {
				return;
			}

			const {repository} = registry;
			const signal = freshDetails();
			dispatch({type: 'openInspect', title: `${registry.registry}/${repository}:${sanitizeLine(tag)}`, wrap: false, backToRegistry: true});
			try {
				const remote = await client(registry.registry);
				const manifest = await remote.manifest(repository, tag, signal);
				let children: Array<{manifest?: ImageManifest; error?: string}> = [];
				let image: ImageManifest | undefined = manifest.kind === 'image' ? manifest : undefined;
				if (manifest.kind === 'index') {
					children = await Promise.all(manifest.manifests.map(async child => {
						try {
							const found = await remote.manifest(repository, child.digest, signal);
							return found.kind === 'image' ? {manifest: found} : {error: 'an index'};
						} catch (error) {
							return {error: say(error)};
						}
					}));
					image = children.find(child => child.manifest)?.manifest;
				}

				const config = image ? await remote.config(repository, image, signal) : undefined;
				dispatch({type: 'inspectLoaded', lines: tagDetailLines({registry: registry.registry, repository, tag, manifest, config, children})});
			} catch (error) {
				if (!isAbort(error)) {
					dispatch({type: 'inspectFailed', error: say(error)});
				}
			}
		},
		pull() {
			const {registry} = store.getState();
			const tag = selectedRegistryRow(registry);
			if (!registry?.repository || tag === undefined) {
				return;
			}

			try {
				pullImage({engine, jobs, files}, `${registry.registry}/${registry.repository}:${tag}`);
				dispatch({type: 'flash', text: `Pulling ${registry.registry}/${registry.repository}:${sanitizeLine(tag)} (jobs pane)`, tone: 'info'});
			} catch (error) {
				dispatch({type: 'flash', text: `cannot pull: ${say(error)}`, tone: 'error'});
			}
		},
		/** P: the pull form with the tag filled in, the cursor on its platform (one platform of an index). */
		pullPlatform() {
			const {registry} = store.getState();
			const tag = selectedRegistryRow(registry);
			if (!registry?.repository || tag === undefined) {
				return;
			}

			dispatch({type: 'openDialog', dialog: {kind: 'form', purpose: 'pull', title: 'Pull an image', focus: 1, fields: [
				{name: 'reference', label: 'Image', value: `${registry.registry}/${registry.repository}:${tag}`},
				{name: 'platform', label: 'Platform', value: ''},
			], note: "Platform: os/arch[/variant] (linux/arm64), as the tag's details list them; empty, the engine's own."}});
		},
		...remoteJobs,
		/** Ctrl-R: the stale marks asked again. */
		recheck: () => newer.recheck(),
		/** U: pull every tag the registry has a newer digest for. */
		pullNewer() {
			const references = [...store.getState().newerInRegistry ?? []];
			if (references.length === 0) {
				dispatch({type: 'flash', text: 'No tag is marked ↑ newer in registry.', tone: 'info'});
				return;
			}

			for (const reference of references) {
				pullImage({engine, jobs, files}, reference);
			}
		},
		/** o on a tag: the advisor's findings from its history, as o gives them for a local image. */
		advice() {
			const {registry} = store.getState();
			const tag = selectedRegistryRow(registry);
			const advice = registry?.history?.tag === tag ? registry?.history?.advice : undefined;
			if (!registry?.repository || tag === undefined) {
				return;
			}

			if (!advice) {
				dispatch({type: 'flash', text: registry.history?.error ? `no history: ${registry.history.error}` : 'The history is still loading.', tone: registry.history?.error ? 'error' : 'info'});
				return;
			}

			dispatch({type: 'openInspect', title: `Advisor ${registry.registry}/${registry.repository}:${sanitizeLine(tag)}`, wrap: true, backToRegistry: true});
			dispatch({type: 'inspectLoaded', lines: [...advice]});
		},
		close() {
			history.stop();
			newer.stop();
			browsing?.abort();
			inspecting?.abort();
			for (const each of clients.values()) {
				each.close();
			}

			clients.clear();
		},
	};
}
