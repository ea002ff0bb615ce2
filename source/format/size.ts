import {formatGoG} from './go-float.ts';

// go-units size.go: decimal units, no space between number and unit.
const decimalUnits = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'] as const;

function scale(size: number): [number, string] {
	let value = size;
	let index = 0;
	// Repeated division, as go-units does, so rounding matches bit for bit.
	while (value >= 1000 && index < decimalUnits.length - 1) {
		value /= 1000;
		index++;
	}

	return [value, decimalUnits[index]!];
}

/** What `docker images` and `docker history` print: three significant digits. */
export function formatImageSize(bytes: number): string {
	const [value, unit] = scale(bytes);
	return formatGoG(value, 3) + unit;
}

/** What `docker system df` prints (go-units HumanSize): four significant digits. */
export function formatHumanSize(bytes: number): string {
	const [value, unit] = scale(bytes);
	return formatGoG(value, 4) + unit;
}
