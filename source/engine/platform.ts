// Platforms as containerd writes and reads them ("linux/arm64", "linux/arm/v7"), and the
// API versions that take one. Pure: the engine, the CLI and the UI share it.
import {apiAtLeast} from './api-version.ts';
import {asRecord, asString} from './raw.ts';

export type Platform = {os: string; architecture: string; variant?: string};

/** API versions from which the engine takes or reports platforms (docker/cli's flag annotations). */
export const platformApi = {
	/** GET /images/json?manifests=1. */
	list: '1.47',
	/** history, save and load with `platform`. */
	history: '1.48',
	save: '1.48',
	load: '1.48',
	/** GET /images/{name}/json?platform=. */
	inspect: '1.49',
	/** POST /images/{name}/push?platform=. */
	push: '1.46',
} as const;

export function supportsPlatform(apiVersion: string, what: keyof typeof platformApi): boolean {
	return apiVersion !== '' && apiAtLeast(apiVersion, platformApi[what]);
}

export class PlatformSyntaxError extends Error {
	override name = 'PlatformSyntaxError';
}

const part = /^[a-z0-9_.-]+$/;

/** "linux/arm64/v8" → a Platform; refuses anything but os/arch[/variant] of lower-case words. */
export function parsePlatform(text: string): Platform {
	const parts = text.trim().split('/');
	if (parts.length < 2 || parts.length > 3 || parts.some(each => !part.test(each))) {
		throw new PlatformSyntaxError(`invalid platform "${text}": expected os/arch[/variant], e.g. linux/arm64`);
	}

	const [os, architecture, variant] = parts as [string, string, string?];
	return variant === undefined ? {os, architecture} : {os, architecture, variant};
}

/** containerd's platforms.Format: "unknown" without an os, else os/arch/variant with empty parts left out. */
export function formatPlatform(platform: Platform): string {
	if (!platform.os) {
		return 'unknown';
	}

	return [platform.os, platform.architecture, platform.variant].filter(Boolean).join('/');
}

// containerd's normalization, the part that matters for matching: aliases of an
// architecture, and the variant an architecture has when none is written.
const archAliases: Record<string, string> = {x86_64: 'amd64', 'x86-64': 'amd64', aarch64: 'arm64', armhf: 'arm', armel: 'arm', i386: '386'};
const defaultVariant: Record<string, string> = {arm64: 'v8', arm: 'v7'};

export function normalizePlatform(platform: Platform): Platform {
	const architecture = archAliases[platform.architecture] ?? platform.architecture;
	const variant = platform.variant ?? defaultVariant[architecture];
	return variant === undefined ? {os: platform.os, architecture} : {os: platform.os, architecture, variant};
}

export function samePlatform(a: Platform, b: Platform): boolean {
	const x = normalizePlatform(a);
	const y = normalizePlatform(b);
	return x.os === y.os && x.architecture === y.architecture && x.variant === y.variant;
}

/** The `platform` query value of history, inspect, save, load and push: an OCI platform as JSON. */
export function platformQuery(platform: Platform): string {
	return JSON.stringify(platform.variant ? {os: platform.os, architecture: platform.architecture, variant: platform.variant} : {os: platform.os, architecture: platform.architecture});
}

/** A platform was asked of an engine whose API cannot take one there. */
export class PlatformUnsupportedError extends Error {
	override name = 'PlatformUnsupportedError';
	constructor(readonly what: keyof typeof platformApi, readonly apiVersion: string) {
		super(`a platform for ${what} needs API ${platformApi[what]}; the engine's is ${apiVersion || 'unknown'}`);
	}
}

/** The query for an operation that may take a platform: none without one, an error when the API is too old. */
export function platformParameter(apiVersion: string, what: keyof typeof platformApi, platform: Platform | undefined): {platform?: string} {
	if (!platform) {
		return {};
	}

	if (!supportsPlatform(apiVersion, what)) {
		throw new PlatformUnsupportedError(what, apiVersion);
	}

	return {platform: platformQuery(platform)};
}

/** A platform object as engines and registries write it ({os, architecture, variant?}); undefined when it names neither. */
export function readPlatform(value: unknown): Platform | undefined {
	const raw = asRecord(value);
	const os = asString(raw.os);
	const architecture = asString(raw.architecture);
	if (os === '' && architecture === '') {
		return undefined;
	}

	const variant = asString(raw.variant);
	return variant === '' ? {os, architecture} : {os, architecture, variant};
}

/** The engine's own platform (from /info) as a scan's pick, as docker run picks when none is asked for. */
export function enginePlatform(info: {os?: string; arch?: string} | undefined): {platform: Platform; explicit: false} | undefined {
	return info?.os && info.arch ? {platform: {os: info.os, architecture: info.arch}, explicit: false} : undefined;
}
