// What each engine of the matrix says, word for word, where engines differ:
// the tests assert these exactly rather than loosening to what all share.
import {perEngine} from './engine-matrix.ts';

/**
 * `docker rmi TAG` refused because a container uses the image. The graph-driver store
 * refuses the tag's removal; the containerd store the image's deletion, in other words.
 */
export function refusedByTag(ref: string, containerId: string, imageId: string): string {
	const byStore = perEngine({
		'docker-20.10': 'graph',
		'docker-26.1': 'graph',
		'docker-28.5-containerd': 'containerd',
		'podman-4.3': 'podman',
	});
	const short = (id: string) => id.replace(/^sha256:/, '').slice(0, 12);
	if (byStore === 'podman') {
		// Podman names the whole container ID, and says "in use" whether forcing would help or not.
		return `image ${ref} is in use: image used by ${containerId.replace(/^sha256:/, '')}: image is in use by a container: consider listing external containers and force-removing image`;
	}

	return byStore === 'containerd'
		? `conflict: unable to delete ${ref} (must be forced) - container ${short(containerId)} is using its referenced image ${short(imageId)}`
		: `conflict: unable to remove repository reference "${ref}" (must force) - container ${short(containerId)} is using its referenced image ${short(imageId)}`;
}

/** A pull of a tag the registry lacks. The containerd store resolves the reference itself; Podman's image library names the source. */
export function missingTag(ref: string): string | RegExp {
	const colon = ref.lastIndexOf(':');
	return perEngine<string | RegExp>({
		'podman-4.3': `initializing source docker://${ref}: reading manifest ${ref.slice(colon + 1)} in ${ref.slice(0, colon)}: manifest unknown: manifest unknown`,
		'docker-20.10': `manifest for ${ref} not found: manifest unknown: manifest unknown`,
		'docker-26.1': `manifest for ${ref} not found: manifest unknown: manifest unknown`,
		'docker-28.5-containerd': `failed to resolve reference "${ref}": ${ref}: not found`,
	});
}

/**
 * The TLS alert the engine sends for a client certificate from a CA it does not trust:
 * Go's crypto/tls sent bad_certificate (20.10 is built with Go 1.19), newer Go unknown_ca
 * (trixie's 26.1 with Go 1.24, sid's 28.5 with 1.27).
 */
export function untrustedClientAlert(): string {
	// Podman's tests start their second engine (the TLS listener) as the system dockerd 20.10.
	return perEngine({'docker-20.10': 'bad certificate', 'docker-26.1': 'unknown ca', 'docker-28.5-containerd': 'unknown ca', 'podman-4.3': 'bad certificate'});
}
