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

export function computeLayout(columns: number, rows: number, jobCount = 0): Layout {
	// The header and the status line take one row each; each pane has a title row.
	const bodyHeight = Math.max(rows - 2, 3);
	const compact = rows < 20;
	const jobsRows = jobCount === 0 ? 1 : Math.min(rows >= 36 ? 8 : 5, 2 + jobCount * 3);
	const usageBlock = compact ? 1 : usageRows + 1;
	const jobsBlock = compact ? 1 : jobsRows + 1;
	const common = {jobsHeight: compact ? 0 : jobsRows, usageHeight: compact ? 0 : usageRows, compact, bodyHeight};
	if (columns >= 160 && !compact) {
		// The list gets the larger share; the side needs ~68 columns for the usage table.
		const sideWidth = Math.max(Math.floor(columns * 0.4), 68);
		const listWidth = columns - sideWidth - 1;
		return {...common, mode: 'wide', listWidth, sideWidth, listHeight: bodyHeight - 1, historyHeight: Math.max(bodyHeight - usageBlock - jobsBlock - 1, 1)};
	}

	const panes = Math.max(bodyHeight - usageBlock - jobsBlock, 2);
	const listBlock = Math.max(Math.ceil(panes * 0.55), 2);
	const historyBlock = Math.max(panes - listBlock, 1);
	return {...common, mode: 'stacked', listWidth: columns, sideWidth: columns, listHeight: Math.max(listBlock - 1, 1), historyHeight: Math.max(historyBlock - 1, 0)};
}
