// The few protobuf wire rules the BuildKit session and its trace need (varints,
// length-delimited fields): a generated codec and its runtime would cost more
// start-up and bundle than the five message shapes we read and write.

export type Field = {number: number; wire: number; value: bigint | Buffer};

/** Every field of one message, in wire order; unknown wire types end the read. */
export function readFields(buffer: Buffer): Field[] {
	const fields: Field[] = [];
	let at = 0;
	const varint = (): bigint => {
		let result = 0n;
		let shift = 0n;
		for (;;) {
			if (at >= buffer.length) {
				throw new Error('truncated protobuf varint');
			}

			const byte = buffer[at++]!;
			result |= BigInt(byte & 0x7F) << shift;
			if ((byte & 0x80) === 0) {
				return result;
			}

			shift += 7n;
		}
	};

	while (at < buffer.length) {
		const key = Number(varint());
		const number = key >>> 3;
		const wire = key & 7;
		if (wire === 0) {
			fields.push({number, wire, value: varint()});
		} else if (wire === 2) {
			const length = Number(varint());
			if (at + length > buffer.length) {
				throw new Error('truncated protobuf field');
			}

			fields.push({number, wire, value: buffer.subarray(at, at + length)});
			at += length;
		} else if (wire === 1 || wire === 5) {
			// Fixed 64/32-bit: not in the messages we read, skipped whole.
			at += wire === 1 ? 8 : 4;
		} else {
			throw new Error(`unsupported protobuf wire type ${wire}`);
		}
	}

	return fields;
}

export const asBytes = (field: Field): Buffer => (Buffer.isBuffer(field.value) ? field.value : Buffer.alloc(0));
export const asString = (field: Field): string => asBytes(field).toString('utf8');
export const asNumber = (field: Field): number => (typeof field.value === 'bigint' ? Number(BigInt.asIntN(64, field.value)) : 0);

function varintBytes(value: number): Buffer {
	const bytes: number[] = [];
	let rest = value;
	while (rest > 0x7F) {
		bytes.push((rest & 0x7F) | 0x80);
		rest = Math.floor(rest / 128);
	}

	bytes.push(rest);
	return Buffer.from(bytes);
}

/** A message of length-delimited (string, bytes) and varint fields; empty values are left out, as proto3 does. */
export function writeFields(fields: ReadonlyArray<readonly [number, string | Buffer | number | undefined]>): Buffer {
	const parts: Buffer[] = [];
	for (const [number, value] of fields) {
		if (typeof value === 'number') {
			if (value !== 0) {
				parts.push(varintBytes(number << 3), varintBytes(value));
			}
		} else if (value !== undefined && value.length > 0) {
			const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
			parts.push(varintBytes((number << 3) | 2), varintBytes(bytes.length), bytes);
		}
	}

	return Buffer.concat(parts);
}
