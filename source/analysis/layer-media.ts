// Layer media types as manifests name them, and the error for a layer that could
// not be read: the media type is named when it is one stowage does not read.
// Pure.
import type {ArchiveContents} from './archive-reader.ts';

/** What the reader understands: plain tar, gzip (estargz included: it is gzip) and zstd. */
const readable = new Set([
	'application/vnd.oci.image.layer.v1.tar',
	'application/vnd.oci.image.layer.v1.tar+gzip',
	'application/vnd.oci.image.layer.v1.tar+zstd',
	'application/vnd.oci.image.layer.nondistributable.v1.tar',
	'application/vnd.oci.image.layer.nondistributable.v1.tar+gzip',
	'application/vnd.oci.image.layer.nondistributable.v1.tar+zstd',
	'application/vnd.docker.image.rootfs.diff.tar',
	'application/vnd.docker.image.rootfs.diff.tar.gzip',
	'application/vnd.docker.image.rootfs.diff.tar.zstd',
	'application/vnd.docker.image.rootfs.foreign.diff.tar.gzip',
]);

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Archive path (`blobs/sha256/<hex>`) → the media type a manifest in the archive gives it. */
export function layerMediaTypes(contents: Pick<ArchiveContents, 'json'>): Map<string, string> {
	const types = new Map<string, string>();
	for (const document of contents.json.values()) {
		if (!isObject(document) || !Array.isArray(document.layers)) {
			continue;
		}

		for (const layer of document.layers) {
			if (isObject(layer) && typeof layer.digest === 'string' && typeof layer.mediaType === 'string') {
				types.set(`blobs/${layer.digest.replace(':', '/')}`, layer.mediaType);
			}
		}
	}

	return types;
}

export function layerError(key: string, error: string, mediaType: string | undefined): string {
	if (mediaType !== undefined && !readable.has(mediaType)) {
		return `${key}: layer media type ${mediaType} is not supported (${error})`;
	}

	return `${key}: ${error}`;
}
