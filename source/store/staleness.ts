// What the UI says about data that is no longer current: the list and the disk usage
// keep their last good contents, dimmed and dated, while the engine is away or a refresh fails.
import type {State} from './state.ts';

/** "12:03:04", local time. */
export function clockTime(at: number): string {
	return new Date(at).toTimeString().slice(0, 8);
}

/** "stale since 12:03:04", for the list's title; undefined when the list is current. */
export function listStaleNote(state: State): string | undefined {
	if (state.staleSince === undefined || !state.imagesLoaded) {
		return undefined;
	}

	return `stale since ${clockTime(state.staleSince)}`;
}

/** The disk usage pane's title detail: stale and why, while the numbers shown are the last good ones. */
export function usageTitleDetail(state: State): string {
	const problem = usageProblem(state);
	return problem && state.usage ? `stale (retrying): ${problem}` : 'docker system df';
}

/** Why the disk usage shown is not current, when it is not. */
export function usageProblem(state: State): string | undefined {
	// While the engine is away, why it is away: a refresh that failed before (say, on the link
	// that dropped) is older news than a reconnect refused now (a changed SSH host key).
	if (state.connection.status === 'failed' && state.usage) {
		return state.connection.error;
	}

	return state.usageError;
}
