// `docker build` with the classic builder: BuildKit over the API needs a gRPC
// session (docker-modem#196) and Debian's engine 20.10 doesn't offer it there.
import {addAbortSignal, type Readable} from 'node:stream';
import type Docker from 'dockerode';
import {sanitizeLine} from '../format/sanitize.ts';
import {apiAtLeast} from './api-version.ts';
import {packBuildContext, prepareBuildContext} from './build-context.ts';
import {toEngineError} from './engine-error.ts';
import {fileError} from './file-error.ts';
import type {BuildOptions, ImageOperations} from './operations.ts';
import {followProgress} from './progress-stream.ts';
import {upload} from './upload.ts';

/** The /build query; `version` (the builder) exists from API 1.38. */
export function buildQuery(options: BuildOptions, dockerfile: string, apiVersion: string | undefined): Record<string, unknown> {
	const query: Record<string, unknown> = {
		t: options.tags,
		dockerfile,
		nocache: options.noCache,
		buildargs: JSON.stringify(options.buildArgs),
		rm: true,
	};
	if (apiVersion === undefined || apiAtLeast(apiVersion.replace(/^v/, ''), '1.38')) {
		query.version = '1';
	}

	return query;
}

const builtLine = /^Successfully built ([0-9a-f]+)\s*$/m;

export function buildOperations(docker: () => Docker): Pick<ImageOperations, 'build'> {
	return {
		async build(options, onProgress, onUpload, signal) {
			signal.throwIfAborted();
			const client = docker();
			const context = await prepareBuildContext(options.contextDir, options.dockerfile).catch((error: unknown) => {
				throw (error as {code?: unknown}).code === undefined ? error : fileError(`cannot read the build context ${options.contextDir}`, error);
			});
			signal.throwIfAborted();
			// A file that can't be read fails the upload, and with it the request.
			const body = upload(packBuildContext(context), count => onUpload(count), signal, error => fileError(`cannot read the build context ${context.root}`, error));
			try {
				const query = buildQuery(options, context.dockerfile, (client.modem as {version?: string}).version);
				const answer = addAbortSignal(signal, await client.buildImage(body.body, {...query, abortSignal: body.signal}) as Readable);
				let imageId: string | undefined;
				let shortId: string | undefined;
				await followProgress(answer, message => {
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

				return {imageId};
			} catch (error) {
				throw toEngineError(body.failure() ?? error);
			} finally {
				body.close();
			}
		},
	};
}
