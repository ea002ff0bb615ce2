// GET /images/json and /system/df read as they arrive, each image parsed into what we
// keep of it alone (json-array-stream.ts): their raw JSON is never held whole.
import type {Readable} from 'node:stream';
import {readJsonArray, readJsonStream} from './json-array-stream.ts';
import {parseDiskUsage, parseImage, parseImages} from './parse.ts';
import {asRecord} from './raw.ts';
import type {DiskUsage, ImageSummary} from './types.ts';

/** Parsed as dockerDialect reads it; withDialect() then applies the engine's. */
export async function collectImages(body: Readable): Promise<ImageSummary[]> {
	const images: ImageSummary[] = [];
	await readJsonStream(body, readJsonArray(value => images.push(parseImage(value)), value => images.push(...parseImages(value))));
	return images;
}

/** parseDiskUsage of the body, its Images (one per image) kept only in the fields it reads. */
export async function collectDiskUsage(body: Readable): Promise<DiskUsage> {
	const images: unknown[] = [];
	let rest: unknown;
	await readJsonStream(body, readJsonArray(value => {
		const raw = asRecord(value);
		images.push({Id: raw.Id, Containers: raw.Containers, SharedSize: raw.SharedSize, Size: raw.Size});
	}, value => {
		rest = value;
	}, 'Images'));
	const raw = asRecord(rest);
	return parseDiskUsage(images.length > 0 || Array.isArray(raw.Images) ? {...raw, Images: images} : raw);
}
