// Fixed-width cells for table rows. Every string here is already sanitized.

export function fit(text: string, width: number): string {
	if (width <= 0) {
		return '';
	}

	if (text.length > width) {
		return width === 1 ? '…' : text.slice(0, width - 1) + '…';
	}

	return text.padEnd(width);
}

export function fitRight(text: string, width: number): string {
	return text.length > width ? fit(text, width) : text.padStart(width);
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
