// Several engines at once (`--host A --host B`, or several picked with `c`): a
// session per host, all live, one of them on screen. The hosts pane reads the
// summaries; switching only changes which session the UI draws.
import type {Engine} from '../engine/engine.ts';
import type {ResolvedEndpoint} from '../engine/endpoint.ts';
import type {Peer} from './copy.ts';
import {startSession, type Session} from './session.ts';
import type {State} from './state.ts';

export type HostTarget = {label: string; resolved: ResolvedEndpoint};

export type Host = {key: string; label: string; resolved: ResolvedEndpoint; engine: Engine; session: Session};

export type HostSummary = {
	key: string;
	label: string;
	status: State['connection']['status'];
	active: boolean;
	/** Tagged rows as `docker images` counts them, once listed. */
	images?: number;
	/** Everything `docker system df` counts, and what of it could go. */
	diskBytes?: number;
	reclaimableBytes?: number;
	/** The engine leaves a category's size out (Podman's images): the totals would be too low. */
	diskUnreported?: boolean;
	error?: string;
};

export type Hosts = {
	list(): readonly Host[];
	active(): Host;
	/** Same array until something shown in the hosts pane changes. */
	summaries(): readonly HostSummary[];
	subscribe(listener: () => void): () => void;
	activate(key: string): void;
	/** ] and [: the next or previous host, wrapping. */
	step(delta: 1 | -1): void;
	/** Connects to the targets not open yet; the first target becomes the active host. */
	open(targets: readonly HostTarget[]): void;
	/**
	 * Cancels every host's running jobs, waits (at most `boundMs`) for them to clean up, then
	 * closes the engines. Once: a second call gets the same promise.
	 */
	stop(boundMs?: number): Promise<void>;
};

/** How long quitting waits for cancelled jobs to remove their files. */
export const stopBoundMs = 2000;

// Summaries are refreshed on every store change of every host (each keypress): count
// the rows of an image list once, not at every refresh.
const rowCounts = new WeakMap<State['images'], number>();

/** Rows as `docker images` prints them: one a tag, one for an untagged image. */
function rowCount(images: State['images']): number {
	let count = rowCounts.get(images);
	if (count === undefined) {
		count = images.reduce((sum, image) => sum + Math.max(image.repoTags.length, 1), 0);
		rowCounts.set(images, count);
	}

	return count;
}

function summarize(host: Host, active: boolean): HostSummary {
	const state = host.session.store.getState();
	const {usage, connection} = state;
	const categories = usage ? [usage.images, usage.containers, usage.volumes, usage.buildCache] : [];
	return {
		key: host.key,
		label: host.label,
		status: connection.status,
		active,
		images: state.imagesLoaded ? rowCount(state.images) : undefined,
		diskBytes: usage ? categories.reduce((sum, category) => sum + category.size, 0) : undefined,
		reclaimableBytes: usage ? categories.reduce((sum, category) => sum + category.reclaimable, 0) : undefined,
		diskUnreported: categories.some(category => category.unreported !== undefined),
		error: connection.status === 'failed' ? connection.error : undefined,
	};
}

const sameSummary = (a: HostSummary, b: HostSummary) => (Object.keys(a) as Array<keyof HostSummary>).every(key => a[key] === b[key]);

/** What an engine may need from the UI while it connects. */
export type EngineHooks = {askPassphrase(keyPath: string): Promise<string | undefined>};

export function createHosts(makeEngine: (resolved: ResolvedEndpoint, hooks: EngineHooks) => Engine, targets: readonly HostTarget[]): Hosts {
	const hosts: Host[] = [];
	const listeners = new Set<() => void>();
	let activeKey = '';
	let summaries: readonly HostSummary[] = [];
	let stopping: Promise<void> | undefined;

	const refresh = () => {
		const next = hosts.map(host => summarize(host, host.key === activeKey));
		if (next.length === summaries.length && next.every((summary, index) => sameSummary(summary, summaries[index]!))) {
			return;
		}

		summaries = next;
		for (const listener of listeners) {
			listener();
		}
	};

	const peersOf = (key: string) => (): Peer[] => hosts.filter(host => host.key !== key).map(host => ({
		key: host.key,
		label: host.label,
		engine: host.engine,
		connected: host.session.store.getState().connection.status === 'connected',
	}));

	const api: Hosts = {
		list: () => hosts,
		active: () => hosts.find(host => host.key === activeKey) ?? hosts[0]!,
		summaries: () => summaries,
		subscribe(listener) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
		activate(key) {
			if (hosts.some(host => host.key === key) && key !== activeKey) {
				activeKey = key;
				refresh();
			}
		},
		step(delta) {
			const index = hosts.findIndex(host => host.key === activeKey);
			api.activate(hosts[(index + delta + hosts.length) % hosts.length]!.key);
		},
		open(wanted) {
			for (const target of wanted) {
				const key = target.resolved.endpoint.url;
				if (hosts.some(host => host.key === key)) {
					continue;
				}

				// The engine exists before its session (which starts connecting at once); the
				// passphrase form belongs to the session, so the hook reaches it late-bound.
				const late: {session?: Session} = {};
				const engine = makeEngine(target.resolved, {askPassphrase: async keyPath => late.session?.actions.askPassphrase(keyPath)});
				const session = startSession(engine, target.label, peersOf(key));
				late.session = session;
				const host = {key, label: target.label, resolved: target.resolved, engine, session};
				hosts.push(host);
				session.store.subscribe(refresh);
			}

			const first = wanted[0];
			if (first) {
				activeKey = first.resolved.endpoint.url;
			}

			refresh();
		},
		stop(boundMs = stopBoundMs) {
			stopping ??= (async () => {
				let timer: NodeJS.Timeout | undefined;
				const bound = new Promise<void>(resolve => {
					timer = setTimeout(resolve, boundMs);
				});
				await Promise.race([Promise.all(hosts.map(async host => host.session.actions.stop())), bound]);
				clearTimeout(timer);
				for (const host of hosts) {
					host.session.controller.stop();
				}
			})();
			return stopping;
		},
	};
	api.open(targets);
	return api;
}
