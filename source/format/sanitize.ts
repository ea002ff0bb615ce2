// Strings from an engine, a registry or a file may carry terminal escape
// sequences (window title, clear screen, hyperlinks...). They are made visible
// and inert the way `less` does it: ESC becomes "^[", BEL "^G", and so on.

// C0 controls, DEL, C1 controls, and bidi overrides that can reorder what is shown.
// eslint-disable-next-line no-control-regex
const unsafe = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;

function caret(char: string): string {
	const code = char.codePointAt(0)!;
	if (code < 0x20) {
		return '^' + String.fromCodePoint(code + 0x40);
	}

	if (code === 0x7F) {
		return '^?';
	}

	return `<U+${code.toString(16).toUpperCase().padStart(4, '0')}>`;
}

/** One display line: tabs and line breaks become spaces, other controls become visible. */
export function sanitizeLine(text: string): string {
	return text.replace(unsafe, char => (char === '\t' || char === '\n' || char === '\r' ? ' ' : caret(char)));
}

/** Multi-line text (a JSON document, a log): keeps line breaks, neutralizes the rest. */
export function sanitizeText(text: string): string {
	return text.replace(unsafe, char => (char === '\n' ? char : char === '\t' ? '  ' : caret(char)));
}

/** Deep copy of parsed JSON with every key and string value neutralized. */
export function sanitizeJson(value: unknown): unknown {
	if (typeof value === 'string') {
		return sanitizeLine(value);
	}

	if (Array.isArray(value)) {
		return value.map(item => sanitizeJson(item));
	}

	if (value !== null && typeof value === 'object') {
		const out: Record<string, unknown> = {};
		for (const [key, item] of Object.entries(value)) {
			out[sanitizeLine(key)] = sanitizeJson(item);
		}

		return out;
	}

	return value;
}

// What JSON.stringify leaves raw that a terminal acts on or reorders: DEL, C1 (U+009B is a
// one-byte CSI), bidi overrides and isolates, and the line and paragraph separators.
const rawInJson = /[\u007F-\u009F\u202A-\u202E\u2066-\u2069\u2028\u2029]/g;

/**
 * JSON.stringify, with every control and bidi character written as a `\uXXXX` escape: a
 * `cat` of the document in a terminal is inert, and it parses back to the same strings.
 * (JSON.stringify already escapes C0 and lone surrogates; outside strings JSON is ASCII.)
 */
export function inertJson(value: unknown, space?: number): string {
	return JSON.stringify(value, null, space).replace(rawInJson, char => `\\u${char.codePointAt(0)!.toString(16).padStart(4, '0')}`);
}
