// The engine's answers, parsed once at the edge: the store and the UI see only
// these shapes, with every string already neutralized for the terminal.
import type {EngineProduct} from './engine-dialect.ts';

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
