// The first frame, drawn before Ink, React and the UI are loaded (80-120 ms of a start at 1,000 images)
// when the engine's list is already here: the header and the images pane as the UI's first frame
// draws them, from the same pure pieces (rows, sort, columns, layout, pane rule). The UI's first
// frame then replaces it whole, and the keys typed meanwhile wait in the terminal for it.
import {supportsColor} from 'chalk';
import {clip, fitCells} from '../format/clip.ts';
import {earlyListReads} from '../engine/early-list-reads.ts';
import {dialectOf} from '../engine/engine-dialect.ts';
import {withDialect} from '../engine/parse.ts';
import type {ImageSummary} from '../engine/types.ts';
import {toRows} from '../store/image-rows.ts';
import {filterRows, sortRows} from '../store/select-rows.ts';
import {initialState} from '../store/state.ts';
import {headerLine, layoutColumns, measure, rowLine, tableWidth} from '../ui/image-columns.ts';
import {computeLayout} from '../ui/layout.ts';
import {headerKeys, paneRule} from '../ui/text.ts';

export const enterAlternate = '\u001B[?1049h';
export const leaveAlternate = '\u001B[?1049l';
export const hideCursor = '\u001B[?25l';
export const showCursor = '\u001B[?25h';

/** Styled only where Ink's own text is: chalk's reading of FORCE_COLOR, the terminal and TERM. */
const inkStyles = supportsColor !== false && supportsColor.level > 0;
/** ink-spinner's "dots", its first frame: what the header shows while connecting. */
const spinner = '⠋';
const name = 'stowage';

/** `version` and `images`: the early answers (engine/early-list.ts), as they came; `styles`: bold, colours and inverse (Ink's choice by default). */
export type Paint = {version: unknown; images: ImageSummary[]; endpointLabel: string; columns: number; rows: number; now: number; styles?: boolean};

/** The frame's lines, top down, as styled text each within `columns` cells; the rows below them stay blank. */
export function firstFrameLines({version, images, endpointLabel, columns, rows, now, styles = inkStyles}: Paint): string[] {
	const style = (codes: string, text: string) => (styles ? `\u001B[${codes}m${text}\u001B[0m` : text);
	const state = initialState(endpointLabel);
	const all = sortRows(toRows(withDialect(images, dialectOf(version))), state.sort);
	const shown = filterRows(all, state.filter, state.showUntagged);
	const measured = measure(all, now);
	const layout = computeLayout(columns, rows, 0, tableWidth(measured));
	const width = layout.listWidth;
	// The header: the name, where it is (cut first when narrow), connecting; the keys at the right end.
	const left = Math.max(columns - headerKeys.length, 0);
	const connecting = `  ${spinner} connecting`;
	// The label cut to leave room for "connecting", the rest padded to the keys.
	const label = clip(` ${endpointLabel}`, Math.max(left - name.length - connecting.length, 0));
	const rest = fitCells(label + connecting, Math.max(left - name.length, 0));
	const at = rest.lastIndexOf(connecting);
	const head = left > name.length && at !== -1 ? `${style('1;36', name)}${rest.slice(0, at)}${style('33', connecting)}${rest.slice(at + connecting.length)}` : fitCells(name, left);
	const lines = [head + style('2', clip(headerKeys, columns - left))];
	const title = `Images ${shown.length === all.length ? all.length : `${shown.length}/${all.length}`}`;
	lines.push(style('1;36', paneRule(title, `sort: ${state.sort}`, width).join('')));
	const table = layoutColumns(width, measured);
	lines.push(style('1;2', clip(headerLine(table), width)));
	// The list's own height holds its column header; the cursor is on the first row.
	for (const [index, row] of shown.slice(0, Math.max(layout.listHeight - 1, 0)).entries()) {
		const line = clip(rowLine(row, table, now, false, false, false), width);
		lines.push(index === 0 ? style('7;1', line) : row.untagged ? style('2', line) : line);
	}

	return lines;
}

/**
 * The whole paint: the alternate screen, each line at its row, the cursor hidden and left home for the
 * UI. Undefined when the UI will not draw this list: one that does not read as the pinned API's would
 * (the engine lists platforms, or its API is not the one pinned) is asked for again.
 */
export function firstFrame(paint: Paint): string | undefined {
	if (!earlyListReads(paint.version)) {
		return undefined;
	}

	const lines = firstFrameLines(paint).slice(0, paint.rows);
	return `${enterAlternate}${hideCursor}\u001B[H\u001B[J${lines.map((line, index) => `\u001B[${index + 1};1H${line}`).join('')}\u001B[H`;
}

/**
 * The UI's first frame clears the painted one in the same write (no blank screen between them), so
 * nothing of it is left where the UI draws less: the first write that holds a line break gets the clear.
 */
export function clearOnFirstFrame(stream: NodeJS.WriteStream): void {
	const write = stream.write;
	stream.write = function (this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]) {
		if (typeof chunk === 'string' && chunk.includes('\n')) {
			stream.write = write;
			return (write as (...args: unknown[]) => boolean).call(this, `\u001B[H\u001B[J${chunk}`, ...rest);
		}

		return (write as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
	} as typeof stream.write;
}
