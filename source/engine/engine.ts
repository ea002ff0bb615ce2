// What the store needs from an engine. Implemented over dockerode in
// docker-client.ts; the store and the UI depend only on this.
import type {DiskUsage, EngineEvent, EngineInfo, HistoryEntry, ImageSummary, ListImagesOptions} from './types.ts';
import type {Endpoint} from './endpoint.ts';
import type {ImageOperations} from './operations.ts';
import type {ConnectionState} from './ssh/ssh-connection.ts';
import type {Platform} from './platform.ts';
import type {InsecurePolicy} from './registry/insecure.ts';

export type EventHandlers = {
	onEvent(event: EngineEvent): void;
	/** The stream (re)connected: anything may have changed while it was down. */
	onConnected(): void;
	onDisconnected(reason: string): void;
};

export type Engine = ImageOperations & {
	readonly endpoint: Endpoint;
	/** GET /version, then pin the API version for every later call. */
	connect(): Promise<EngineInfo>;
	/** GET /_ping, failing after `timeoutMs`: is the engine still there? */
	ping?(timeoutMs: number): Promise<void>;
	listImages(options?: ListImagesOptions): Promise<ImageSummary[]>;
	/** One platform's history needs API 1.48 (else PlatformUnsupportedError). */
	history(imageId: string, platform?: Platform): Promise<HistoryEntry[]>;
	/** The full inspect document, sanitized; one platform's needs API 1.49. */
	inspect(imageId: string, platform?: Platform): Promise<unknown>;
	diskUsage(): Promise<DiskUsage>;
	/** GET /info's RegistryConfig: the registries this engine speaks plain HTTP to (the registry browser does the same). */
	insecureRegistries?(): Promise<InsecurePolicy>;
	/**
	 * The list asked for before the UI loaded (early-list.ts), once, when connect() found it
	 * reads as a listImages() would; undefined otherwise. A snapshot from before the event
	 * stream was open: the caller lists again once it is.
	 */
	takeEarlyImages?(): Promise<ImageSummary[]> | undefined;
	/** Follows /events until stopped, reconnecting when the stream breaks. */
	watchEvents(handlers: EventHandlers): () => void;
	/** `docker run -it --rm`: hands the terminal to a new container until it exits; resolves with its exit code. */
	runInteractive(image: string, terminal: {stdin: NodeJS.ReadStream; stdout: NodeJS.WriteStream}): Promise<number>;
	/**
	 * ssh:// engines only: follows the SSH link (connecting, connected, reconnecting, failed, closed),
	 * for the header. Returns the unsubscribe function.
	 */
	onConnectionState?(listener: (state: ConnectionState, detail?: string) => void): () => void;
	close(): void;
};
