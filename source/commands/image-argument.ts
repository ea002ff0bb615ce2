// An image named on the command line (analyze, diff) as `docker image inspect` takes it:
// an ID (full or short, with or without sha256:) or a reference in docker's grammar,
// checked before the engine is asked, which answers a malformed one with a bare 500.
import {UsageError} from '../engine/endpoint.ts';
import {parseNormalizedNamed, ReferenceError} from '../engine/reference.ts';
import {sanitizeLine} from '../format/sanitize.ts';

const imageId = /^(?:sha256:)?[a-f0-9]{4,64}$/;

/** Throws a UsageError in docker's words (`cannot VERB "IMAGE": invalid reference format…`) for a malformed one. */
export function checkImageArgument(image: string, verb: string): void {
	if (imageId.test(image)) {
		return;
	}

	try {
		parseNormalizedNamed(image);
	} catch (error) {
		throw error instanceof ReferenceError ? new UsageError(sanitizeLine(`cannot ${verb} "${image}": ${error.message}`)) : error;
	}
}
