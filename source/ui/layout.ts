// How the screen is divided among the panes for a terminal size.
export type Layout = {
	mode: 'wide' | 'stacked';
	/** Width of the images pane (the whole width when stacked). */
	listWidth: number;
	/** Width of the history and usage panes. */
	sideWidth: number;
	listHeight: number;
	historyHeight: number;
	/** 0 when usage collapses into a one-line summary. */
	usageHeight: number;
	usageCollapsed: boolean;
	bodyHeight: number;
};

/** Rows of the usage table: its header plus four categories. */
const usageRows = 5;

export function computeLayout(columns: number, rows: number): Layout {
	// The header and the status line take one row each; each pane has a title row.
	const bodyHeight = Math.max(rows - 2, 3);
	const usageCollapsed = rows < 20;
	const usageBlock = usageCollapsed ? 1 : usageRows + 1;
	if (columns >= 130 && !usageCollapsed) {
		// The list gets the larger share; the side needs ~68 columns for the usage table.
		const sideWidth = Math.max(Math.floor(columns * 0.4), 68);
		const listWidth = columns - sideWidth - 1;
		return {mode: 'wide', listWidth, sideWidth, listHeight: bodyHeight - 1, historyHeight: Math.max(bodyHeight - usageBlock - 1, 1), usageHeight: usageRows, usageCollapsed, bodyHeight};
	}

	const panes = Math.max(bodyHeight - usageBlock, 2);
	const listBlock = Math.max(Math.ceil(panes * 0.55), 2);
	const historyBlock = Math.max(panes - listBlock, 1);
	return {
		mode: 'stacked',
		listWidth: columns,
		sideWidth: columns,
		listHeight: Math.max(listBlock - 1, 1),
		historyHeight: Math.max(historyBlock - 1, 0),
		usageHeight: usageCollapsed ? 0 : usageRows,
		usageCollapsed,
		bodyHeight,
	};
}
