// Manifests and image configs as the registry sends them, checked and read once
// into our types: a manifest whose shape is wrong is a MalformedError that says what
// is wrong, never a crash further in. Strings are sanitized for the terminal.
import {createHash} from 'node:crypto';
import {readPlatform, type Platform} from '../platform.ts';
import {asArray, asNumber, asRecord, asString, type Raw} from '../raw.ts';
import {MalformedError} from './errors.ts';
import {imageTypes, indexTypes, mediaTypes} from './media-types.ts';

export type Descriptor = {mediaType: string; digest: string; size: number; platform?: Platform; annotations?: Record<string, string>};

export type ImageManifest = {kind: 'image'; mediaType: string; digest: string; size: number; config: Descriptor; layers: Descriptor[]; raw: Buffer};
export type IndexManifest = {kind: 'index'; mediaType: string; digest: string; size: number; manifests: Descriptor[]; raw: Buffer};
export type Manifest = ImageManifest | IndexManifest;

export type HistoryEntry = {created: string; createdBy: string; comment: string; emptyLayer: boolean};
export type ImageConfig = {
	created: string;
	os: string;
	architecture: string;
	variant: string;
	labels: Record<string, string>;
	env: string[];
	history: HistoryEntry[];
	diffIds: string[];
};

const digestPattern = /^sha256:[a-f0-9]{64}$|^sha512:[a-f0-9]{128}$|^sha384:[a-f0-9]{96}$/;

export function sha256Digest(data: Buffer): string {
	return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

export function digestOf(data: Buffer, algorithm: string): string {
	return `${algorithm}:${createHash(algorithm).update(data).digest('hex')}`;
}

export function isDigest(text: string): boolean {
	return digestPattern.test(text);
}

function stringMap(value: unknown): Record<string, string> {
	const map: Record<string, string> = {};
	for (const [key, item] of Object.entries(asRecord(value))) {
		if (typeof item === 'string') {
			map[asString(key)] = asString(item);
		}
	}

	return map;
}

function descriptor(value: unknown, where: string): Descriptor {
	const raw = asRecord(value);
	if (typeof raw.digest !== 'string' || !isDigest(raw.digest)) {
		throw new MalformedError(`malformed manifest: ${where} has no valid digest`);
	}

	if (typeof raw.size !== 'number' || !Number.isSafeInteger(raw.size) || raw.size < 0) {
		throw new MalformedError(`malformed manifest: ${where} has no valid size`);
	}

	const annotations = raw.annotations === undefined ? undefined : stringMap(raw.annotations);
	const platform = readPlatform(raw.platform);
	return {mediaType: asString(raw.mediaType), digest: raw.digest, size: raw.size, ...(platform ? {platform} : {}), ...(annotations ? {annotations} : {})};
}

/**
 * Reads a manifest body. `contentType` is the response's Content-Type; the body's own
 * mediaType wins when it has one (OCI makes it optional). `digest` is the verified digest.
 */
export function parseManifest(body: Buffer, contentType: string | undefined, digest: string): Manifest {
	let document: Raw;
	try {
		const parsed: unknown = JSON.parse(body.toString('utf8'));
		if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
			throw new MalformedError('malformed manifest: not a JSON object');
		}

		document = parsed as Raw;
	} catch (error) {
		throw error instanceof MalformedError ? error : new MalformedError('malformed manifest: not valid JSON');
	}

	const declared = typeof document.mediaType === 'string' ? document.mediaType : '';
	const header = (contentType ?? '').split(';')[0]!.trim();
	if (document.schemaVersion === 1 || declared === mediaTypes.dockerSchema1 || header.startsWith(mediaTypes.dockerSchema1)) {
		throw new MalformedError('this is a Docker schema 1 manifest, which stowage does not read (deprecated since 2017)');
	}

	if (document.schemaVersion !== 2) {
		throw new MalformedError('malformed manifest: schemaVersion is not 2');
	}

	// OCI allows mediaType to be absent: then the shape says which it is.
	const mediaType = declared || (indexTypes.has(header) || imageTypes.has(header) ? header : Array.isArray(document.manifests) ? mediaTypes.ociIndex : mediaTypes.ociManifest);
	if (indexTypes.has(mediaType)) {
		if (!Array.isArray(document.manifests)) {
			throw new MalformedError('malformed manifest: an index without a manifests list');
		}

		return {kind: 'index', mediaType, digest, size: body.length, manifests: document.manifests.map((item, index) => descriptor(item, `manifests[${index}]`)), raw: body};
	}

	if (imageTypes.has(mediaType)) {
		if (!Array.isArray(document.layers)) {
			throw new MalformedError('malformed manifest: an image manifest without a layers list');
		}

		return {kind: 'image', mediaType, digest, size: body.length, config: descriptor(document.config, 'config'), layers: document.layers.map((item, index) => descriptor(item, `layers[${index}]`)), raw: body};
	}

	throw new MalformedError(`unsupported manifest media type ${asString(mediaType)}`);
}

/** An image config blob (the JSON `docker inspect` reads its Config and history from). */
export function parseImageConfig(body: Buffer): ImageConfig {
	let raw: Raw;
	try {
		const parsed: unknown = JSON.parse(body.toString('utf8'));
		if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
			throw new Error('not an object');
		}

		raw = parsed as Raw;
	} catch {
		throw new MalformedError('malformed image config: not a JSON object');
	}

	const config = asRecord(raw.config);
	return {
		created: asString(raw.created),
		os: asString(raw.os),
		architecture: asString(raw.architecture),
		variant: asString(raw.variant),
		labels: stringMap(config.Labels),
		env: asArray(config.Env).filter(item => typeof item === 'string').map(item => asString(item)),
		history: asArray(raw.history).map(item => {
			const step = asRecord(item);
			return {created: asString(step.created), createdBy: asString(step.created_by), comment: asString(step.comment), emptyLayer: step.empty_layer === true};
		}),
		diffIds: asArray(asRecord(raw.rootfs).diff_ids).filter(item => typeof item === 'string').map(item => asString(item)),
	};
}

/** What the layers of an image manifest weigh compressed, as skopeo's LayersData sums them. */
export function compressedSize(manifest: ImageManifest): number {
	return manifest.layers.reduce((sum, layer) => sum + asNumber(layer.size), 0);
}
