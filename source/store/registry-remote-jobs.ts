// The registry browser's jobs on the registry itself: deleting a tag (by its digest,
// naming every tag that goes with it) and copying a tag blob by blob.
import type {RegistryClient} from '../engine/registry/client.ts';
import {copyImage} from '../engine/registry/copy.ts';
import {isRepositoryName} from '../engine/registry/names.ts';
import {formatImageSize} from '../format/size.ts';
import {sanitizeLine} from '../format/sanitize.ts';
import type {JobRunner} from './job-runner.ts';
import {selectedRegistryRow} from './registry-browser.ts';
import type {Store} from './store.ts';

/** "127.0.0.1:5000/team/app:v1" → its parts; the registry is required (no Docker Hub default for a copy target). */
export function splitTarget(text: string): {registry: string; repository: string; tag: string} | undefined {
	const match = /^([^/]+)\/(.+?)(?::([\w][\w.-]{0,127}))?$/.exec(text.trim());
	if (!match || !/[.:]|^localhost$/.test(match[1]!) || !isRepositoryName(match[2]!)) {
		return undefined;
	}

	return {registry: match[1]!, repository: match[2]!, tag: match[3] ?? 'latest'};
}

type Deps = {
	store: Store;
	jobs: JobRunner;
	client(registry: string): Promise<RegistryClient>;
	/** The browsing request's signal (a new one cancels the one before; Esc cancels it). */
	fresh(): AbortSignal;
	say(error: unknown): string;
};

const isAbort = (error: unknown) => error instanceof Error && error.name === 'AbortError';

export function createRemoteJobs({store, jobs, client, fresh, say}: Deps) {
	const {dispatch} = store;
	return {
		/** d: the digest the tag is on, and every tag on it too, since the registry deletes the manifest. */
		async openDelete() {
			const {registry} = store.getState();
			const tag = selectedRegistryRow(registry);
			if (!registry?.repository || tag === undefined) {
				return;
			}

			if (registry.loading) {
				dispatch({type: 'flash', text: 'The tags are still being listed: a delete waits for all of them, to name those on the same digest (Esc cancels the listing).', tone: 'info'});
				return;
			}

			const {repository, tags} = registry;
			const signal = fresh();
			dispatch({type: 'registryLoading', text: `finding the tags on the digest of ${sanitizeLine(tag)}…`});
			try {
				const remote = await client(registry.registry);
				const {digest} = await remote.headManifest(repository, tag, signal);
				const others: string[] = [];
				let next = 0;
				const candidates = tags.filter(other => other !== tag);
				await Promise.all(Array.from({length: 6}, async () => {
					while (next < candidates.length) {
						const other = candidates[next++]!;
						const head = await remote.headManifest(repository, other, signal).catch(() => undefined);
						if (head?.digest === digest) {
							others.push(other);
						}
					}
				}));
				dispatch({type: 'registryLoading'});
				others.sort();
				dispatch({type: 'openDialog', dialog: {
					kind: 'confirm',
					title: `Delete ${sanitizeLine(repository)}:${sanitizeLine(tag)} from ${registry.registry}?`,
					lines: [`Digest ${digest}`, others.length === 0 ? 'No other tag is on this digest.' : `These tags are on the same digest and go with it: ${others.map(other => sanitizeLine(other)).join(', ')}`, 'The registry deletes the manifest by digest; blobs stay until its garbage collection.'],
					typed: '',
					payload: {kind: 'registryDelete', registry: registry.registry, repository, digest, tags: [tag, ...others]},
				}});
			} catch (error) {
				if (!isAbort(error)) {
					dispatch({type: 'registryFailed', error: say(error)});
				}
			}
		},
		confirmDelete(payload: {registry: string; repository: string; digest: string; tags: string[]}) {
			dispatch({type: 'closeDialog'});
			void jobs.start('delete', `${payload.registry}/${payload.repository}@${payload.digest.slice(0, 19)}`, async signal => {
				await (await client(payload.registry)).deleteManifest(payload.repository, payload.digest, signal);
				dispatch({type: 'registryRemoveTags', tags: payload.tags});
				return `deleted ${payload.digest} (${payload.tags.map(tag => sanitizeLine(tag)).join(', ')}) from ${payload.registry}/${payload.repository}`;
			});
		},
		/** C: where to. */
		openCopy() {
			const {registry} = store.getState();
			const tag = selectedRegistryRow(registry);
			if (!registry?.repository || tag === undefined) {
				return;
			}

			dispatch({type: 'openDialog', dialog: {kind: 'form', purpose: 'registryCopy', title: `Copy ${registry.registry}/${registry.repository}:${sanitizeLine(tag)}`, fields: [
				{name: 'target', label: 'To (registry/repository:tag)', value: `${registry.registry}/${registry.repository}:${tag}`},
			], focus: 0, note: 'Blob by blob, without a pull; on the same registry blobs are mounted, not copied.'}});
		},
		startCopy(text: string): string | undefined {
			const {registry} = store.getState();
			const tag = selectedRegistryRow(registry);
			const target = splitTarget(text);
			if (!registry?.repository || tag === undefined) {
				return 'no tag selected';
			}

			if (!target) {
				return 'write it as registry/repository[:tag], e.g. 127.0.0.1:5000/team/app:v2';
			}

			const {repository} = registry;
			if (registry.registry === target.registry && repository === target.repository && tag === target.tag) {
				return 'that is where it is already';
			}

			dispatch({type: 'closeDialog'});
			void jobs.start('copy', `${registry.registry}/${registry.repository}:${sanitizeLine(tag)} → ${target.registry}/${target.repository}:${target.tag}`, async (signal, report) => {
				const from = {client: await client(registry.registry), repository, reference: tag};
				const to = {client: await client(target.registry), repository: target.repository, reference: target.tag};
				const result = await copyImage(from, to, {signal, onBytes: (done, total) => report.bytes(done, total)});
				if (target.registry === registry.registry && target.repository === store.getState().registry?.repository) {
					dispatch({type: 'registryTags', repository: target.repository, items: [target.tag].filter(name => !store.getState().registry?.tags.includes(name)), append: true});
				}

				return `copied ${result.digest.slice(0, 19)}: ${result.uploaded} blobs sent (${formatImageSize(result.bytes)}), ${result.mounted} mounted, ${result.existed} already there`;
			});
			return undefined;
		},
	};
}
