// Fixed-width cells for table rows, counted in terminal cells (a wide character takes two).
import {clip, fitCells} from '../format/clip.ts';

export const fit = fitCells;

/** The header's right end: the way out and the way to every key stay on screen however narrow, the rest is cut first. */
export const headerKeys = '  ? help  q quit';

export function fitRight(text: string, width: number): string {
	const cut = clip(text, width);
	return cut.length >= width ? cut : cut.padStart(width);
}

const eighths = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/** A bar of `width` cells filled in proportion to `fraction`, in eighths of a cell. */
export function bar(fraction: number, width: number): string {
	if (width <= 0) {
		return '';
	}

	const f = Number.isFinite(fraction) ? Math.max(0, Math.min(1, fraction)) : 0;
	const units = Math.round(f * width * 8);
	const full = Math.floor(units / 8);
	const part = eighths[units % 8] ?? '';
	return ('█'.repeat(full) + part).padEnd(width, '·');
}

/** The first row to show: moves only as far as needed to keep `cursor` in view. */
export function scrollOffset(previous: number, cursor: number, count: number, height: number): number {
	if (height <= 0 || count <= height) {
		return 0;
	}

	let offset = Math.min(previous, count - height);
	if (cursor < offset) {
		offset = cursor;
	} else if (cursor >= offset + height) {
		offset = cursor - height + 1;
	}

	return Math.max(0, offset);
}

/** A pane's one-line top rule, "── Images (12) ── sort: created ─────", as its three parts. */
export function paneRule(title: string, detail: string | undefined, width: number): [head: string, tail: string, rule: string] {
	const head = clip(`─ ${title} `, width);
	const tail = detail ? clip(`─ ${detail} `, Math.max(width - head.length, 0)) : '';
	return [head, tail, '─'.repeat(Math.max(0, width - head.length - tail.length))];
}
