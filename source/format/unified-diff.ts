// `diff -u` of two texts: Myers' O(ND) shortest edit script over lines, printed as
// hunks with three lines of context. Pure; lines are returned as they are (the
// caller sanitizes them for the terminal).

type Edit = {kind: ' ' | '-' | '+'; line: string};

/** The edits turning `a` into `b`; undefined when they differ in more than `maxEdits` lines. */
export function lineEdits(a: readonly string[], b: readonly string[], maxEdits = 20_000): Edit[] | undefined {
	const n = a.length;
	const m = b.length;
	const max = Math.min(n + m, maxEdits);
	const offset = max + 1;
	const v = new Int32Array(2 * max + 3);
	const trace: Int32Array[] = [];
	for (let d = 0; d <= max; d++) {
		trace.push(v.slice());
		for (let k = -d; k <= d; k += 2) {
			let x = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
			let y = x - k;
			while (x < n && y < m && a[x] === b[y]) {
				x++;
				y++;
			}

			v[offset + k] = x;
			if (x >= n && y >= m) {
				return backtrack(trace, a, b, offset, d);
			}
		}
	}

	return undefined;
}

function backtrack(trace: readonly Int32Array[], a: readonly string[], b: readonly string[], offset: number, depth: number): Edit[] {
	const edits: Edit[] = [];
	let x = a.length;
	let y = b.length;
	for (let d = depth; d > 0; d--) {
		const v = trace[d]!;
		const k = x - y;
		const previous = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? k + 1 : k - 1;
		const startX = v[offset + previous]!;
		const startY = startX - previous;
		while (x > startX && y > startY) {
			edits.push({kind: ' ', line: a[--x]!});
			y--;
		}

		if (x === startX) {
			edits.push({kind: '+', line: b[--y]!});
		} else {
			edits.push({kind: '-', line: a[--x]!});
		}
	}

	while (x > 0 && y > 0) {
		edits.push({kind: ' ', line: a[--x]!});
		y--;
	}

	return edits.reverse();
}

/** As GNU diff writes a hunk's range: `start,count`, just `start` for one line, the line before for none. */
const range = (from: number, count: number) => (count === 1 ? String(from + 1) : `${count === 0 ? from : from + 1},${count}`);

/** Hunks as `diff -u` prints them (without the --- and +++ lines); [] when the texts are equal. */
export function unifiedHunks(a: readonly string[], b: readonly string[], context = 3): string[] | undefined {
	const edits = lineEdits(a, b);
	if (!edits) {
		return undefined;
	}

	const lines: string[] = [];
	let index = 0;
	// Position in a and b of each edit.
	const positions: Array<[number, number]> = [];
	let lineA = 0;
	let lineB = 0;
	for (const edit of edits) {
		positions.push([lineA, lineB]);
		if (edit.kind !== '+') {
			lineA++;
		}

		if (edit.kind !== '-') {
			lineB++;
		}
	}

	while (index < edits.length) {
		if (edits[index]!.kind === ' ') {
			index++;
			continue;
		}

		const start = Math.max(index - context, 0);
		let end = index;
		// Extend while the next change is within two contexts of this one.
		for (let at = index; at < edits.length; at++) {
			if (edits[at]!.kind !== ' ') {
				end = at;
			} else if (at - end > 2 * context) {
				break;
			}
		}

		const stop = Math.min(end + context + 1, edits.length);
		const hunk = edits.slice(start, stop);
		const [fromA, fromB] = positions[start]!;
		const countA = hunk.filter(edit => edit.kind !== '+').length;
		const countB = hunk.filter(edit => edit.kind !== '-').length;
		lines.push(`@@ -${range(fromA, countA)} +${range(fromB, countB)} @@`);
		lines.push(...hunk.map(edit => `${edit.kind}${edit.line}`));
		index = stop;
	}

	return lines;
}
