// What the image operations take and give back. Implemented in registry-ops.ts
// (pull, push, login), image-ops.ts (tag, remove, prune, save, load) and
// build-ops.ts (build), wired into the Engine by docker-client.ts.
import type {Readable} from 'node:stream';
import type {ProgressMessage} from './progress-stream.ts';
import type {Platform} from './platform.ts';

/** The X-Registry-Auth payload: a password or an identity token, never both shown anywhere. */
export type AuthConfig = {username?: string; password?: string; identitytoken?: string; serveraddress: string};

export type OnProgress = (message: ProgressMessage) => void;
/** Bytes moved so far, and the total when known. */
export type OnBytes = (done: number, total?: number) => void;

export type RemoveResult = {untagged: string[]; deleted: string[]};
export type PruneResult = {deleted: string[]; spaceReclaimed: number};

export type ContainerSummary = {
	id: string;
	names: string[];
	image: string;
	imageId: string;
	state: string;
	/** The engine's container.IsRunning(): paused and restarting count, as they hold their image as a running one does. */
	running: boolean;
	status: string;
	sizeRw: number;
};

export type BuildOptions = {
	contextDir: string;
	/** Path of the Dockerfile; relative paths are relative to contextDir. Default <contextDir>/Dockerfile. */
	dockerfile?: string;
	tags: string[];
	noCache: boolean;
	buildArgs: Record<string, string>;
	/** `auto` (the default): what the engine's /_ping prefers. */
	builder?: BuilderChoice;
	/** The stage to stop at (`--target`). */
	target?: string;
	/** `--secret id=…,src=…`: BuildKit only, read from the file when the step asks. */
	secrets?: BuildSecret[];
};

export type BuilderChoice = 'auto' | 'buildkit' | 'classic';
export type BuildSecret = {id: string; src: string};

export type BuildResult = {imageId: string; builder: 'buildkit' | 'classic'};

export type LoginResult = {status: string; identityToken?: string};

/** The engine refused a delete (409): who holds the image, and whether force can help. */
export class ImageInUseError extends Error {
	override name = 'ImageInUseError';
	constructor(message: string, readonly containerId: string, readonly running: boolean) {
		super(message);
	}
}

export type ImageOperations = {
	/** `platform`: which one of a multi-platform image (default: the engine's own). */
	pull(reference: string, auth: AuthConfig | undefined, onProgress: OnProgress, signal: AbortSignal, platform?: Platform): Promise<void>;
	/** Pushes exactly repository:tag (never every tag of the repository); one platform of it needs API 1.46. */
	push(repository: string, tag: string, auth: AuthConfig | undefined, onProgress: OnProgress, signal: AbortSignal, platform?: Platform): Promise<void>;
	login(auth: AuthConfig): Promise<LoginResult>;
	tag(image: string, repository: string, tag: string): Promise<void>;
	removeImage(image: string, force: boolean): Promise<RemoveResult>;
	listContainers(all: boolean): Promise<ContainerSummary[]>;
	pruneImages(all: boolean): Promise<PruneResult>;
	pruneContainers(): Promise<PruneResult>;
	pruneNetworks(): Promise<string[]>;
	pruneVolumes(): Promise<PruneResult>;
	pruneBuildCache(): Promise<PruneResult>;
	build(options: BuildOptions, onProgress: OnProgress, onUpload: OnBytes, signal: AbortSignal): Promise<BuildResult>;
	/** Streams `docker save` into a temp file beside `target` and renames it into place only when complete; one platform needs API 1.48. */
	save(images: string[], target: string, onBytes: OnBytes, signal: AbortSignal, platform?: Platform): Promise<void>;
	/** The image's `docker save` tar as a stream, for reading as it arrives (the deep scan). */
	exportImage(image: string, signal: AbortSignal): Promise<Readable>;
	/** Streams a tar to `docker load`; resolves with the "Loaded image" names; one platform needs API 1.48. */
	load(source: string, onProgress: OnProgress, onBytes: OnBytes, signal: AbortSignal, platform?: Platform): Promise<string[]>;
	/** The tar `docker save` streams, unchecked (for a copy to another engine: see image-copy.ts). */
	exportImages(images: string[], signal: AbortSignal): Promise<Readable>;
	/** `docker load` of a tar read from `body`; a read error aborts the load and is what it rejects with. */
	loadStream(body: Readable, onProgress: OnProgress, signal: AbortSignal): Promise<string[]>;
};
