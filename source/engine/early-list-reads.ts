// Whether a list asked for before the engine was known (early-list.ts: unversioned, without
// manifests=1) is the answer the pinned API would give.
import {pinApiVersion} from './api-version.ts';
import {supportsPlatform} from './platform.ts';
import {asRecord} from './raw.ts';

/** `version`: the daemon's /version. True when its API is the one pinned and lists no platforms. */
export function earlyListReads(version: unknown): boolean {
	const raw = asRecord(version);
	const pinned = pinApiVersion(raw.ApiVersion, raw.MinAPIVersion);
	return raw.ApiVersion === pinned && !supportsPlatform(pinned, 'list');
}
