// A stand-in for our own Engine interface, for UI logic that needs no real
// Docker: it answers the browsing calls from fixed data; history can be held back.
import type {Engine} from '../../source/engine/engine.ts';
import {parseHost} from '../../source/engine/endpoint.ts';
import type {DiskUsage, HistoryEntry, ImageSummary} from '../../source/engine/types.ts';

const category = {total: 0, active: 0, size: 0, reclaimable: 0, showPercent: false};
const usage: DiskUsage = {images: category, containers: category, volumes: category, buildCache: category, perImage: new Map()};

export type FakeEngine = Engine & {
	/** Answers the history requests held so far, and those to come at once. */
	releaseHistory(): void;
};

const optional = new Set(['then', 'onConnectionState', 'takeEarlyImages']);

export function fakeEngine(images: ImageSummary[], histories: Record<string, HistoryEntry[]>, options: {holdHistory?: boolean} = {}): FakeEngine {
	const held: Array<() => void> = [];
	let hold = options.holdHistory ?? false;
	const engine = {
		endpoint: parseHost('unix:///fake/docker.sock'),
		connect: async () => ({product: 'docker' as const, version: '99.0', apiVersion: '1.41', pinnedApiVersion: '1.41', os: 'linux', arch: 'amd64'}),
		listImages: async () => images,
		diskUsage: async () => usage,
		inspect: async (id: string) => ({Id: id}),
		history: async (id: string) => new Promise<HistoryEntry[]>(resolve => {
			const answer = () => resolve(histories[id] ?? []);
			if (hold) {
				held.push(answer);
			} else {
				answer();
			}
		}),
		watchEvents(handlers: Parameters<Engine['watchEvents']>[0]) {
			setImmediate(() => handlers.onConnected());
			return () => {};
		},
		close() {},
		releaseHistory() {
			hold = false;
			for (const answer of held.splice(0)) {
				answer();
			}
		},
	};
	// Only what browsing calls is implemented: any other call is a test's mistake, and throws.
	return new Proxy(engine, {
		get(target, key) {
			if (key in target) {
				return target[key as keyof typeof target];
			}

			// Optional members the callers probe for: absent, as on an engine without them.
			return typeof key === 'string' && !optional.has(key) ? () => {
				throw new Error(`fake engine: ${key} is not implemented`);
			} : undefined;
		},
	}) as unknown as FakeEngine;
}
