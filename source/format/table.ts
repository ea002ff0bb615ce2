// The docker CLI's table layout: Go's tabwriter with minwidth 10, padding 3,
// and no padding after the last column.
export function formatTable(rows: readonly (readonly string[])[]): string {
	const widths: number[] = [];
	for (const row of rows) {
		for (const [index, cell] of row.entries()) {
			if (index < row.length - 1) {
				widths[index] = Math.max(widths[index] ?? 10, cell.length + 3);
			}
		}
	}

	return rows.map(row => row.map((cell, index) => (index < row.length - 1 ? cell.padEnd(widths[index]!) : cell)).join('')).join('\n');
}
