/**
 * Counts the bursts in which a callback is called: calls made in one go (from one
 * read of a socket) count once, since the next turn of the event loop ends a burst.
 */
export function burstCounter(): {tick(): void; bursts(): number} {
	let bursts = 0;
	let inBurst = false;
	return {
		tick() {
			if (!inBurst) {
				inBurst = true;
				bursts++;
				setImmediate(() => {
					inBurst = false;
				});
			}
		},
		bursts: () => bursts,
	};
}
