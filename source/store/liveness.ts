// Whether the engine is still there, mid-session. A broken event stream or a request
// that lost its connection is a sign it may be gone: /_ping says at once. While it is
// gone, /_ping again every second; the first answer brings everything back.

export type LivenessOptions = {
	/** undefined: it answered; else why not. */
	ping(): Promise<string | undefined>;
	/** Only a connected session can lose its engine (at start-up, connect() retries by itself). */
	isConnected(): boolean;
	/** The engine is gone (again): `retryAt`, when the next /_ping goes out. */
	lost(reason: string, retryAt: number): void;
	/** /_ping answered after a loss: reconnect and reload. */
	back(): void;
	probeEveryMs?: number;
};

export type Liveness = {
	/** Something failed as if the engine were gone: check. */
	suspect(): void;
	/** Stop probing (a reconnect of another origin, Ctrl-R, or the end). */
	reset(): void;
};

export function createLiveness({ping, isConnected, lost, back, probeEveryMs = 1000}: LivenessOptions): Liveness {
	let checking = false;
	let down = false;
	let timer: NodeJS.Timeout | undefined;
	let generation = 0;

	function probe(current: number) {
		timer = setTimeout(async () => {
			const reason = await ping();
			if (current !== generation) {
				return;
			}

			if (reason === undefined) {
				down = false;
				back();
			} else {
				lost(reason, Date.now() + probeEveryMs);
				probe(current);
			}
		}, probeEveryMs);
	}

	return {
		suspect() {
			if (checking || down || !isConnected()) {
				return;
			}

			checking = true;
			const current = generation;
			void ping().then(reason => {
				checking = false;
				if (reason === undefined || current !== generation || down || !isConnected()) {
					return;
				}

				down = true;
				lost(reason, Date.now() + probeEveryMs);
				probe(current);
			});
		},
		reset() {
			generation++;
			checking = false;
			down = false;
			clearTimeout(timer);
		},
	};
}
