// A stand-in for our own Engine and LocalFiles seams that records what the UI asks of them,
// for unit tests of every command and dialog: what it asks, what it sends, what it shows.
// The real-engine tests (test/engine, test/e2e) cover what Docker itself does with the calls.
import type {Engine} from '../../source/engine/engine.ts';
import {parseHost} from '../../source/engine/endpoint.ts';
import type {FileFacts, LocalFiles} from '../../source/engine/local-files.ts';
import type {ContainerSummary, ImageOperations} from '../../source/engine/operations.ts';
import type {DiskUsage, ImageSummary} from '../../source/engine/types.ts';

export type Call = {name: string; args: unknown[]};

const category = {total: 0, active: 0, size: 0, reclaimable: 0, showPercent: false};
const usage: DiskUsage = {images: category, containers: category, volumes: category, buildCache: category, perImage: new Map()};

/** An image as the engine's list would give it, from a few facts. */
export function image(id: string, tags: string[], options: Partial<ImageSummary> = {}): ImageSummary {
	return {id: `sha256:${id.padEnd(64, '0')}`, repoTags: tags, repoDigests: [], created: Date.now() / 1000 - 3600, size: 1_000_000, sharedSize: -1, containers: 0, parentId: '', ...options};
}

type Behaviour = Partial<{[Name in keyof ImageOperations]: (...args: Parameters<ImageOperations[Name]>) => ReturnType<ImageOperations[Name]>}>;

export type RecordingEngine = Engine & {calls: Call[]; callsTo(name: string): unknown[][]};

/** Browsing answers from `images`; every operation is recorded, then answered by `behave` or a plain success. */
export function recordingEngine(images: ImageSummary[], behave: Behaviour = {}, containers: ContainerSummary[] = []): RecordingEngine {
	const calls: Call[] = [];
	const defaults: Record<string, (...args: never[]) => unknown> = {
		pull: async () => undefined,
		push: async () => undefined,
		login: async () => ({status: 'Login Succeeded'}),
		tag: async () => undefined,
		removeImage: async () => ({untagged: [], deleted: []}),
		listContainers: async () => containers,
		pruneImages: async () => ({deleted: [], spaceReclaimed: 0}),
		pruneContainers: async () => ({deleted: [], spaceReclaimed: 0}),
		pruneNetworks: async () => [],
		pruneVolumes: async () => ({deleted: [], spaceReclaimed: 0}),
		pruneBuildCache: async () => ({deleted: [], spaceReclaimed: 0}),
		build: async () => ({imageId: 'sha256:'.padEnd(71, 'b'), builder: 'buildkit'}),
		save: async () => undefined,
		load: async () => ['loaded:1'],
	};
	const recorded = Object.fromEntries(Object.entries({...defaults, ...behave}).map(([name, answer]) => [name, (...args: never[]) => {
		calls.push({name, args});
		return (answer as (...args: never[]) => unknown)(...args);
	}]));
	return {
		...recorded,
		endpoint: parseHost('unix:///fake/docker.sock'),
		connect: async () => ({version: '99.0', apiVersion: '1.41', pinnedApiVersion: '1.41', os: 'linux', arch: 'amd64'}),
		// The one filter the UI sends: dangling=true, images without a tag.
		listImages: async (options?: {filters?: Record<string, string[]>}) => (options?.filters?.dangling?.[0] === 'true' ? images.filter(summary => summary.repoTags.length === 0) : images),
		diskUsage: async () => usage,
		inspect: async (id: string) => ({Id: id}),
		history: async () => [],
		watchEvents(handlers: Parameters<Engine['watchEvents']>[0]) {
			setImmediate(() => handlers.onConnected());
			return () => {};
		},
		close() {},
		calls,
		callsTo: (name: string) => calls.filter(call => call.name === name).map(call => call.args),
	} as unknown as RecordingEngine;
}

export type RecordingFiles = LocalFiles & {stored: unknown[][]; acceptedKeys: unknown[]};

/** Local files from a map of path → facts, under the current directory `/work`; credentials recorded, not written. */
export function recordingFiles(entries: Record<string, FileFacts>, env: NodeJS.ProcessEnv = {}, auth?: Awaited<ReturnType<LocalFiles['resolveAuth']>>): RecordingFiles {
	const stored: unknown[][] = [];
	const acceptedKeys: unknown[] = [];
	const resolve = (...parts: string[]) => parts.reduce((base, part) => (part.startsWith('/') ? part : `${base}/${part}`), '/work').replace(/\/[^/]+\/\.\.$/, '').replace(/\/+$/, '') || '/';
	return {
		stat: async file => entries[file],
		resolve,
		resolveAuth: async () => auth,
		storeCredentials: async (...args) => {
			stored.push(args);
		},
		acceptHostKey: async details => {
			acceptedKeys.push(details);
		},
		env,
		stored,
		acceptedKeys,
	} as RecordingFiles;
}
