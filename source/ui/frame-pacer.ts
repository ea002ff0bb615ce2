// When the screen is drawn again. A key's answer is drawn at once; what the engine, a
// registry or a job sends in the meantime (pages of tags, progress, events) at most
// ~30 times a second. Ink's own render throttle cannot tell the two apart: while tags
// streamed in, a key waited for the throttle's window that the last page had opened
// (↓ 48 ms median at 2 kB/s, 10 ms at rest). So Ink draws every commit (maxFps 0 in
// run-ui.tsx) and the stores' changes reach React through here.
const frameMs = 33;

let inputDepth = 0;
let lastFlush = Number.NEGATIVE_INFINITY;
let timer: ReturnType<typeof setTimeout> | undefined;
const pending = new Set<() => void>();

function flush() {
	clearTimeout(timer);
	timer = undefined;
	lastFlush = Date.now();
	const listeners = [...pending];
	pending.clear();
	for (const listener of listeners) {
		listener();
	}
}

function changed(listener: () => void) {
	pending.add(listener);
	if (inputDepth > 0 || timer !== undefined) {
		// A key's changes go out when it has been handled; a frame is already due.
		return;
	}

	const wait = lastFlush + frameMs - Date.now();
	if (wait <= 0) {
		flush();
	} else {
		timer = setTimeout(flush, wait);
	}
}

/** Handles a key: what it changes is drawn as soon as it returns, with anything still waiting for a frame. */
export function duringInput(handle: () => void): void {
	inputDepth++;
	try {
		handle();
	} finally {
		inputDepth--;
		if (inputDepth === 0 && pending.size > 0) {
			flush();
		}
	}
}

type Subscribe = (listener: () => void) => () => void;
const paced = new WeakMap<Subscribe, Subscribe>();

/** `subscribe` (for useSyncExternalStore) whose listeners hear of changes at the pace above; the same function for the same `subscribe`. */
export function pacedSubscribe(subscribe: Subscribe): Subscribe {
	let wrapped = paced.get(subscribe);
	if (!wrapped) {
		wrapped = listener => {
			const unsubscribe = subscribe(() => changed(listener));
			return () => {
				pending.delete(listener);
				unsubscribe();
			};
		};

		paced.set(subscribe, wrapped);
	}

	return wrapped;
}
