// BuildKit's progress over the Engine API: `{"id":"moby.buildkit.trace","aux":"<base64>"}`
// lines, each a protobuf moby.buildkit.v1.StatusResponse (buildkit
// api/services/control/control.proto). Decoded here into our own types, every
// string from the build made inert: vertex names and logs come from the Dockerfile
// and from what its commands print.
import {sanitizeLine, sanitizeText} from '../../format/sanitize.ts';
import {asBytes, asNumber, asString, readFields, type Field} from './protobuf.ts';

export type TraceVertex = {
	digest: string;
	name: string;
	cached: boolean;
	/** Milliseconds since the epoch. */
	started?: number;
	completed?: number;
	error?: string;
};

/** Progress inside a vertex (a layer pulled, bytes transferred). */
export type TraceStatus = {id: string; vertex: string; current: number; total: number; completed?: number};

/** Output of a vertex's command: `stream` 1 stdout, 2 stderr; `text` may end mid-line (the next log goes on with it). */
export type TraceLog = {vertex: string; stream: number; text: string};

export type Trace = {vertexes: TraceVertex[]; statuses: TraceStatus[]; logs: TraceLog[]; warnings: string[]};

export const traceId = 'moby.buildkit.trace';

function timestamp(field: Field): number | undefined {
	let seconds = 0;
	let nanos = 0;
	for (const part of readFields(asBytes(field))) {
		if (part.number === 1) {
			seconds = asNumber(part);
		} else if (part.number === 2) {
			nanos = asNumber(part);
		}
	}

	// The zero time means "not yet" (Go's nil *Timestamp is absent, but some send 0).
	return seconds <= 0 ? undefined : seconds * 1000 + Math.floor(nanos / 1e6);
}

function vertex(bytes: Buffer): TraceVertex {
	const result: TraceVertex = {digest: '', name: '', cached: false};
	for (const field of readFields(bytes)) {
		switch (field.number) {
			case 1: { result.digest = sanitizeLine(asString(field)); break; }
			case 3: { result.name = sanitizeLine(asString(field)); break; }
			case 4: { result.cached = asNumber(field) !== 0; break; }
			case 5: { result.started = timestamp(field); break; }
			case 6: { result.completed = timestamp(field); break; }
			case 7: { result.error = sanitizeLine(asString(field)); break; }
			default:
		}
	}

	return result;
}

function status(bytes: Buffer): TraceStatus {
	const result: TraceStatus = {id: '', vertex: '', current: 0, total: 0};
	for (const field of readFields(bytes)) {
		switch (field.number) {
			case 1: { result.id = sanitizeLine(asString(field)); break; }
			case 2: { result.vertex = sanitizeLine(asString(field)); break; }
			case 4: { result.current = asNumber(field); break; }
			case 5: { result.total = asNumber(field); break; }
			case 8: { result.completed = timestamp(field); break; }
			default:
		}
	}

	return result;
}

function log(bytes: Buffer): TraceLog {
	const result: TraceLog = {vertex: '', stream: 1, text: ''};
	for (const field of readFields(bytes)) {
		switch (field.number) {
			case 1: { result.vertex = sanitizeLine(asString(field)); break; }
			case 3: { result.stream = asNumber(field); break; }
			// A carriage return redraws a line (a download's percentage): each redraw is kept as a line.
			case 4: { result.text = sanitizeText(asString(field).replace(/\r\n?/g, '\n')); break; }
			default:
		}
	}

	return result;
}

function warning(bytes: Buffer): string {
	const short = readFields(bytes).find(field => field.number === 3);
	return short ? sanitizeLine(asString(short)) : '';
}

/** One trace line's aux → what it says. Throws on bytes that are not a StatusResponse. */
export function decodeTrace(base64: string): Trace {
	const trace: Trace = {vertexes: [], statuses: [], logs: [], warnings: []};
	for (const field of readFields(Buffer.from(base64, 'base64'))) {
		if (field.wire !== 2) {
			continue;
		}

		switch (field.number) {
			case 1: { trace.vertexes.push(vertex(asBytes(field))); break; }
			case 2: { trace.statuses.push(status(asBytes(field))); break; }
			case 3: { trace.logs.push(log(asBytes(field))); break; }
			case 4: { trace.warnings.push(warning(asBytes(field))); break; }
			default:
		}
	}

	return trace;
}
