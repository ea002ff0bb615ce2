// The patterns of `docker images REPOSITORY[:TAG]` and `--filter reference=…`:
// dockerd matches them with Go's path.Match (distribution/reference FamiliarMatch)
// and answers "syntax error in pattern" (a 500) for a malformed one, but only
// once an image is there to compare. Checked here so it is bad input every time.

/** Whether Go's path.Match accepts the pattern: its classes are whole and no `\` ends it. */
export function isValidPattern(pattern: string): boolean {
	const chars = [...pattern];
	let i = 0;
	// A class member (Go's getEsc): not a bare `-` or `]`, and the class must go on after it.
	const member = (): boolean => {
		if (i >= chars.length || chars[i] === '-' || chars[i] === ']') {
			return false;
		}

		if (chars[i] === '\\' && ++i >= chars.length) {
			return false;
		}

		i++;
		return i < chars.length;
	};

	while (i < chars.length) {
		const char = chars[i++];
		if (char === '\\') {
			if (i++ >= chars.length) {
				return false;
			}
		} else if (char === '[') {
			if (chars[i] === '^') {
				i++;
			}

			for (let ranges = 0; ; ranges++) {
				if (chars[i] === ']' && ranges > 0) {
					i++;
					break;
				}

				if (!member()) {
					return false;
				}

				// A range: lo-hi.
				if (chars[i] === '-') {
					i++;
					if (!member()) {
						return false;
					}
				}
			}
		}
	}

	return true;
}
