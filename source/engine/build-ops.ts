// `docker build`, with BuildKit or the classic builder. Both get the context as a
// tar we make (so .dockerignore is applied exactly, and the bytes sent are
// progress); BuildKit also gets a session of ours (buildkit/session.ts).
import type {IncomingMessage} from 'node:http';
import {addAbortSignal, type Readable} from 'node:stream';
import type Docker from 'dockerode';
import {sanitizeLine} from '../format/sanitize.ts';
import {packBuildContext, prepareBuildContext} from './build-context.ts';
import {lacksBridge, preferredBuilder, sessionServices, stepTracker, type Builder} from './buildkit/buildkit-build.ts';
import {buildkitQuery, classicQuery} from './build-query.ts';
import {toEngineError} from './engine-error.ts';
import {fileError} from './file-error.ts';
import type {BuildOptions, ImageOperations} from './operations.ts';
import {followProgress} from './progress-stream.ts';
import {upload} from './upload.ts';

const builtLine = /^Successfully built ([0-9a-f]+)\s*$/m;

async function chooseBuilder(client: Docker, options: BuildOptions): Promise<Builder> {
	const builder = options.builder === undefined || options.builder === 'auto' ? await preferredBuilder(client) : options.builder;
	if (builder === 'classic' && (options.secrets?.length ?? 0) > 0) {
		throw new Error(options.builder === 'classic' ? 'secrets need BuildKit: choose buildkit as the builder' : 'secrets need BuildKit, and this engine prefers the classic builder (Builder-Version 1): choose buildkit as the builder');
	}

	return builder;
}

/** POST /build ourselves for BuildKit: dockerode's buildImage opens its own session for version 2, one without health checks. */
function postBuild(client: Docker, body: Readable, query: Record<string, unknown>, signal: AbortSignal): Promise<IncomingMessage> {
	return new Promise((resolve, reject) => {
		(client.modem as {dial(options: object, callback: (error: unknown, answer: IncomingMessage) => void): void}).dial({
			path: '/build?', method: 'POST', options: query, file: body, abortSignal: signal, isStream: true,
			statusCodes: {200: true, 400: 'bad parameter', 500: 'server error'},
		}, (error, answer) => (error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve(answer)));
	});
}

export function buildOperations(docker: () => Docker): Pick<ImageOperations, 'build'> {
	return {
		async build(options, onProgress, onUpload, signal) {
			signal.throwIfAborted();
			const client = docker();
			const builder = await chooseBuilder(client, options).catch((error: unknown) => {
				throw toEngineError(error);
			});
			const context = await prepareBuildContext(options.contextDir, options.dockerfile).catch((error: unknown) => {
				throw (error as {code?: unknown}).code === undefined ? error : fileError(`cannot read the build context ${options.contextDir}`, error);
			});
			signal.throwIfAborted();
			// Loaded with the first BuildKit build: node:http2 and the gRPC server cost nothing before.
			const session = builder === 'buildkit'
				? await import('./buildkit/session.ts').then(async ({openSession}) => openSession(client, sessionServices(options.secrets ?? []))).catch((error: unknown) => {
					throw toEngineError(error);
				})
				: undefined;
			// A file that can't be read fails the upload, and with it the request.
			const body = upload(packBuildContext(context), count => onUpload(count), signal, error => fileError(`cannot read the build context ${context.root}`, error));
			const steps = stepTracker();
			try {
				const answer = addAbortSignal(signal, session
					? await postBuild(client, body.body, buildkitQuery(options, context.dockerfile, session.id, await lacksBridge(client)), body.signal)
					: await client.buildImage(body.body, {...classicQuery(options, context.dockerfile, (client.modem as {version?: string}).version), abortSignal: body.signal}) as Readable);
				let imageId: string | undefined;
				let shortId: string | undefined;
				await followProgress(answer, message => {
					steps.see(message);
					onProgress(message);
					if (typeof message.aux?.ID === 'string') {
						imageId = sanitizeLine(message.aux.ID);
					}

					shortId = builtLine.exec(message.stream ?? '')?.[1] ?? shortId;
				});
				if (imageId === undefined && shortId !== undefined) {
					// Engines that send no aux line: the short ID names the image.
					imageId = sanitizeLine((await client.getImage(shortId).inspect()).Id);
				}

				if (imageId === undefined) {
					throw new Error('the build ended without an image ID');
				}

				return {imageId, builder};
			} catch (error) {
				throw toEngineError(body.failure() ?? steps.explain(error));
			} finally {
				body.close();
				session?.close();
			}
		},
	};
}
