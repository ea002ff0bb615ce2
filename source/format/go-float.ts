// Go's strconv 'g' formatting (what fmt's %.Ng prints), which the docker CLI
// uses for sizes. JavaScript's toPrecision differs: it keeps trailing zeros,
// writes exponents as "e+3" and rounds exact ties up where Go rounds to even.

type Decimal = {digits: string; point: number};

// The exact decimal expansion of a finite, positive double, rounded to `precision`
// significant digits half-to-even (Go's decimal.Round), trailing zeros trimmed.
function roundDecimal(value: number, precision: number): Decimal {
	// 100 digits is exact for the magnitudes we format (sizes below 10^6 after scaling).
	const [mantissa = '', exponentText = '0'] = value.toExponential(99).split('e');
	const all = mantissa.replace('.', '');
	let point = Number(exponentText) + 1;
	let kept = all.slice(0, precision);
	const rest = all.slice(precision);
	const first = rest[0] ?? '0';
	let roundUp = false;
	if (first > '5') {
		roundUp = true;
	} else if (first === '5') {
		roundUp = /[1-9]/.test(rest.slice(1)) || Number(kept.at(-1) ?? '0') % 2 === 1;
	}

	if (roundUp) {
		const incremented = (BigInt(kept) + 1n).toString();
		if (incremented.length > kept.length) {
			point += 1;
		}

		kept = incremented.slice(0, precision);
	}

	kept = kept.replace(/0+$/, '');
	return {digits: kept, point};
}

export function formatGoG(value: number, precision: number): string {
	if (value === 0) {
		return '0';
	}

	const sign = value < 0 ? '-' : '';
	const {digits, point} = roundDecimal(Math.abs(value), precision);
	const count = digits.length;
	let eprec = precision;
	if (eprec > count && count >= point) {
		eprec = count;
	}

	const exponent = point - 1;
	if (exponent < -4 || exponent >= eprec) {
		const shown = Math.min(precision, count);
		const fraction = digits.slice(1, shown);
		const expSign = exponent < 0 ? '-' : '+';
		const expDigits = String(Math.abs(exponent)).padStart(2, '0');
		return `${sign}${digits[0]}${fraction ? '.' + fraction : ''}e${expSign}${expDigits}`;
	}

	const decimals = Math.max((precision > point ? count : precision) - point, 0);
	let integer: string;
	let fraction: string;
	if (point <= 0) {
		integer = '0';
		fraction = '0'.repeat(-point) + digits;
	} else {
		integer = digits.slice(0, point).padEnd(point, '0');
		fraction = digits.slice(point);
	}

	fraction = fraction.padEnd(decimals, '0').slice(0, decimals);
	return `${sign}${integer}${decimals > 0 ? '.' + fraction : ''}`;
}
