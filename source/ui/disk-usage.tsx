import {Box, Text} from 'ink';
import {clip} from '../format/clip.ts';
import React from 'react';
import type {DiskUsage, UsageCategory} from '../engine/types.ts';
import {formatHumanSize} from '../format/size.ts';
import {bar, fit} from './text.ts';

/** `error` with `usage`: the last numbers stay, dimmed (the title says why), until a retry brings new ones. */
type Props = {usage?: DiskUsage; error?: string; height: number; width: number};

/** "1.984MB (100%)", as `docker system df` prints RECLAIMABLE. */
export function reclaimableText(category: UsageCategory): string {
	const size = formatHumanSize(category.reclaimable);
	if (category.showPercent && category.size > 0) {
		return `${size} (${Math.trunc((category.reclaimable * 100) / category.size)}%)`;
	}

	return size;
}

const categories = [
	['Images', 'images'],
	['Containers', 'containers'],
	['Local Volumes', 'volumes'],
	['Build Cache', 'buildCache'],
] as const;

export function usageLines(usage: DiskUsage, width: number): string[] {
	const spare = width - 66;
	const barWidth = spare >= 8 ? Math.min(20, spare) : 0;
	const lines = [` ${fit('TYPE', 14)}  ${fit('TOTAL', 6)}  ${fit('ACTIVE', 6)}  ${fit('SIZE', 10)}  ${fit('RECLAIMABLE', 16)}${barWidth > 0 ? '  RECLAIMABLE SHARE' : ''}`];
	for (const [title, key] of categories) {
		const category = usage[key];
		if (category.unreported) {
			// What the engine did not say is said in words, in the row itself, never drawn as 0B.
			lines.push(` ${fit(title, 14)}  ${fit(String(category.total), 6)}  ${fit(String(category.active), 6)}  ${fit('unknown', 10)}  ${fit('unknown', 16)}  ${category.unreported}`);
			continue;
		}

		const share = category.size > 0 ? category.reclaimable / category.size : 0;
		lines.push(` ${fit(title, 14)}  ${fit(String(category.total), 6)}  ${fit(String(category.active), 6)}  ${fit(formatHumanSize(category.size), 10)}  ${fit(reclaimableText(category), 16)}${barWidth > 0 ? '  ' + bar(share, barWidth) : ''}`);
	}

	return lines;
}

/** One line for small terminals. */
export function usageSummary(usage: DiskUsage): string {
	return categories.map(([title, key]) => `${title} ${usage[key].unreported ? 'unknown' : formatHumanSize(usage[key].size)}`).join(' · ');
}

export function DiskUsagePane({usage, error, height, width}: Props) {
	let lines: string[];
	if (usage) {
		// The last numbers, dimmed; the pane's title says why they are stale.
		lines = usageLines(usage, width);
	} else if (error) {
		lines = [error];
	} else {
		lines = ['Loading disk usage…'];
	}

	return (
		<Box flexDirection="column" height={height} width={width} overflow="hidden">
			{lines.slice(0, height).map((line, index) => (
				<Text key={line.slice(0, 15)} wrap="truncate-end" bold={index === 0 && Boolean(usage)} dimColor={Boolean(usage) && (index === 0 || Boolean(error))} color={error && !usage ? 'red' : undefined}>
					{clip(line, width)}
				</Text>
			))}
		</Box>
	);
}
