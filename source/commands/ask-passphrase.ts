// `stowage ls` asks for a key's passphrase on the terminal, echo off, as ssh does.
// Without a terminal there is no one to ask: the key is skipped, and the
// authentication error says why.
import type {AskPassphrase} from '../engine/ssh/ssh-auth.ts';

export function terminalPassphrase(stdin: NodeJS.ReadStream = process.stdin, prompt: NodeJS.WriteStream = process.stderr): AskPassphrase | undefined {
	if (!stdin.isTTY) {
		return undefined;
	}

	return async keyPath => new Promise(resolve => {
		let typed = '';
		prompt.write(`Enter passphrase for key '${keyPath}': `);
		stdin.setRawMode(true);
		stdin.resume();
		const finish = (value: string | undefined) => {
			stdin.off('data', onData);
			stdin.setRawMode(false);
			stdin.pause();
			prompt.write('\n');
			resolve(value);
		};

		const onData = (chunk: Buffer) => {
			for (const char of chunk.toString('utf8')) {
				if (char === '\r' || char === '\n') {
					finish(typed);
					return;
				}

				if (char === '\u0003' || char === '\u0004') {
					// Ctrl-C or Ctrl-D: skip this key.
					finish(undefined);
					return;
				}

				typed = char === '\u007F' || char === '\b' ? typed.slice(0, -1) : typed + char;
			}
		};

		stdin.on('data', onData);
	});
}
