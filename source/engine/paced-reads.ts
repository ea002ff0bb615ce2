// Reads an HTTP response in bursts. The engine flushes every progress line the
// moment it has it (a push: ~300 lines over a few seconds), and each line woke
// the process once: on a VM a wake-up after a sleep costs 0.1-0.2 ms of CPU
// whatever little it then does, which made most of a push's CPU time. Since the
// screen shows progress at most ~15 times a second, the socket stops reading
// for a while after each chunk; what the engine sends meanwhile waits in the
// kernel's buffer and comes in with one read (measured, bare http reading a
// 31-layer push: 65-85 ms CPU unpaced, 40-50 ms paced at 66 ms). A rest still
// costs one wake-up of its own: libuv takes a stopped socket out of epoll only
// when its next data arrives, so that arrival wakes the process once for nothing.
//
// A stream that is not a trickle is not paced: a read that brought 16 kB or more
// (a chatty build step, say) is followed by the next at once, since a rest would
// only cap it at one read per interval and hold up the engine's writes.
//
// Node has no public call that stops a socket's reads at once: pause() only
// stops delivery, and libuv goes on reading into the buffer. So this stops the
// handle itself (readStop/readStart, what net.Socket uses inside) and leaves
// Node's own `reading` flag alone, so that Node neither restarts it early nor
// loses track of it. Where the socket has no such handle (our SSH channels),
// reads are not paced.
import type {Socket} from 'node:net';

type StreamHandle = {reading?: boolean; readStart(): number; readStop(): number};

const fastReadBytes = 16 * 1024;

export type ReadPacer = {
	/** After a chunk has been handled: stop reading until the interval is over. */
	chunk(): void;
	/** The stream is done with (ended, failed, aborted): reading as before. */
	stop(): void;
};

const unpaced: ReadPacer = {
	chunk() {},
	stop() {},
};

function handleOf(socket: Socket | undefined): StreamHandle | undefined {
	const handle = (socket as {_handle?: Partial<StreamHandle>} | undefined)?._handle;
	return typeof handle?.readStop === 'function' && typeof handle.readStart === 'function' ? handle as StreamHandle : undefined;
}

/** A pacer for `stream` when it is an HTTP response on a socket whose reads can be stopped. */
export function paceReads(stream: NodeJS.ReadableStream, intervalMs: number): ReadPacer {
	const socket = (stream as {socket?: Socket | null}).socket ?? undefined;
	const handle = handleOf(socket);
	if (!socket || !handle || intervalMs <= 0) {
		return unpaced;
	}

	let timer: NodeJS.Timeout | undefined;
	// Bytes the socket had read when the last read was judged, and the verdict: one read
	// is often several chunks of the response, and they share the verdict.
	let judgedAt = socket.bytesRead;
	let fast = false;
	const resume = () => {
		clearTimeout(timer);
		timer = undefined;
		// `reading` false means Node stopped the handle itself (backpressure) and restarts it when it wants.
		if (!socket.destroyed && handleOf(socket) === handle && handle.reading !== false) {
			handle.readStart();
		}
	};

	return {
		chunk() {
			if (timer !== undefined || socket.destroyed || handle.reading === false) {
				return;
			}

			if (socket.bytesRead !== judgedAt) {
				fast = socket.bytesRead - judgedAt >= fastReadBytes;
				judgedAt = socket.bytesRead;
			}

			if (fast) {
				return;
			}

			handle.readStop();
			timer = setTimeout(resume, intervalMs);
		},
		stop() {
			// Back to reading before the socket returns to the keep-alive pool.
			if (timer !== undefined) {
				resume();
			}
		},
	};
}
