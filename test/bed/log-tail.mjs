// The end of a daemon's log, for the message when it does not start.
import {readFileSync} from 'node:fs';

export function logTail(file, lines = 20) {
	try {
		return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
	} catch {
		return '(no log)';
	}
}
