// `stowage analyze` from cli.tsx: builds the engine client only when the scan needs it, maps errors to exit statuses.
import {createDockerEngine} from '../engine/docker-client.ts';
import {describeError} from '../engine/describe-error.ts';
import type {Engine} from '../engine/engine.ts';
import {hostLabel, UsageError, type ResolvedEndpoint} from '../engine/endpoint.ts';
import {analyzeCommand, type AnalyzeOptions} from './analyze.ts';
import {terminalPassphrase} from './ask-passphrase.ts';

export async function runAnalyze(resolved: ResolvedEndpoint, options: AnalyzeOptions, fail: (message: string, code: number) => never, acceptNewHostKey = false): Promise<number> {
	let engine: Engine | undefined;
	try {
		return await analyzeCommand(() => (engine = createDockerEngine(resolved.endpoint, {acceptNewHostKey, askPassphrase: terminalPassphrase()})), options, text => process.stdout.write(text));
	} catch (error) {
		if (error instanceof UsageError) {
			fail(error.message, 2);
		}

		const label = hostLabel(resolved);
		return fail(options.archive ? `cannot analyze ${options.archive}: ${describeError(error)}` : `cannot analyze ${options.image} from ${label}: ${describeError(error, resolved.endpoint)}`, 1);
	} finally {
		engine?.close();
	}
}
