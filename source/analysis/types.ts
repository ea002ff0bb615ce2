// The deep scan's shapes: what one layer tar holds, how layers change the
// filesystem, and what the scan concludes. No React, no dockerode.

export type EntryKind = 'file' | 'dir' | 'symlink' | 'hardlink' | 'other' | 'whiteout' | 'opaque';

/** What a comparison needs beyond the size: read only when the scan is asked for details. */
export type EntryMeta = {
	/** Permission bits (and setuid/setgid/sticky), without the file type. */
	mode: number;
	uid: number;
	gid: number;
	/** A symlink's target, or the path a hard link names. */
	link?: string;
	/** sha256 (hex) of a regular file's content. */
	hash?: string;
};

/** One entry of a layer tar, path absolute and normalized; for a whiteout, the path it removes. */
export type LayerEntry = {path: string; size: number; kind: EntryKind; meta?: EntryMeta};

/** A layer as read from the archive, keyed by where it sat (`<id>/layer.tar` or `blobs/sha256/<hex>`). */
export type LayerRecord = {key: string; entries: LayerEntry[]; compressed: boolean; error?: string};

export type ChangeKind = 'added' | 'modified' | 'removed';

export type LayerChange = {path: string; size: number; kind: ChangeKind; isDir: boolean; files?: number};

export type HistoryStep = {
	/** 1-based position in the image's history, oldest first. */
	step: number;
	createdBy: string;
	created?: string;
	comment?: string;
	emptyLayer: boolean;
	/** Index of the layer this step made, when it made one. */
	layer?: number;
	size?: number;
};

export type LayerSummary = {
	index: number;
	/** Digest or key of the layer in the archive. */
	key: string;
	/** History step that made the layer, when known. */
	step?: number;
	createdBy: string;
	/** Bytes of the files in the layer tar. */
	size: number;
	added: number;
	modified: number;
	removed: number;
	/** Bytes this layer carries that a later layer overwrote or deleted. */
	wastedBytes: number;
};

export type ScanFinding = {
	kind: 'deleted-later' | 'overwritten' | 'leftover' | 'toolchain';
	path: string;
	bytes: number;
	files: number;
	/** Layer that wrote the bytes, and its step. */
	layer: number;
	step?: number;
	/** Layer (and step) that deleted or overwrote them. */
	byLayer?: number;
	byStep?: number;
	message: string;
};

export type Metrics = {
	/** Bytes of files summed over every layer. */
	totalBytes: number;
	/** Bytes of the files in the final filesystem. */
	finalBytes: number;
	/** Every copy of a path but the final one, plus bytes added and later deleted (whole directories and opaque directories included). */
	wastedBytes: number;
	/** The same, without copies that lived in the base (first) layer. */
	userWastedBytes: number;
	/** Bytes of every layer but the first. */
	userBytes: number;
	userWastedPercent: number;
	/** finalBytes / totalBytes: 1 when nothing written is thrown away. */
	efficiency: number;
	dive: {efficiency: number; wastedBytes: number; userWastedPercent: number};
};
