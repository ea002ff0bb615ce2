// The manifest media types a registry may answer with, and what we ask for.
export const mediaTypes = {
	dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
	dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
	ociManifest: 'application/vnd.oci.image.manifest.v1+json',
	ociIndex: 'application/vnd.oci.image.index.v1+json',
	dockerSchema1: 'application/vnd.docker.distribution.manifest.v1+json',
	dockerSchema1Signed: 'application/vnd.docker.distribution.manifest.v1+prettyjws',
} as const;

export const manifestAccept = [mediaTypes.ociIndex, mediaTypes.dockerList, mediaTypes.ociManifest, mediaTypes.dockerManifest].join(', ');

export const indexTypes: ReadonlySet<string> = new Set([mediaTypes.dockerList, mediaTypes.ociIndex]);
export const imageTypes: ReadonlySet<string> = new Set([mediaTypes.dockerManifest, mediaTypes.ociManifest]);

/** How a media type reads in the browser: "OCI index", "Docker manifest list", … */
export function mediaTypeLabel(mediaType: string): string {
	switch (mediaType) {
		case mediaTypes.dockerManifest: return 'Docker image manifest v2';
		case mediaTypes.dockerList: return 'Docker manifest list';
		case mediaTypes.ociManifest: return 'OCI image manifest';
		case mediaTypes.ociIndex: return 'OCI image index';
		default: return mediaType;
	}
}
