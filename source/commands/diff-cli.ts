// `stowage diff` from cli.tsx: builds the engine client, maps errors to exit statuses.
import {createDockerEngine} from '../engine/docker-client.ts';
import {describeError} from '../engine/describe-error.ts';
import type {Engine} from '../engine/engine.ts';
import {hostLabel, UsageError, type ResolvedEndpoint} from '../engine/endpoint.ts';
import {terminalPassphrase} from './ask-passphrase.ts';
import {diffCommand, DiffScanError, type DiffOptions} from './diff.ts';
import {transport} from './diff-sources.ts';
import {inRegistryWords} from '../engine/registry/errors.ts';

/** The registry's own words; a socket error as describeError words it (without the engine's endpoint: it is not the engine's). */
function registryMessage(cause: unknown): string {
	// The authenticator words its refusal for the UI (its l key): on the command line, docker login is the way.
	return inRegistryWords(cause) ? cause.message.replace(/requires authentication: log in with l$/, 'requires authentication: log in first (docker login)') : describeError(cause);
}

export async function runDiff(resolved: ResolvedEndpoint, options: DiffOptions, fail: (message: string, code: number) => never, acceptNewHostKey = false): Promise<number> {
	let engine: Engine | undefined;
	try {
		return await diffCommand(() => (engine = createDockerEngine(resolved.endpoint, {acceptNewHostKey, askPassphrase: terminalPassphrase()})), options, text => process.stdout.write(text));
	} catch (error) {
		if (error instanceof UsageError) {
			fail(error.message, 2);
		}

		const label = hostLabel(resolved);
		if (error instanceof DiffScanError && error.image.startsWith(transport)) {
			return fail(`cannot read ${error.image}: ${registryMessage(error.cause)}`, 1);
		}

		if (error instanceof DiffScanError) {
			return fail(`cannot read ${error.image} from ${label}: ${describeError(error.cause, resolved.endpoint)}`, 1);
		}

		return fail(`cannot compare images on ${label}: ${describeError(error, resolved.endpoint)}`, 1);
	} finally {
		engine?.close();
	}
}
