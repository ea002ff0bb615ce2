import {Box, Text} from 'ink';
import React from 'react';
import {clip} from '../format/clip.ts';
import {registryRows, type RegistryBrowser, type RegistryMark} from '../store/registry-browser.ts';
import type {Caret} from '../store/text-field.ts';
import {PaneTitle} from './pane-title.tsx';
import {filterWidth, TextField} from './text-field.tsx';

type Props = {browser: RegistryBrowser; caret: Caret; height: number; width: number; mark?: RegistryMark};

/**
 * The registry browser, where the image list is: a registry's repositories, or one repository's
 * tags; only the rows that fit are mounted. Its keys' hints are the status bar's, drawn once there.
 */
export function RegistryOverlay({browser, caret, height, width, mark}: Props) {
	const rows = registryRows(browser);
	const all = browser.level === 'repositories' ? browser.repositories.length : browser.tags.length;
	const what = browser.level === 'repositories' ? `repositories ${rows.length === all ? all : `${rows.length}/${all}`}` : `${browser.repository ?? ''} · tags ${rows.length === all ? all : `${rows.length}/${all}`}`;
	const status = browser.loading ? `${browser.loading}  (Esc cancels)` : undefined;
	const page = Math.max(height - 2 - (status ? 1 : 0) - (browser.error ? 1 : 0), 1);
	const top = Math.max(0, Math.min(browser.cursor - Math.floor(page / 2), rows.length - page));
	const position = `${rows.length === 0 ? 0 : browser.cursor + 1}/${rows.length}`;
	// The tag marked for a comparison (Space) shows *, as marked images do.
	const marked = browser.level === 'tags' && mark?.registry === browser.registry && mark.repository === browser.repository ? mark.tag : undefined;
	return (
		<Box flexDirection="column" height={height} width={width} overflow="hidden">
			<PaneTitle title={`Registry ${browser.registry} · ${what}`} focused width={width}/>
			{status ? <Text color="yellow" wrap="truncate-end">{clip(status, width)}</Text> : null}
			{browser.error ? <Text color="red" wrap="truncate-end">{clip(browser.error, width)}</Text> : null}
			<Box flexDirection="column" height={page} overflow="hidden">
				{rows.length === 0 && !browser.loading ? <Text dimColor>{browser.filter ? 'Nothing matches the filter.' : browser.level === 'repositories' ? 'No repositories.' : 'No tags.'}</Text> : null}
				{rows.slice(top, top + page).map((name, index) => (
					<Text key={`${top + index}`} wrap="truncate-end" inverse={top + index === browser.cursor}>{clip(`${top + index === browser.cursor ? '›' : ' '}${name === marked ? '*' : ' '}${name}`, width)}</Text>
				))}
			</Box>
			{browser.filtering ? (
				<Text wrap="truncate-end">
					<Text color="cyan">/</Text>
					<TextField value={browser.filter} caret={caret} width={filterWidth(width)}/>
					<Text dimColor>{`  ${rows.length} of ${all}`}</Text>
				</Text>
			) : (
				<Text dimColor wrap="truncate-end">{clip(`${position} · sort: ${browser.sort}${browser.filter ? ` · /${browser.filter}` : ''}`, width)}</Text>
			)}
		</Box>
	);
}
