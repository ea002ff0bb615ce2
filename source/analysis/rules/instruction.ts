// A history line back to the Dockerfile instruction it came from. The legacy
// builder writes `/bin/sh -c #(nop)  ENV A=b` for metadata and `/bin/sh -c cmd`
// for RUN (`|2 A=1 B=2 /bin/sh -c cmd` with build args); BuildKit writes
// `RUN /bin/sh -c cmd # buildkit` or `COPY src dst # buildkit`.

export type Instruction = {name: string; args: string};

const buildArgs = /^\|\d+(?:\s+\S+=\S*)*\s+/;

// Every rule asks about the same step in turn: the last answers are kept, so a step of a
// megabyte is parsed once, not once a rule.
let lastInstruction: {createdBy: string; instruction: Instruction} | undefined;
let lastCommands: {script: string; commands: readonly string[]} | undefined;

export function instructionOf(createdBy: string): Instruction {
	if (lastInstruction?.createdBy !== createdBy) {
		lastInstruction = {createdBy, instruction: parseInstruction(createdBy)};
	}

	return lastInstruction.instruction;
}

function parseInstruction(createdBy: string): Instruction {
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
export function simpleCommands(script: string): readonly string[] {
	if (lastCommands?.script !== script) {
		lastCommands = {script, commands: script.split(/&&|\|\||;|\||\n/).map(part => part.trim()).filter(Boolean)};
	}

	return lastCommands.commands;
}

/**
 * The first words of one simple command (enough for its program, options and first
 * argument), `sudo`, `env` assignments and `DEBIAN_FRONTEND=…` dropped. Only the start is
 * read: a step of a megabyte (100,000 labels) is not split whole for every rule.
 */
export function words(command: string, limit = 64): string[] {
	const found: string[] = [];
	const word = /\S+/g;
	let leading = true;
	let read = 0;
	for (let match = word.exec(command); match && found.length < limit && read++ < limit * 4; match = word.exec(command)) {
		if (leading && (/^\w+=/.test(match[0]) || match[0] === 'sudo' || match[0] === 'env')) {
			continue;
		}

		leading = false;
		found.push(match[0]);
	}

	return found;
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
