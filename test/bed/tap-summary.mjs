// The counts node's TAP reporter prints last (`# pass 12`), for the matrix summary.
export function tapSummary(tap) {
	const count = key => Number(new RegExp(`^# ${key} (\\d+)$`, 'm').exec(tap)?.[1] ?? 0);
	return {tests: count('tests'), pass: count('pass'), fail: count('fail'), skipped: count('skipped') + count('todo'), cancelled: count('cancelled')};
}

/**
 * The tests that failed in a TAP report, for the lines printed after the matrix, where
 * the end of a long log still shows them: each with its name, where it is and the first
 * `errorLines` lines of its error. A suite that failed only because a test in it did is
 * left out (its test is listed).
 */
export function tapFailures(tap, errorLines = 12) {
	const lines = tap.split('\n');
	const failures = [];
	for (const [index, line] of lines.entries()) {
		const head = /^(\s*)not ok \d+ - (.*)$/.exec(line);
		if (!head) continue;
		const indent = `${head[1]}  `;
		const block = [];
		// The YAML block after the `---` line below the test's, up to its `...`.
		for (let at = index + 2; at < lines.length; at++) {
			const next = lines[at];
			if (next === `${indent}...` || !next.startsWith(indent)) break;
			block.push(next.slice(indent.length));
		}
		const field = key => /^'?(.*?)'?$/.exec(block.find(each => each.startsWith(`${key}: `))?.slice(key.length + 2) ?? '')?.[1] ?? '';
		if (field('failureType') === 'subtestsFailed') continue;
		const at = block.findIndex(each => each.startsWith('error: '));
		let error = at < 0 ? [] : [field('error')];
		if (error[0] === '|-') {
			const rest = block.slice(at + 1);
			const end = rest.findIndex(each => !each.startsWith('  '));
			error = rest.slice(0, end < 0 ? rest.length : end).map(each => each.slice(2));
		}
		failures.push({name: head[2], location: field('location'), error: error.filter(each => each.trim() !== '').slice(0, errorLines)});
	}
	return failures;
}
