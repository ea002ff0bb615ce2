// The engine's first two answers, asked for before dockerode, Ink and React are loaded
// (~100 ms of parsing and compiling): the engine builds its list while Node loads the UI.
// Plain node:http on a local socket or plain TCP only; anything that needs TLS or SSH
// takes the normal path, as does any request here that fails (its error is then the normal one).
import type http from 'node:http';
import {createRequire} from 'node:module';
import type {Endpoint} from './endpoint.ts';
import type {ImageSummary} from './types.ts';

export type EarlyAnswers = {
	/** GET /version, unversioned, as dockerode's first call asks for it. Taken once. */
	takeVersion(): Promise<unknown> | undefined;
	/** The same answer, not taken: for the first frame drawn before the UI is loaded (start/first-paint.ts). */
	peekVersion(): Promise<unknown> | undefined;
	/** GET /images/json, unversioned, no query, parsed as it arrives (as dockerDialect reads it). Taken once. */
	takeImages(): Promise<ImageSummary[]> | undefined;
	/** The same list, not taken: for the first frame drawn before the UI is loaded (start/first-paint.ts). */
	peekImages(): Promise<ImageSummary[]> | undefined;
	/** Both requests are written to the engine's socket (or failed): a connection is made only when the event loop turns. */
	sent: Promise<void>;
	/** Drops what was not taken, ending requests still under way. */
	abort(): void;
};

// Loaded when asked for, not with the command line: --help and analyze never pay for node:http.
const load = () => createRequire(import.meta.url)('node:http') as typeof http;

function get<T>(endpoint: Extract<Endpoint, {kind: 'unix' | 'tcp'}>, path: string, requests: Set<http.ClientRequest>, sent: Array<Promise<void>>, read?: (body: http.IncomingMessage) => Promise<T>): Promise<T> {
	const where = endpoint.kind === 'unix' ? {socketPath: endpoint.socketPath} : {host: endpoint.host, port: endpoint.port};
	const answer = new Promise<T>((resolve, reject) => {
		// agent: false: a connection of its own, closed after the answer, so nothing lingers.
		const request = load().get({...where, path, agent: false}, response => {
			if (read && response.statusCode === 200) {
				read(response).then(resolve, reject).finally(() => requests.delete(request));
				return;
			}

			const chunks: Buffer[] = [];
			response.on('data', (chunk: Buffer) => chunks.push(chunk));
			response.on('error', reject);
			response.on('end', () => {
				requests.delete(request);
				if (response.statusCode !== 200) {
					reject(new Error(`early ${path}: ${response.statusCode}`));
					return;
				}

				try {
					resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as T);
				} catch (error) {
					reject(error);
				}
			});
		});
		requests.add(request);
		sent.push(new Promise(resolve => {
			request.once('finish', resolve);
			request.once('error', () => resolve());
		}));
		request.on('error', error => {
			requests.delete(request);
			reject(error);
		});
	});
	// A request nobody takes must not end the process as an unhandled rejection.
	answer.catch(() => {});
	return answer;
}

/** Sends both requests now; undefined when the endpoint needs TLS or SSH. */
export function askEarly(endpoint: Endpoint): EarlyAnswers | undefined {
	if (endpoint.kind === 'ssh' || (endpoint.kind === 'tcp' && endpoint.tls)) {
		return undefined;
	}

	const requests = new Set<http.ClientRequest>();
	const sent: Array<Promise<void>> = [];
	let version: Promise<unknown> | undefined = get(endpoint, '/version', requests, sent);
	// The list's reader loads while the engine works, not with the command line (--help never needs it).
	const reader = import('./image-list-stream.ts');
	reader.catch(() => {});
	let images: Promise<ImageSummary[]> | undefined = get(endpoint, '/images/json', requests, sent, async body => (await reader).collectImages(body));
	return {
		sent: Promise.all(sent).then(() => undefined),
		takeVersion() {
			const taken = version;
			version = undefined;
			return taken;
		},
		takeImages() {
			const taken = images;
			images = undefined;
			return taken;
		},
		peekVersion: () => version,
		peekImages: () => images,
		abort() {
			version = undefined;
			images = undefined;
			for (const request of requests) {
				request.destroy();
			}

			requests.clear();
		},
	};
}
