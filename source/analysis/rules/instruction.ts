// A history line back to the Dockerfile instruction it came from. The legacy
// builder writes `/bin/sh -c #(nop)  ENV A=b` for metadata and `/bin/sh -c cmd`
// for RUN (`|2 A=1 B=2 /bin/sh -c cmd` with build args); BuildKit writes
// `RUN /bin/sh -c cmd # buildkit` or `COPY src dst # buildkit`.

export type Instruction = {name: string; args: string};

const buildArgs = /^\|\d+(?:\s+\S+=\S*)*\s+/;

export function instructionOf(createdBy: string): Instruction {
	let text = createdBy.trim().replace(/\s+# buildkit$/, '');
	const nop = /^\/bin\/sh -c #\(nop\)\s+(\S+)\s*(.*)$/s.exec(text);
	if (nop) {
		return {name: nop[1]!.toUpperCase(), args: nop[2]!.trim()};
	}

	text = text.replace(buildArgs, '');
	const shell = /^(?:RUN\s+)?(?:\/bin\/(?:ba)?sh|sh)\s+-c\s+(.*)$/s.exec(text);
	if (shell) {
		return {name: 'RUN', args: shell[1]!.trim()};
	}

	const keyword = /^([A-Z]+)\s+(.*)$/s.exec(text);
	if (keyword) {
		return {name: keyword[1]!, args: keyword[2]!.trim()};
	}

	// An import (`docker import`) or an exec-form RUN from other builders.
	return {name: text === '' ? 'IMPORT' : 'RUN', args: text};
}

/** The simple commands of a shell line: split at `&&`, `||`, `;`, `|` and newlines. */
export function simpleCommands(script: string): string[] {
	return script.split(/&&|\|\||;|\||\n/).map(part => part.trim()).filter(Boolean);
}

/** Words of one simple command, `sudo`, `env` assignments and `DEBIAN_FRONTEND=…` dropped. */
export function words(command: string): string[] {
	const all = command.split(/\s+/).filter(Boolean);
	let index = 0;
	while (index < all.length && (/^\w+=/.test(all[index]!) || all[index] === 'sudo' || all[index] === 'env')) {
		index++;
	}

	return all.slice(index);
}

/** Whether some simple command runs `program` (by basename) with `sub` as its first non-option argument. */
export function runs(script: string, programs: readonly string[], subs: readonly string[]): string | undefined {
	for (const command of simpleCommands(script)) {
		const [program, ...rest] = words(command);
		if (program === undefined || !programs.includes(program.split('/').at(-1)!)) {
			continue;
		}

		const sub = rest.find(word => !word.startsWith('-'));
		if (sub !== undefined && subs.includes(sub)) {
			return command;
		}
	}

	return undefined;
}
