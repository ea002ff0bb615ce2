// `stowage ls` beside `docker images`: their tables compared cell by cell.

/** Table rows as cells, CREATED left out (it ticks between the two commands). */
export const tableCells = (table: string) => table.trim().split('\n').slice(1).map(line => {
	const parts = line.split(/\s{2,}/);
	return [parts[0], parts[1], parts[2], parts.at(-1)].join(' ');
}).sort();
