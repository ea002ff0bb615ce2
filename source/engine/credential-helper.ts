// The credential helper protocol (docker-credential-helpers client/client.go):
// `docker-credential-<name> get|store`, the request on stdin, the answer on stdout.
import {spawn} from 'node:child_process';
import {sanitizeLine} from '../format/sanitize.ts';
import {redact} from './registry-errors.ts';

/** What `get` prints and `store` reads. Username "<token>" means Secret is an identity token. */
export type HelperCredentials = {ServerURL: string; Username: string; Secret: string};

export const tokenUsername = '<token>';
const notFound = 'credentials not found in native keychain';
/** A helper may wait on a keyring prompt, but not forever. */
const helperTimeoutMs = 60_000;

/** A helper that could not be run or reported a failure; never carries what was sent to it. */
export class CredentialHelperError extends Error {
	override name = 'CredentialHelperError';
}

type Outcome = {code: number | null; stdout: string; stderr: string};

function runHelper(program: string, action: string, input: string, env: NodeJS.ProcessEnv): Promise<Outcome> {
	return new Promise((resolve, reject) => {
		// With `env` given, spawn looks the program up in env.PATH, as exec.LookPath would in the CLI's environment.
		const child = spawn(program, [action], {env, stdio: ['pipe', 'pipe', 'pipe']});
		let timedOut = false;
		// Our own timer: spawn's `timeout` option is not cleared when the program is not found.
		const timer = setTimeout(() => {
			timedOut = true;
			child.kill('SIGKILL');
		}, helperTimeoutMs);
		const out: Buffer[] = [];
		const err: Buffer[] = [];
		child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
		child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
		child.on('error', (error: NodeJS.ErrnoException) => {
			clearTimeout(timer);
			reject(new CredentialHelperError(error.code === 'ENOENT'
				? `credential helper ${program} not found in PATH (named by credsStore or credHelpers in config.json)`
				: `credential helper ${program} could not be run: ${error.code ?? error.message}`));
		});
		child.on('close', code => {
			clearTimeout(timer);
			if (timedOut) {
				reject(new CredentialHelperError(`credential helper ${program} ${action} did not answer within ${helperTimeoutMs / 1000} s`));
				return;
			}

			resolve({code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8')});
		});
		// A helper that exits without reading its input must not crash us with EPIPE.
		child.stdin.on('error', () => {});
		child.stdin.end(input);
	});
}

function failure(program: string, action: string, outcome: Outcome, secret?: string): CredentialHelperError {
	// Helpers print their errors on stdout; the CLI shows that text (here without anything we sent).
	const said = redact((outcome.stdout.trim() || outcome.stderr.trim()).split('\n')[0] ?? '', [secret]);
	return new CredentialHelperError(sanitizeLine(`credential helper ${program} ${action} failed (exit status ${outcome.code ?? '?'})${said ? `: ${said}` : ''}`));
}

export function helperProgram(name: string): string {
	// exec.Command would run a name with a slash as a path; a config file should not point at arbitrary programs.
	if (name.includes('/')) {
		throw new CredentialHelperError(`credential helper name "${sanitizeLine(name)}" may not contain "/"`);
	}

	return `docker-credential-${name}`;
}

/** `get`: the stored credentials, or undefined when the helper has none for this server. */
export async function helperGet(name: string, serverUrl: string, env: NodeJS.ProcessEnv): Promise<HelperCredentials | undefined> {
	const program = helperProgram(name);
	const outcome = await runHelper(program, 'get', serverUrl, env);
	if (outcome.code !== 0) {
		if (outcome.stdout.trim() === notFound) {
			return undefined;
		}

		throw failure(program, 'get', outcome);
	}

	let answer: unknown;
	try {
		answer = JSON.parse(outcome.stdout);
	} catch {
		// The text would be the secret itself: never quoted.
		throw new CredentialHelperError(`credential helper ${program} get printed something that is not JSON`);
	}

	const {Username, Secret, ServerURL} = (answer ?? {}) as Partial<Record<keyof HelperCredentials, unknown>>;
	return {
		ServerURL: typeof ServerURL === 'string' ? ServerURL : serverUrl,
		Username: typeof Username === 'string' ? Username : '',
		Secret: typeof Secret === 'string' ? Secret : '',
	};
}

/** `store`: hands the credentials to the helper as JSON on stdin. */
export async function helperStore(name: string, credentials: HelperCredentials, env: NodeJS.ProcessEnv): Promise<void> {
	const program = helperProgram(name);
	const outcome = await runHelper(program, 'store', JSON.stringify(credentials), env);
	if (outcome.code !== 0) {
		throw failure(program, 'store', outcome, credentials.Secret);
	}
}
