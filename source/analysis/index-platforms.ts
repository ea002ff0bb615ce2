// Which manifest of an image index to scan: the asked platform (or, without one, the
// first image), among the manifests the archive holds. Attestations are never images.
// Pure.
import {formatPlatform, samePlatform, type Platform} from '../engine/platform.ts';

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

function platformOf(entry: Json): Platform | undefined {
	const raw = isObject(entry.platform) ? entry.platform : undefined;
	if (!raw || typeof raw.os !== 'string' || typeof raw.architecture !== 'string') {
		return undefined;
	}

	return typeof raw.variant === 'string' && raw.variant !== '' ? {os: raw.os, architecture: raw.architecture, variant: raw.variant} : {os: raw.os, architecture: raw.architecture};
}

function isAttestation(entry: Json): boolean {
	const annotations = isObject(entry.annotations) ? entry.annotations : {};
	return annotations['vnd.docker.reference.type'] === 'attestation-manifest';
}

/** An index of per-platform manifests, as opposed to index.json's list of named images. */
export function isPlatformIndex(manifests: readonly Json[]): boolean {
	return manifests.some(entry => platformOf(entry) !== undefined && !isAttestation(entry));
}

export type PlatformChoice = {manifest: Json; platform?: string} | {error: string};

/** `present(entry)`: whether the archive holds the manifest (a save leaves out platforms never pulled). */
export function choosePlatform(manifests: readonly Json[], present: (entry: Json) => boolean, wanted?: Platform): PlatformChoice {
	const images = manifests.filter(entry => !isAttestation(entry) && platformOf(entry)?.os !== 'unknown' && present(entry));
	const names = images.map(entry => formatPlatform(platformOf(entry) ?? {os: '', architecture: ''}));
	const index = wanted ? images.findIndex(entry => {
		const platform = platformOf(entry);
		return platform !== undefined && samePlatform(platform, wanted);
	}) : 0;
	const manifest = images[index];
	if (manifest === undefined) {
		const has = names.length > 0 ? `it has ${names.join(', ')}` : 'it holds no platform image';
		return {error: wanted ? `the image has no ${formatPlatform(wanted)} platform here: ${has}` : `not an image archive: ${has}`};
	}

	return {manifest, platform: names[index]};
}
