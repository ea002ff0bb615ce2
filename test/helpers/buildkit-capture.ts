// Progress lines captured from a real BuildKit build (dockerd 20.10, our own
// session), parsed as the engine layer parses them.
import {readFileSync} from 'node:fs';
import {parseProgressLine, StreamError, type ProgressMessage} from '../../source/engine/progress-stream.ts';

/**
 * `name`: ok (cache mount, COPY, a secret, a 15 s sleep), fail (exit 3 after two lines) or cached (ok again),
 * all from dockerd 20.10; 28-fail: a cache mount, COPY, then the same failure, from dockerd 28.5. The error line, if any, is `error`.
 */
export function captured(name: 'ok' | 'fail' | 'cached' | '28-fail'): {messages: ProgressMessage[]; error?: string} {
	const messages: ProgressMessage[] = [];
	let error: string | undefined;
	for (const line of readFileSync(new URL(`../unit/fixtures/buildkit-${name}.jsonl`, import.meta.url), 'utf8').split('\n').filter(Boolean)) {
		try {
			messages.push(parseProgressLine(line));
		} catch (thrown) {
			if (!(thrown instanceof StreamError)) {
				throw thrown;
			}

			error = thrown.message;
		}
	}

	return {messages, error};
}
