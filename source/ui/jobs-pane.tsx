import {Box, Text} from 'ink';
import Spinner from 'ink-spinner';
import React, {useRef} from 'react';
import type {Job} from '../store/jobs.ts';
import {firstShown, jobBlocks, jobsTitle, jobsWindow} from './job-lines.ts';
import {clip} from '../format/clip.ts';
import {PaneTitle} from './pane-title.tsx';

/** `height`: rows under the pane's title. */
type Props = {
	jobs: readonly Job[];
	cursor: number;
	height: number;
	width: number;
	focused: boolean;
	now: number;
	/** The pane's keys, from the command registry, shown in its title while focused. */
	hints?: string;
	/** The first running job's mark spins (false while the header's does: one spinner on screen). */
	spin?: boolean;
};

export function JobsPane({jobs, cursor, height, width, focused, now, hints, spin = false}: Props) {
	// The first job drawn, by id: a new job on top must not shift the view under a cursor further down.
	const firstId = useRef<number | undefined>(undefined);
	if (jobs.length === 0) {
		return (
			<Box flexDirection="column" width={width}>
				<PaneTitle title={jobsTitle(jobs)} focused={focused} width={width}/>
				<Box height={height} width={width}>
					<Text dimColor wrap="truncate-end"> No jobs yet: p pull · b build · L load · l log in · ? all keys</Text>
				</Box>
			</Box>
		);
	}

	const blocks = jobBlocks(jobs, cursor, width, now, height);
	const previous = jobs.findIndex(job => job.id === firstId.current);
	const first = firstShown(blocks.map(block => block.length), cursor, height, Math.max(previous, 0));
	firstId.current = jobs[first]?.id;
	const view = jobsWindow(blocks, first, height);
	const spinning = spin ? view.lines.find(line => line.head && line.text.startsWith('▶'))?.key : undefined;
	return (
		<Box flexDirection="column" width={width}>
			<PaneTitle title={jobsTitle(jobs, view.above, view.below)} detail={focused ? hints : undefined} focused={focused} width={width}/>
			<Box flexDirection="column" height={height} width={width} overflow="hidden">
				{view.lines.map(line => (
					// The cursor's job stands out even unfocused: it is the one Enter and K will act on.
					<Text key={line.key} wrap="truncate-end" color={line.color} inverse={line.selected && focused} bold={line.selected} dimColor={line.dim}>
						{line.key === spinning ? <><Spinner type="dots"/>{clip(line.text, width).slice(1)}</> : clip(line.text, width)}
					</Text>
				))}
			</Box>
		</Box>
	);
}

/** The pane folded into one line, on short terminals: the cursor's job, the one Enter and K act on. */
export function JobsLine({jobs, cursor, focused, width = 200}: {jobs: readonly Job[]; cursor: number; focused: boolean; width?: number}) {
	const job = jobs[cursor];
	const detail = job ? `: ${job.kind} ${job.title} ${job.status}` : ': none yet · p pull · b build · L load';
	return (
		<Text wrap="truncate-end" color={focused ? 'cyan' : undefined} dimColor={!focused}>
			{clip(`─ ${jobsTitle(jobs)}${detail}`, width)}
		</Text>
	);
}
