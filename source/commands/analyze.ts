// `stowage analyze IMAGE`: the deep scan, the advisor and dive's CI rules
// without the UI. Exit 1 when --ci and a rule fails.
import {readFile} from 'node:fs/promises';
import {defaultCiConfig, evaluateCi, parseDiveCi, type CiConfig} from '../analysis/dive-ci.ts';
import {completenessCi} from '../analysis/scan-completeness.ts';
import {scanArchiveFile, scanEngineImage} from '../analysis/scan-image.ts';
import {advise, inputFromScan} from '../analysis/rules/advisor.ts';
import type {Engine} from '../engine/engine.ts';
import {UsageError} from '../engine/endpoint.ts';
import {fileError} from '../engine/file-error.ts';
import {formatReport, jsonReport} from './analyze-report.ts';
import {enginePlatform, parsePlatform, PlatformSyntaxError, type Platform} from '../engine/platform.ts';
import {checkImageArgument} from './image-argument.ts';

/** `platform`: os/arch[/variant] of a multi-platform image (default: the engine's own). */
export type AnalyzeOptions = {image?: string; json: boolean; ci: boolean; archive?: string; ciConfig?: string; platform?: string};

function wantedPlatform(text: string | undefined): Platform | undefined {
	try {
		return text === undefined ? undefined : parsePlatform(text);
	} catch (error) {
		throw error instanceof PlatformSyntaxError ? new UsageError(error.message) : error;
	}
}

/** The given file, else `.dive-ci` in the working directory when there is one, else dive's defaults. */
async function loadCiConfig(file: string | undefined): Promise<CiConfig> {
	const name = file ?? '.dive-ci';
	let text;
	try {
		text = await readFile(name, 'utf8');
	} catch (error) {
		if (file === undefined && (error as NodeJS.ErrnoException).code === 'ENOENT') {
			return defaultCiConfig;
		}

		throw new UsageError(fileError(`cannot read ${name}`, error).message);
	}

	return parseDiveCi(text, name);
}

/** `engine` is needed unless options.archive is given. Resolves with the exit status. */
export async function analyzeCommand(engine: (() => Engine) | undefined, options: AnalyzeOptions, write: (text: string) => void): Promise<number> {
	if (!options.archive && !options.image) {
		throw new UsageError('analyze needs an image (or --archive FILE)');
	}

	// With --archive the image names one of the archive's tags: refused the same way when it cannot be one.
	if (options.image) {
		checkImageArgument(options.image, 'analyze');
	}

	const ciConfig = options.ci ? await loadCiConfig(options.ciConfig) : undefined;
	const platform = wantedPlatform(options.platform);
	const never = new AbortController().signal;
	let scan;
	if (options.archive) {
		scan = await scanArchiveFile(options.archive, options.image, () => {}, never, platform && {platform, explicit: true}).catch((error: unknown) => {
			throw (error as NodeJS.ErrnoException).code === 'ENOENT' ? new UsageError(`cannot read ${options.archive}: no such file`) : error;
		});
	} else {
		const client = engine!();
		const info = await client.connect();
		// As docker run picks: the engine's own platform unless one is asked for.
		scan = await scanEngineImage(client, options.image!, () => {}, never, undefined, platform ? {platform, explicit: true} : enginePlatform(info));
	}

	const advice = advise(inputFromScan(scan));
	const ci = ciConfig && [...evaluateCi(ciConfig, scan.metrics), ...completenessCi(scan)];
	const report = {image: options.image ?? scan.repoTags[0] ?? options.archive!, scan, advice, ci};
	write(options.json ? jsonReport(report) : formatReport(report));
	return ci?.some(result => result.status === 'fail') ? 1 : 0;
}
