// `stowage` and `stowage ls` alone ask the engine for its list as the first thing cli.tsx does, before
// the command line's parser and the rest of its imports are evaluated: the engine works meanwhile. Any
// argument, or an engine that cannot be resolved, takes the normal path, where an error is reported.
import {askEarly, type EarlyAnswers} from '../engine/early-list.ts';
import {resolveEndpoint} from '../engine/endpoint.ts';

function askBeforeParsing(argv: readonly string[]): EarlyAnswers | undefined {
	if (argv.length > 1 || (argv.length === 1 && argv[0] !== 'ls')) {
		return undefined;
	}

	try {
		return askEarly(resolveEndpoint({}).endpoint);
	} catch {
		return undefined;
	}
}

export const askedEarly = askBeforeParsing(process.argv.slice(2));
