// How the screen is divided among the panes for a terminal size.
export type Layout = {
	mode: 'wide' | 'stacked';
	/** Width of the images pane (the whole width when stacked). */
	listWidth: number;
	/** Width of the history, jobs and usage panes. */
	sideWidth: number;
	listHeight: number;
	historyHeight: number;
	/** Rows under the jobs pane's title; 0 when it folds into one line. */
	jobsHeight: number;
	/** 0 when usage folds into a one-line summary. */
	usageHeight: number;
	/** Short terminals fold the jobs and usage panes into one line each. */
	compact: boolean;
	bodyHeight: number;
};

/** Rows of the usage table: its header plus four categories. */
const usageRows = 5;
/** What the side needs beside the list: the usage table is 66 columns. */
const sideMin = 68;
/** Below this many rows a stacked screen folds usage, and jobs while there are none, into one line each. */
const roomyRows = 32;

/**
 * `listWant`: the columns the images table needs (image-columns.ts `tableWidth`). Side by side,
 * the list gets that and the side panes the rest, so history's commands and job references
 * are cut as late as possible.
 */
export function computeLayout(columns: number, rows: number, jobCount = 0, listWant = 0): Layout {
	// The header and the status line take one row each; each pane has a title row.
	const bodyHeight = Math.max(rows - 2, 3);
	const compact = rows < 20;
	if (columns >= 160 && !compact) {
		const jobsHeight = jobCount === 0 ? 1 : Math.min(rows >= 36 ? 8 : 5, 2 + jobCount * 3);
		const listWidth = Math.min(Math.max(listWant, 60), columns - sideMin - 1);
		const historyHeight = Math.max(bodyHeight - (usageRows + 1) - (jobsHeight + 1) - 1, 1);
		return {mode: 'wide', listWidth, sideWidth: columns - listWidth - 1, listHeight: bodyHeight - 1, historyHeight, jobsHeight, usageHeight: usageRows, compact, bodyHeight};
	}

	// Stacked, the list comes first: the others fold or shrink before it does.
	const roomy = rows >= roomyRows;
	let jobsHeight = 0;
	if (!compact && (jobCount > 0 || roomy)) {
		jobsHeight = jobCount === 0 ? 1 : Math.min(rows >= 36 ? 8 : (roomy ? 5 : 3), 2 + jobCount * 3);
	}

	const usageHeight = !compact && roomy ? usageRows : 0;
	const panes = Math.max(bodyHeight - (usageHeight + 1) - (jobsHeight + 1), 2);
	const listBlock = Math.max(Math.ceil(panes * 0.6), 2);
	const historyBlock = Math.max(panes - listBlock, 1);
	return {mode: 'stacked', listWidth: columns, sideWidth: columns, listHeight: Math.max(listBlock - 1, 1), historyHeight: Math.max(historyBlock - 1, 0), jobsHeight, usageHeight, compact, bodyHeight};
}
