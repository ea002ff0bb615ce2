// Follows a tar stream header by header without keeping it, to tell a complete
// archive from one the engine cut short. `docker save` sends its errors as a
// 200 whose tar stops mid-file and ends in a JSON error line, so the HTTP
// status alone proves nothing: the archive is whole only if it reaches the two
// zero blocks that close a tar, with nothing but zeros after them.
import {sanitizeLine} from '../format/sanitize.ts';

const block = 512;
const tailBytes = 4096;
const paxLimit = 1 << 20;

/** Entries whose size field does not announce a body (archive/tar isHeaderOnlyType). */
const headerOnly = new Set(['1', '2', '3', '4', '5', '6']);

function isZero(bytes: Buffer): boolean {
	for (const byte of bytes) {
		if (byte !== 0) {
			return false;
		}
	}

	return true;
}

function octal(field: Buffer): number {
	const text = field.toString('latin1').replace(/[\0 ]+$/, '').replace(/^[\0 ]+/, '');
	return /^[0-7]+$/.test(text) ? Number.parseInt(text, 8) : Number.NaN;
}

function sizeField(field: Buffer): number {
	// GNU base-256: the high bit of the first byte is set.
	if ((field[0]! & 0x80) !== 0) {
		let value = field[0]! & 0x7F;
		for (const byte of field.subarray(1)) {
			value = (value * 256) + byte;
		}

		return value;
	}

	return octal(field);
}

function validChecksum(header: Buffer): boolean {
	const stored = octal(header.subarray(148, 156));
	let unsigned = 0;
	let signed = 0;
	for (let i = 0; i < block; i++) {
		const byte = i >= 148 && i < 156 ? 0x20 : header[i]!;
		unsigned += byte;
		signed += byte > 127 ? byte - 256 : byte;
	}

	return stored === unsigned || stored === signed;
}

/** A PAX extended header may carry the next entry's real size ("size=…"). */
function paxSize(body: Buffer): number | undefined {
	const match = /(?:^|\n)\d+ size=(\d+)\n/.exec(body.toString('utf8'));
	return match ? Number(match[1]) : undefined;
}

export class TarChecker {
	private readonly header = Buffer.alloc(block);
	private filled = 0;
	/** Body bytes (with padding) still to skip. */
	private skip = 0;
	private zeroBlocks = 0;
	private broken = false;
	/** The last chunks, at least tailBytes of them when there were: references, joined only if an error is looked for. */
	private recent: Buffer[] = [];
	private recentBytes = 0;
	private pax: Buffer[] | undefined;
	private paxLength = 0;
	private paxBody = 0;
	private nextSize: number | undefined;

	update(chunk: Buffer): void {
		this.recent.push(chunk);
		this.recentBytes += chunk.length;
		while (this.recentBytes - this.recent[0]!.length >= tailBytes) {
			this.recentBytes -= this.recent.shift()!.length;
		}

		let offset = 0;
		while (offset < chunk.length && !this.broken) {
			if (this.skip > 0) {
				const take = Math.min(this.skip, chunk.length - offset);
				this.collectPax(chunk.subarray(offset, offset + take));
				this.skip -= take;
				offset += take;
				continue;
			}

			const take = Math.min(block - this.filled, chunk.length - offset);
			chunk.copy(this.header, this.filled, offset, offset + take);
			this.filled += take;
			offset += take;
			if (this.filled === block) {
				this.filled = 0;
				this.onBlock();
			}
		}
	}

	/** Undefined when the archive was complete; otherwise the reason, the engine's own when it appended one. */
	finish(): string | undefined {
		const complete = !this.broken && this.zeroBlocks >= 2 && this.skip === 0 && (this.filled === 0 || isZero(this.header.subarray(0, this.filled)));
		if (complete) {
			return undefined;
		}

		return this.engineError() ?? 'the archive from the engine is incomplete (it ended before the end of the tar)';
	}

	private onBlock(): void {
		if (isZero(this.header)) {
			this.zeroBlocks++;
			return;
		}

		// Data after the end marker, or a lone zero block inside the archive.
		if (this.zeroBlocks > 0 || !validChecksum(this.header)) {
			this.broken = true;
			return;
		}

		const type = String.fromCharCode(this.header[156]!);
		const declared = sizeField(this.header.subarray(124, 136));
		if (Number.isNaN(declared)) {
			this.broken = true;
			return;
		}

		const size = type === 'x' || type === 'g' ? declared : (this.nextSize ?? declared);
		this.nextSize = undefined;
		const body = headerOnly.has(type) ? 0 : size;
		this.skip = Math.ceil(body / block) * block;
		if (type === 'x') {
			this.pax = [];
			this.paxLength = 0;
			this.paxBody = body;
		}

		if (this.skip === 0) {
			this.endPax();
		}
	}

	private collectPax(bytes: Buffer): void {
		if (!this.pax) {
			return;
		}

		if (this.paxLength < paxLimit) {
			this.pax.push(bytes);
			this.paxLength += bytes.length;
		}

		if (this.skip === bytes.length) {
			this.endPax();
		}
	}

	private endPax(): void {
		if (this.pax) {
			this.nextSize = paxSize(Buffer.concat(this.pax).subarray(0, this.paxBody));
			this.pax = undefined;
		}
	}

	private engineError(): string | undefined {
		const joined = Buffer.concat(this.recent);
		const text = joined.subarray(Math.max(0, joined.length - tailBytes)).toString('utf8');
		const start = text.lastIndexOf('{"errorDetail"');
		const from = start === -1 ? text.lastIndexOf('{"error"') : start;
		if (from === -1) {
			return undefined;
		}

		try {
			const raw = JSON.parse(text.slice(from).trim()) as {errorDetail?: {message?: unknown}; error?: unknown};
			const message = raw.errorDetail?.message ?? raw.error;
			return typeof message === 'string' ? sanitizeLine(message) : undefined;
		} catch {
			return undefined;
		}
	}
}
