// The store's effects: connecting (and retrying), loading, following events,
// and fetching the history of whatever is selected. The only place that calls the engine.
import type {Engine} from '../engine/engine.ts';
import {describeError, isConnectionError} from '../engine/describe-error.ts';
import {sanitizeLine} from '../format/sanitize.ts';
import {UnknownHostKeyError} from '../engine/ssh/ssh-errors.ts';
import {knownHostName} from '../engine/ssh/known-hosts.ts';
import type {HistoryEntry, ImageSummary} from '../engine/types.ts';
import type {Platform} from '../engine/platform.ts';
import {selectedRow} from './selectors.ts';
import type {Store} from './store.ts';
import {createInspectEffects} from './inspect-effects.ts';
import {createRetryingThrottle} from './refresh-throttle.ts';
import {createLiveness} from './liveness.ts';

const retryDelaysMs = [1000, 2000, 3000, 5000];
/**
 * Events arrive in bursts (a build tags, untags, deletes; a script retags hundreds): refresh
 * at once, then at most every 250 ms while they keep coming, and once after the last.
 */
const refreshIntervalMs = 250;
/** A refresh the engine refused (500 "a disk usage operation is already running"): try again, slower each time. */
const transientRetryMs = [500, 1000, 2000, 4000, 8000];
/** How long /_ping may take before the engine counts as gone. */
const pingTimeoutMs = 1500;
/** How long the usual list waits for the early one (a few seconds at 50,000 images on a busy machine). */
const earlyListWaitMs = 10_000;
/** Holding ↓ should not fetch every history it passes. */
const historyDelayMs = 40;
/** How long the first snapshot waits for the event subscription. */
const subscribeWaitMs = 2000;

export type Controller = {
	/** Connects in the background; resolves when the first requests are in flight or the attempt failed. */
	start(): Promise<void>;
	reload(): void;
	inspectSelected(): void;
	/** The focused history step in full: its whole command, comment and size. */
	inspectStep(): void;
	/** The focused job's whole log. */
	inspectJob(): void;
	stop(): void;
};

