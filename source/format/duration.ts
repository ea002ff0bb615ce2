// go-units duration.go HumanDuration, as `docker images` prints CREATED.
export function humanDuration(milliseconds: number): string {
	const seconds = Math.trunc(milliseconds / 1000);
	if (seconds < 1) {
		return 'Less than a second';
	}

	if (seconds === 1) {
		return '1 second';
	}

	if (seconds < 60) {
		return `${seconds} seconds`;
	}

	const minutes = Math.trunc(milliseconds / 60_000);
	if (minutes === 1) {
		return 'About a minute';
	}

	if (minutes < 60) {
		return `${minutes} minutes`;
	}

	const exactHours = milliseconds / 3_600_000;
	// Go's math.Round rounds half away from zero, as Math.round does for positives.
	const hours = Math.round(exactHours);
	if (hours === 1) {
		return 'About an hour';
	}

	if (hours < 48) {
		return `${hours} hours`;
	}

	if (hours < 24 * 7 * 2) {
		return `${Math.trunc(hours / 24)} days`;
	}

	if (hours < 24 * 30 * 2) {
		return `${Math.trunc(hours / 24 / 7)} weeks`;
	}

	if (hours < 24 * 365 * 2) {
		return `${Math.trunc(hours / 24 / 30)} months`;
	}

	return `${Math.trunc(Math.trunc(exactHours) / 24 / 365)} years`;
}

/** `docker images` CREATED column: created is Unix seconds. */
export function createdAgo(createdSeconds: number, nowMs: number = Date.now()): string {
	if (!Number.isFinite(createdSeconds)) {
		return 'N/A';
	}

	return humanDuration(nowMs - createdSeconds * 1000) + ' ago';
}
