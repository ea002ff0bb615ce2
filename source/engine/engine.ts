// What the store needs from an engine. Implemented over dockerode in
// docker-client.ts; the store and the UI depend only on this.
import type {DiskUsage, EngineEvent, EngineInfo, HistoryEntry, ImageSummary, ListImagesOptions} from './types.ts';
import type {Endpoint} from './endpoint.ts';

export type EventHandlers = {
	onEvent(event: EngineEvent): void;
	/** The stream (re)connected: anything may have changed while it was down. */
	onConnected(): void;
	onDisconnected(reason: string): void;
};

export type Engine = {
	readonly endpoint: Endpoint;
	/** GET /version, then pin the API version for every later call. */
	connect(): Promise<EngineInfo>;
	listImages(options?: ListImagesOptions): Promise<ImageSummary[]>;
	history(imageId: string): Promise<HistoryEntry[]>;
	/** The full inspect document, sanitized. */
	inspect(imageId: string): Promise<unknown>;
	diskUsage(): Promise<DiskUsage>;
	/** Follows /events until stopped, reconnecting when the stream breaks. */
	watchEvents(handlers: EventHandlers): () => void;
	close(): void;
};
