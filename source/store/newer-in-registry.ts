// The stale-tag mark: a local repo:tag whose registry now has another digest than
// the one it was pulled or pushed as (RepoDigests). Checked in the background with
// HEAD requests, three at a time, each answer kept until the local digests change
// or Ctrl-R asks again; an image with no digest for its repository (built here,
// loaded, imported) has no registry to ask and is never checked.
import {parseNormalizedNamed} from '../engine/reference.ts';
import type {RegistryClient} from '../engine/registry/client.ts';
import type {ImageSummary} from '../engine/types.ts';
import type {Store} from './store.ts';

const concurrency = 3;

export type Check = {reference: string; registry: string; repository: string; tag: string; local: string[]};

/** What can be checked: each tag whose repository has a digest recorded locally. */
export function checksFor(images: readonly ImageSummary[]): Check[] {
	const checks: Check[] = [];
	for (const image of images) {
		for (const reference of image.repoTags) {
			const colon = reference.lastIndexOf(':');
			if (colon <= 0 || reference.slice(colon).includes('/')) {
				continue;
			}

			const repository = reference.slice(0, colon);
			const local = image.repoDigests.filter(digest => digest.startsWith(`${repository}@`)).map(digest => digest.slice(repository.length + 1)).sort();
			if (local.length === 0) {
				continue;
			}

			try {
				const parsed = parseNormalizedNamed(repository);
				checks.push({reference, registry: parsed.domain, repository: parsed.path, tag: reference.slice(colon + 1), local});
			} catch {
				// Not a name a registry would take.
			}
		}
	}

	return checks;
}

export function createNewerCheck(store: Store, client: (registry: string) => Promise<RegistryClient>) {
	// reference → the local digests it was checked with, and the answer (undefined: could not tell).
	const answers = new Map<string, {local: string; newer?: boolean}>();
	const queue: Check[] = [];
	const queued = new Set<string>();
	let running = 0;
	let controller = new AbortController();

	const publish = () => {
		const newer = new Set([...answers].filter(([, answer]) => answer.newer).map(([reference]) => reference));
		const current = store.getState().newerInRegistry;
		if (current?.size !== newer.size || [...newer].some(reference => !current.has(reference))) {
			store.dispatch({type: 'newerInRegistry', references: newer});
		}
	};

	const pump = () => {
		while (running < concurrency && queue.length > 0) {
			const check = queue.shift()!;
			running++;
			const {signal} = controller;
			void (async () => {
				let newer: boolean | undefined;
				try {
					const head = await (await client(check.registry)).headManifest(check.repository, check.tag, signal);
					newer = !check.local.includes(head.digest);
				} catch {
					// Offline, no credentials, tag gone: no mark, and not asked again until Ctrl-R.
				}

				running--;
				queued.delete(check.reference);
				if (!signal.aborted) {
					answers.set(check.reference, {local: check.local.join(' '), newer});
					publish();
				}

				pump();
			})();
		}
	};

	const scan = (images: readonly ImageSummary[]) => {
		const present = new Set<string>();
		for (const check of checksFor(images)) {
			present.add(check.reference);
			const known = answers.get(check.reference);
			if ((known && known.local === check.local.join(' ')) || queued.has(check.reference)) {
				continue;
			}

			queued.add(check.reference);
			queue.push(check);
		}

		for (const reference of answers.keys()) {
			if (!present.has(reference)) {
				answers.delete(reference);
			}
		}

		publish();
		pump();
	};

	const unsubscribe = store.subscribe((state, previous) => {
		if (state.images !== previous.images) {
			scan(state.images);
		}
	});
	scan(store.getState().images);

	return {
		/** Ctrl-R: every tag asked again. */
		recheck() {
			controller.abort();
			controller = new AbortController();
			answers.clear();
			queue.length = 0;
			queued.clear();
			scan(store.getState().images);
		},
		stop() {
			controller.abort();
			unsubscribe();
		},
	};
}
