// Images with known waste for the deep scan's tests, built in the test engine
// from the busybox base: every byte below is written by dd, so it is exact.
import {BASE} from '../bed/fixture-names.mjs';
import {buildFromStdin} from './own-images.ts';

export const WASTEFUL = 'stowage-analyze/wasteful:1';
export const CLEAN = 'stowage-analyze/clean:1';

// A fake apt-get: `apt-get update` fills /var/lib/apt/lists as the real one does.
const fakeAptGet = String.raw`printf '#!/bin/sh\nmkdir -p /var/lib/apt/lists\ndd if=/dev/zero of=/var/lib/apt/lists/deb.debian.org_dists_InRelease bs=1000 count=120 2>/dev/null\n' > /bin/apt-get && chmod +x /bin/apt-get`;

export const wastefulDockerfile = [
	`FROM ${BASE}`,
	'RUN dd if=/dev/zero of=/added-then-deleted bs=1000 count=300',
	'RUN rm /added-then-deleted',
	'RUN dd if=/dev/zero of=/overwritten bs=1000 count=200',
	'RUN dd if=/dev/zero of=/overwritten bs=1000 count=100',
	'RUN mkdir -p /build/sub && dd if=/dev/zero of=/build/a bs=1000 count=150 && dd if=/dev/zero of=/build/sub/b bs=1000 count=50',
	'RUN rm -rf /build',
	`RUN ${fakeAptGet}`,
	'RUN apt-get update && apt-get install -y curl || true',
].join('\n');

/** The waste above: the deleted file, the first copy of the overwritten one, the deleted directory. */
export const WASTED_BYTES = 300_000 + 200_000 + 200_000;
/** What dive counts: every copy of the two paths seen twice; the deleted directory escapes it. */
export const DIVE_WASTED_BYTES = 300_000 + 300_000;
export const APT_LISTS_BYTES = 120_000;

// A multi-stage build: the big intermediate stays in the first stage.
export const cleanDockerfile = [
	`FROM ${BASE} AS build`,
	'RUN dd if=/dev/zero of=/big bs=1000 count=500 && mkdir /out && echo built > /out/app',
	`FROM ${BASE}`,
	'COPY --from=build /out/app /app',
].join('\n');

export async function buildAnalysisImages(): Promise<void> {
	await buildFromStdin(WASTEFUL, wastefulDockerfile);
	await buildFromStdin(CLEAN, cleanDockerfile);
}
