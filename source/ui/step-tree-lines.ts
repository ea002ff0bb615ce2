// A running BuildKit build in the jobs pane: one line per step with its state and
// time, and under a running step its last lines of output, like `docker build`'s
// TTY view. Pure, so the pane's window can count these lines before drawing them.
import {formatImageSize} from '../format/size.ts';
import {stepSeconds, type BuildStep, type StepState} from '../store/build-steps.ts';
import {fit} from './text.ts';

export type StepLine = {key: string; text: string; color?: string};

const stateColor: Partial<Record<StepState, string>> = {running: 'yellow', ERROR: 'red'};

function stepLine(step: BuildStep, now: number): StepLine {
	const moved = step.state === 'running' && step.transfer ? `  ${formatImageSize(step.transfer.current)}/${formatImageSize(step.transfer.total)}` : '';
	return {key: step.digest, text: `    ${fit(step.state, 7)} ${stepSeconds(step, now).padStart(6)}  ${step.name}${moved}`, color: stateColor[step.state]};
}

function tailLines(step: BuildStep): StepLine[] {
	return step.state === 'running' ? step.tail.map((line, index) => ({key: `${step.digest}-tail-${index}`, text: `                     │ ${line}`})) : [];
}

const finished = (step: BuildStep) => step.state === 'DONE' || step.state === 'CACHED';

/**
 * The tree in at most `rows` lines. When it does not fit, the running steps (with
 * their output) stay, then the last one finished, then the next to run, then older
 * finished ones, in the build's order, and one line counts what is left out.
 */
export function stepTreeLines(steps: readonly BuildStep[], rows: number, now: number): StepLine[] {
	const all = steps.flatMap(step => [stepLine(step, now), ...tailLines(step)]);
	if (all.length <= rows) {
		return all;
	}

	let budget = Math.max(rows - 1, 0);
	const lastFinished = steps.findLastIndex(step => finished(step));
	const rank = (step: BuildStep, index: number) => (step.state === 'running' || step.state === 'ERROR' ? 0 : index === lastFinished ? 1 : step.state === 'waiting' ? 2 : 3);
	const order = steps.map((step, index) => ({step, index, rank: rank(step, index)}))
		.sort((a, b) => a.rank - b.rank || (a.rank === 3 ? b.index - a.index : a.index - b.index));
	// Per step kept: how many of its last lines come with it (as many as fit).
	const kept = new Map<number, number>();
	for (const {step, index} of order) {
		if (budget <= 0) {
			break;
		}

		const tail = Math.min(tailLines(step).length, budget - 1);
		kept.set(index, tail);
		budget -= 1 + tail;
	}

	const hidden = {done: 0, waiting: 0};
	const lines: StepLine[] = [];
	for (const [index, step] of steps.entries()) {
		const tail = kept.get(index);
		if (tail === undefined) {
			hidden[step.state === 'waiting' ? 'waiting' : 'done']++;
			continue;
		}

		lines.push(stepLine(step, now), ...(tail > 0 ? tailLines(step).slice(-tail) : []));
	}

	const parts = [hidden.done > 0 && `${hidden.done} done`, hidden.waiting > 0 && `${hidden.waiting} waiting`].filter(Boolean);
	lines.push({key: 'steps-hidden', text: `    … ${hidden.done + hidden.waiting} more steps: ${parts.join(', ')}`});
	return lines;
}

/** Where a running build is, for its job's own line: "3/7 steps · [2/5] RUN make". */
export function stepsSummary(steps: readonly BuildStep[]): string {
	const running = steps.filter(step => step.state === 'running').at(-1);
	return `${steps.filter(step => finished(step)).length}/${steps.length} steps${running ? ` · ${running.name}` : ''}`;
}