export function createController(engine: Engine, store: Store): Controller {
	let stopped = false;
	let attempt = 0;
	let retryTimer: NodeJS.Timeout | undefined;
	let historyTimer: NodeJS.Timeout | undefined;
	let stopEvents: (() => void) | undefined;
	let unsubscribe: (() => void) | undefined;
	let stopLink: (() => void) | undefined;
	const historyCache = new Map<string, HistoryEntry[]>();
	let loadGeneration = 0;
	let usageGeneration = 0;
	let eventsLive = false;
	let eventsError: string | undefined;

	const dispatch = store.dispatch;
	const fail = (error: unknown) => describeError(error, engine.endpoint);

	/** False when it failed: the caller retries. */
	async function loadImages(): Promise<boolean> {
		const generation = ++loadGeneration;
		try {
			const images = await engine.listImages();
			if (!stopped && generation === loadGeneration) {
				dispatch({type: 'imagesLoaded', images});
			}

			return true;
		} catch (error) {
			if (!stopped && generation === loadGeneration) {
				dispatch({type: 'imagesFailed', error: fail(error), at: Date.now()});
				failed(error);
			}

			return false;
		}
	}

	/** False when it failed; the last numbers stay shown (marked stale) meanwhile. */
	async function loadUsage(): Promise<boolean> {
		// An older answer arriving after a newer one must not put old numbers back.
		const generation = ++usageGeneration;
		try {
			const usage = await engine.diskUsage();
			if (!stopped && generation === usageGeneration) {
				dispatch({type: 'usageLoaded', usage});
			}

			return true;
		} catch (error) {
			if (!stopped && generation === usageGeneration) {
				dispatch({type: 'usageFailed', error: fail(error)});
				failed(error);
			}

			return false;
		}
	}

	/** A request that lost its connection may mean the engine is gone; anything else is retried. */
	function failed(error: unknown) {
		if (isConnectionError(error)) {
			liveness.suspect();
		}
	}

	/** `key`: the row's historyKey (the image, or one platform of it). */
	async function loadHistory(key: string, imageId: string, platform?: Platform) {
		const cached = historyCache.get(key);
		dispatch({type: 'historyLoading', imageId: key});
		if (cached) {
			dispatch({type: 'historyLoaded', imageId: key, entries: cached});
			return;
		}

		try {
			const entries = await engine.history(imageId, platform);
			historyCache.set(key, entries);
			if (!stopped) {
				dispatch({type: 'historyLoaded', imageId: key, entries});
			}
		} catch (error) {
			if (!stopped) {
				dispatch({type: 'historyFailed', imageId: key, error: fail(error)});
			}
		}
	}

	function followSelection() {
		const row = selectedRow(store.getState());
		const id = row?.historyKey;
		if (row === undefined || id === undefined) {
			// The filter matches nothing: a history still on its way must not come back.
			clearTimeout(historyTimer);
			return;
		}

		if (id === store.getState().history.imageId) {
			return;
		}

		clearTimeout(historyTimer);
		const platform = row.platform?.manifest.platform;
		if (historyCache.has(id)) {
			void loadHistory(id, row.id, platform);
		} else {
			historyTimer = setTimeout(() => void loadHistory(id, row.id, platform), historyDelayMs);
		}
	}

	/** The list and the selected history (a tag or untag changes the Tags shown in its steps). */
	async function refreshList() {
		historyCache.clear();
		const ok = await loadImages();
		const row = selectedRow(store.getState());
		if (ok && row !== undefined && !stopped) {
			void loadHistory(row.historyKey, row.id, row.platform?.manifest.platform);
		}

		return ok;
	}

	// Failures are retried until they work, without waiting for an event to ask again.
	const retrying = () => !stopped && store.getState().connection.status === 'connected';
	const listRefresher = createRetryingThrottle(refreshList, refreshIntervalMs, transientRetryMs, retrying);
	// Apart from the list: disk usage takes seconds on big engines, or on the containerd store under load, and must not hold it up.
	const usageRefresher = createRetryingThrottle(loadUsage, refreshIntervalMs, transientRetryMs, retrying);
	const scheduleRefresh = () => {
		listRefresher.request();
		usageRefresher.request();
	};

	const cancelRefreshes = () => {
		listRefresher.cancel();
		usageRefresher.cancel();
	};

	const liveness = createLiveness({
		async ping() {
			if (!engine.ping) {
				return undefined;
			}

			try {
				await engine.ping(pingTimeoutMs);
				return undefined;
			} catch (error) {
				return fail(error);
			}
		},
		isConnected: () => !stopped && store.getState().connection.status === 'connected',
		lost(reason, retryAt) {
			// The stream is reopened (from scratch) once the engine answers again.
			stopEvents?.();
			stopEvents = undefined;
			cancelRefreshes();
			dispatch({type: 'engineLost', error: reason, retryAt, at: Date.now()});
		},
		back() {
			void connect(() => {});
		},
	});

	/**
	 * The list asked for before the UI loaded, drawn at once; the refresh that follows lists again
	 * after the event stream opened, so nothing that changed in between is missed. Skipped when a
	 * load started meanwhile (it is newer), and when it failed.
	 */
	async function showEarlyImages(early: Promise<ImageSummary[] | undefined>) {
		const generation = loadGeneration;
		const images = await early;
		if (images && !stopped && generation === loadGeneration) {
			dispatch({type: 'imagesLoaded', images});
		}
	}

	/** Subscribe first, then take the snapshot: an event can't fall between the two. Resolves once subscribed (or given up on). */
	function watch(): Promise<void> {
		let first = true;
		return new Promise(resolve => {
			const settle = setTimeout(resolve, subscribeWaitMs);
			stopEvents = engine.watchEvents({
				onEvent: () => scheduleRefresh(),
				onConnected() {
					eventsLive = true;
					eventsError = undefined;
					dispatch({type: 'events', live: true});
					if (first) {
						first = false;
						clearTimeout(settle);
						resolve();
					} else {
						// Whatever happened while the stream was down is picked up now.
						scheduleRefresh();
					}
				},
				onDisconnected(reason) {
					eventsLive = false;
					eventsError = reason;
					dispatch({type: 'events', live: false, error: reason});
					// The stream ending is the first sign of an engine that died: check it now.
					liveness.suspect();
					if (first) {
						// The snapshot goes ahead; the retry will refresh when the stream is back.
						first = false;
						clearTimeout(settle);
						resolve();
					}
				},
			});
		});
	}

	/** Resolves once the first requests are on their way (or failed), so the caller can load the UI meanwhile. */
	async function connect(ready: () => void) {
		attempt++;
		dispatch({type: 'connecting', attempt});
		try {
			const info = await engine.connect();
			if (stopped) {
				return;
			}

			attempt = 0;
			// Handled at once: it may fail while the event stream opens. The refresh right after
			// lists again and shows that error.
			const early = engine.takeEarlyImages?.()?.catch(() => undefined);
			// A reconnect (after the engine came back) starts a stream of its own.
			stopEvents?.();
			await watch();
			dispatch({type: 'connected', info});
			// The stream came up before `connected` existed to record it.
			dispatch({type: 'events', live: eventsLive, error: eventsError});
			if (early) {
				// An engine that never finishes it must not hold back the usual list for good.
				let timer: NodeJS.Timeout | undefined;
				await Promise.race([showEarlyImages(early), new Promise(resolve => {
					timer = setTimeout(resolve, earlyListWaitMs);
				})]);
				clearTimeout(timer);
				if (stopped) {
					return;
				}
			}

			// Everything again, after a loss too: what changed while the engine was away shows.
			scheduleRefresh();
			ready();
		} catch (error) {
			ready();
			if (stopped) {
				return;
			}

			if (error instanceof UnknownHostKeyError) {
				// Asked once, not retried: only the user can vouch for the key (Ctrl-R asks again).
				dispatch({type: 'connectFailed', attempt, error: fail(error), retryAt: 0});
				// The host name may come from ~/.ssh/config, the key type from the server: shown inert.
				const host = sanitizeLine(knownHostName(error.details.host, error.details.port));
				dispatch({type: 'openDialog', dialog: {
					kind: 'confirm',
					title: `Unknown SSH host ${host}`,
					lines: [
						`The authenticity of host ${host} can't be established.`,
						sanitizeLine(`Its ${error.keyType} key fingerprint is ${error.fingerprint}.`),
						sanitizeLine(`Connect, and add the key to ${error.details.knownHostsFile}? (y/n)`),
					],
					typed: '',
					payload: {kind: 'acceptHostKey', details: error.details},
				}});
				return;
			}

			const delay = retryDelaysMs[Math.min(attempt - 1, retryDelaysMs.length - 1)]!;
			dispatch({type: 'connectFailed', attempt, error: fail(error), retryAt: Date.now() + delay});
			retryTimer = setTimeout(() => void connect(() => {}), delay);
		}
	}

	return {
		start() {
			// ssh:// only: the SSH link's own state, shown in the header.
			stopLink = engine.onConnectionState?.((state, detail) => dispatch({type: 'link', state, detail: detail === undefined ? undefined : sanitizeLine(detail)}));
			unsubscribe = store.subscribe((state, previous) => {
				if (state.selectedKey !== previous.selectedKey || state.images !== previous.images || state.filter !== previous.filter) {
					followSelection();
				}
			});
			return new Promise<void>(resolve => {
				void connect(resolve);
			});
		},
		reload() {
			if (store.getState().connection.status === 'connected') {
				scheduleRefresh();
			} else {
				liveness.reset();
				clearTimeout(retryTimer);
				void connect(() => {});
			}
		},
		...createInspectEffects(engine, store),
		stop() {
			stopped = true;
			stopLink?.();
			clearTimeout(retryTimer);
			cancelRefreshes();
			liveness.reset();
			clearTimeout(historyTimer);
			unsubscribe?.();
			stopEvents?.();
			engine.close();
		},
	};
}
