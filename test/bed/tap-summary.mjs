// The counts node's TAP reporter prints last (`# pass 12`), for the matrix summary.
export function tapSummary(tap) {
	const count = key => Number(new RegExp(`^# ${key} (\\d+)$`, 'm').exec(tap)?.[1] ?? 0);
	return {tests: count('tests'), pass: count('pass'), fail: count('fail'), skipped: count('skipped') + count('todo'), cancelled: count('cancelled')};
}
