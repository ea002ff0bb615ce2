// The engine's answers, parsed once at the edge: the store and the UI see only
// these shapes, with every string already neutralized for the terminal.
import type {EngineProduct} from './engine-dialect.ts';
import type {Platform} from './platform.ts';

export type ManifestKind = 'image' | 'attestation' | 'unknown';

/** One manifest of an image's index, as GET /images/json?manifests=1 reports it (API 1.47+). */
export type ImageManifest = {
	/** The manifest's digest: what `docker image ls --tree` shows as a platform's ID. */
	id: string;
	kind: ManifestKind;
	/** Image manifests: the config's platform; others: the descriptor's, if any. */
	platform?: Platform;
	/** Config and every layer present locally; false for a platform that was never pulled. */
	available: boolean;
	/** Size.Total: content plus unpacked snapshot, the tree's DISK USAGE. */
	diskUsage: number;
	/** Size.Content: the locally present distributable bytes, the tree's CONTENT SIZE. */
	contentSize: number;
	/** ImageData.Size.Unpacked; -1 when not reported. */
	unpackedSize: number;
	/** Containers made from this platform. */
	containers: number;
	/** Attestations: the digest of the image manifest they describe. */
	attestationFor?: string;
};

export type ImageSummary = {
	id: string;
	parentId: string;
	repoTags: string[];
	repoDigests: string[];
	/** Unix seconds. */
	created: number;
	size: number;
	/** -1 when the engine did not compute it. */
	sharedSize: number;
	/** -1 when the engine did not compute it. */
	containers: number;
	/**
	 * The manifests of the image's index, when the engine reports them (API 1.47+ with the
	 * containerd image store). Undefined means unknown, never "none".
	 */
	manifests?: ImageManifest[];
};

export type HistoryEntry = {
	/** Image ID of the step, or "<missing>" when the layer is not stored locally. */
	id: string;
	created: number;
	createdBy: string;
	size: number;
	comment: string;
	tags: string[];
};

export type UsageCategory = {
	total: number;
	active: number;
	size: number;
	reclaimable: number;
	/** Whether `docker system df` prints a percentage beside the reclaimable size. */
	showPercent: boolean;
	/** Set when the engine gives no size for the category (size and reclaimable are then 0): why, in words. */
	unreported?: string;
};

export type ImageUsage = {containers: number; sharedSize: number; size: number};

export type DiskUsage = {
	images: UsageCategory;
	containers: UsageCategory;
	volumes: UsageCategory;
	buildCache: UsageCategory;
	/** Per image ID, what `docker system df -v` knows: using containers and shared size. */
	perImage: Map<string, ImageUsage>;
};

export type EngineInfo = {
	/** Which engine serves the Docker API: dockerd, or Podman's compat service. */
	product: EngineProduct;
	version: string;
	apiVersion: string;
	/** The API version we pinned: the lower of the daemon's and ours. */
	pinnedApiVersion: string;
	os: string;
	arch: string;
};

export type EngineEvent = {
	type: string;
	action: string;
	id: string;
	attributes: Record<string, string>;
	timeNano: number;
};

export type ListImagesOptions = {
	all?: boolean;
	filters?: Record<string, string[]>;
};
