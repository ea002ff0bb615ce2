// Which ID an engine gives an image. The graph-driver store names an image by its
// config digest; the containerd store by the digest of its manifest (or index),
// and says so in inspect's Descriptor. So one image copied between the two kinds
// of engine gets a different ID on each side, and the user must be told why.
export type ImageIdentity = {id: string; by: 'manifest' | 'config'};

const digestPattern = /^sha256:[0-9a-f]{64}$/;

/** From an inspect document; undefined when it carries no well-formed ID. */
export function imageIdentity(inspect: unknown): ImageIdentity | undefined {
	const doc = typeof inspect === 'object' && inspect !== null ? inspect as {Id?: unknown; Descriptor?: {digest?: unknown}} : {};
	if (typeof doc.Id !== 'string' || !digestPattern.test(doc.Id)) {
		return undefined;
	}

	return {id: doc.Id, by: doc.Descriptor?.digest === doc.Id ? 'manifest' : 'config'};
}

export const shortId = (id: string) => id.slice('sha256:'.length, 'sha256:'.length + 12);

/** Undefined when both sides agree; else what the target calls it and why it differs. */
export function idChange(name: string, here: ImageIdentity | undefined, there: ImageIdentity | undefined, target: string): string | undefined {
	if (!here || !there || here.id === there.id) {
		return undefined;
	}

	const reason = there.by === 'manifest' ? 'it names images by their manifest digest' : 'it names images by their config digest';
	return `${target} gives ${name} the ID ${shortId(there.id)} (${shortId(here.id)} here): ${reason}`;
}
