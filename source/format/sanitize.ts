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
