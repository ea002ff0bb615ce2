// What the `c` switcher offers: the docker contexts, then hosts used before,
// each with where it points and whether it is open already.
import {listContexts, recentHosts} from '../engine/contexts.ts';
import {hostLabel, resolveEndpoint} from '../engine/endpoint.ts';
import {sanitizeLine} from '../format/sanitize.ts';
import type {HostTarget} from './hosts.ts';

export type SwitchEntry = {
	label: string;
	detail: string;
	target?: HostTarget;
	/** Why it cannot be opened. */
	error?: string;
	open: boolean;
	active: boolean;
	/** The docker CLI's current context. */
	current: boolean;
};

export function switchEntries(openKeys: ReadonlySet<string>, activeKey: string, env: NodeJS.ProcessEnv = process.env): SwitchEntry[] {
	const entries: SwitchEntry[] = [];
	const seen = new Set<string>();
	for (const context of listContexts(env)) {
		const url = context.resolved?.endpoint.url ?? '';
		seen.add(url);
		entries.push({
			label: context.name,
			detail: [url, context.description].filter(Boolean).join(' · '),
			target: context.resolved ? {label: hostLabel(context.resolved), resolved: context.resolved} : undefined,
			error: context.error,
			open: openKeys.has(url),
			active: url === activeKey,
			current: context.current,
		});
	}

	for (const url of recentHosts(env)) {
		try {
			const resolved = resolveEndpoint({host: url, env});
			if (seen.has(resolved.endpoint.url)) {
				continue;
			}

			seen.add(resolved.endpoint.url);
			entries.push({label: resolved.endpoint.url, detail: 'used before', target: {label: hostLabel(resolved), resolved}, open: openKeys.has(resolved.endpoint.url), active: resolved.endpoint.url === activeKey, current: false});
		} catch (error) {
			entries.push({label: url, detail: 'used before', error: error instanceof Error ? error.message : String(error), open: false, active: false, current: false});
		}
	}

	// Names, descriptions and errors come from files under ~/.docker: shown inert.
	return entries.map(entry => ({
		...entry,
		label: sanitizeLine(entry.label),
		detail: sanitizeLine(entry.detail),
		error: entry.error === undefined ? undefined : sanitizeLine(entry.error),
		target: entry.target && {...entry.target, label: sanitizeLine(entry.target.label)},
	}));
}
