// What an open overlay shows: its lines (wrapped to the screen where it wraps), the
// rows left for them, and how far it can scroll. The views draw from it and the
// reducer clamps with it, so the two cannot disagree.
import {wrapCells} from '../format/clip.ts';
import {explorerView} from './explorer-lines.ts';
import {compareLines} from './compare-state.ts';
import type {State} from './state.ts';

export type OverlayPage = {
	lines: readonly string[];
	/** Fixed lines above the scrolling ones (the explorer's step and totals). */
	heading: readonly string[];
	/** Rows for `lines`. */
	page: number;
	/** The last useful scroll position: the last page, full. */
	max: number;
	/** The first line shown. */
	top: number;
};

/** How much of one value (a history step, a log line) a wrapped view shows before it says the rest was cut. */
export const wrapLimit = 64_000;

const plain = /^[\u0020-\u007E]*$/;

/**
 * Long lines cut into screen-wide pieces (in terminal cells), for text that must be read
 * whole: up to about `wrapLimit` characters of each, then a line that says how big it was.
 */
export function wrapLines(lines: readonly string[], width: number): string[] {
	const size = Math.max(width - 1, 10);
	const rows = Math.ceil(wrapLimit / size);
	return lines.flatMap(line => (line.length <= size && plain.test(line) ? [line] : wrapCells(line, size, rows)));
}

const wrapped = new WeakMap<readonly string[], {width: number; lines: string[]}>();

function wrappedOnce(lines: readonly string[], width: number): string[] {
	const cached = wrapped.get(lines);
	if (cached?.width === width) {
		return cached.lines;
	}

	const result = wrapLines(lines, width);
	wrapped.set(lines, {width, lines: result});
	return result;
}

function page(lines: readonly string[], heading: readonly string[], chrome: number, rows: number, scroll: number): OverlayPage {
	const body = Math.max(rows - chrome - heading.length, 1);
	const max = Math.max(lines.length - body, 0);
	return {lines, heading, page: body, max, top: Math.min(Math.max(scroll, 0), max)};
}

/** The scan's status line (progress or failure) under an analysis overlay's title, if it has one. */
function scanLines(state: State, imageId: string): number {
	return state.analysis?.imageId === imageId && (state.analysis.status === 'running' || state.analysis.status === 'failed') ? 1 : 0;
}

export function overlayPage(state: State): OverlayPage | undefined {
	const {overlay, viewport} = state;
	switch (overlay.kind) {
		case 'none': {
			return undefined;
		}

		case 'help': {
			// Title and footer.
			return page(overlay.lines, [], 2, viewport.rows, overlay.scroll);
		}

		case 'inspect': {
			const lines = overlay.lines ? (overlay.wrap ? wrappedOnce(overlay.lines, viewport.columns) : overlay.lines) : [];
			// Title, footer, and the error or "Loading…" line while there are no lines.
			return page(lines, [], overlay.lines ? 2 : 3, viewport.rows, overlay.scroll);
		}

		case 'advisor': {
			return page(overlay.lines ?? [], [], 2 + scanLines(state, overlay.imageId) + (overlay.error ? 1 : 0), viewport.rows, overlay.scroll);
		}

		case 'compare': {
			const view = overlay.report ? compareLines(overlay.report, overlay.filter) : {heading: [], lines: []};
			// Title, footer, and the status or error line while there is no report.
			return page(view.lines, view.heading, overlay.report ? 2 : 3, viewport.rows, overlay.scroll);
		}

		case 'file': {
			// Title, footer, and the error or "Reading…" line while there are no lines.
			return page(overlay.lines ?? [], overlay.heading ?? [], overlay.lines ? 2 : 3, viewport.rows, overlay.scroll);
		}

		case 'explorer': {
			const scan = state.analysis?.imageId === overlay.imageId ? state.analysis.scan : undefined;
			const view = scan ? explorerView(scan, overlay.step, overlay.finalView, overlay.filter) : {heading: [], lines: []};
			return page(view.lines, view.heading, 2 + scanLines(state, overlay.imageId), viewport.rows, overlay.scroll);
		}
	}
}

/** The next line (from `from`, in `direction`) that contains `term`, wrapping around; -1 when none does. */
export function findLine(lines: readonly string[], term: string, from: number, direction: 1 | -1): number {
	const needle = term.toLowerCase();
	if (needle === '' || lines.length === 0) {
		return -1;
	}

	for (let step = 0; step < lines.length; step++) {
		const index = (((from + direction * step) % lines.length) + lines.length) % lines.length;
		if (lines[index]!.toLowerCase().includes(needle)) {
			return index;
		}
	}

	return -1;
}
