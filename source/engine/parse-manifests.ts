// The Manifests of GET /images/json?manifests=1 (API 1.47+). Read as Docker 28 sends them
// (Size.{Content,Total}, ImageData.{Platform,Size.Unpacked,Containers[]}, "ID") and as an
// early draft of the API types had them (ContentSize, UnpackedSize, Containers count, "Id").
import {readPlatform} from './platform.ts';
import {asArray, asNumber, asRecord, asString, type Raw} from './raw.ts';
import type {ImageManifest, ManifestKind} from './types.ts';

const kinds = new Set<string>(['image', 'attestation']);

function containerCount(value: unknown): number {
	// Docker 28 sends the IDs (or null when it did not count); the draft sent a number.
	return Array.isArray(value) ? value.length : asNumber(value, 0);
}

function parseManifest(raw: Raw): ImageManifest {
	const kind = (kinds.has(asString(raw.Kind)) ? asString(raw.Kind) : 'unknown') as ManifestKind;
	const descriptor = asRecord(raw.Descriptor);
	const size = asRecord(raw.Size);
	const data = asRecord(raw.ImageData);
	const attestation = asRecord(raw.AttestationData);
	const contentSize = asNumber(size.Content, asNumber(raw.ContentSize));
	const unpackedSize = asNumber(asRecord(data.Size).Unpacked, asNumber(data.UnpackedSize, -1));
	return {
		id: asString(raw.ID ?? raw.Id) || asString(descriptor.digest),
		kind,
		platform: readPlatform(kind === 'image' ? data.Platform ?? descriptor.platform : descriptor.platform),
		available: raw.Available === true,
		diskUsage: asNumber(size.Total, contentSize + Math.max(unpackedSize, 0)),
		contentSize,
		unpackedSize,
		containers: containerCount(data.Containers),
		attestationFor: kind === 'attestation' ? asString(attestation.For) || undefined : undefined,
	};
}

/** Undefined when the engine sent no Manifests: older APIs and the classic image store say nothing. */
export function parseManifests(value: unknown): ImageManifest[] | undefined {
	if (!Array.isArray(value)) {
		return undefined;
	}

	return asArray(value).map(item => parseManifest(asRecord(item)));
}

/** The image manifests, attestations left out: what the tree shows as platforms. */
export function platformManifests(manifests: readonly ImageManifest[]): ImageManifest[] {
	return manifests.filter(manifest => manifest.kind === 'image');
}
