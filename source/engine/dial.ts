// A JSON GET through dockerode's modem, for endpoints whose dockerode wrapper drops
// query parameters we need (history's `platform`).
import type Docker from 'dockerode';
import {toEngineError} from './engine-error.ts';

import type {Readable} from 'node:stream';

type Modem = {dial(options: Record<string, unknown>, callback: (error: unknown, data: unknown) => void): void};

export async function dial(docker: Docker, path: string, query: Record<string, string>): Promise<unknown> {
	const modem = docker.modem as unknown as Modem;
	return new Promise((resolve, reject) => {
		modem.dial({path: `${path}?`, method: 'GET', options: query, statusCodes: {200: true, 400: 'bad parameter', 404: 'no such image', 500: 'server error'}}, (error, data) => {
			if (error) {
				reject(toEngineError(error));
			} else {
				resolve(data);
			}
		});
	});
}

/**
 * A GET whose body is handed over unread, for the caller to read as it arrives; a status
 * not in `statusCodes` fails with dockerode's own error (as its wrapper for that path would).
 */
export async function dialStream(docker: Docker, path: string, query: Record<string, unknown>, statusCodes: Record<number, true | string>): Promise<Readable> {
	const modem = docker.modem as unknown as Modem;
	return new Promise((resolve, reject) => {
		modem.dial({path: `${path}?`, method: 'GET', options: query, isStream: true, statusCodes}, (error, data) => {
			if (error) {
				reject(withApiMessage(error));
			} else {
				resolve(data as Readable);
			}
		});
	});
}

/**
 * docker-modem leaves `json` null on a streamed request's error, where describeError reads the
 * engine's message: put back what it wrote into the error's text, "(HTTP code N) reason - message ".
 */
function withApiMessage(error: unknown): unknown {
	const failure = error as {statusCode?: unknown; json?: unknown; message?: unknown};
	if (error instanceof Error && typeof failure.statusCode === 'number' && (failure.json === null || failure.json === undefined)) {
		const message = /^\(HTTP code \d+\) .*? - (.*) $/s.exec(error.message)?.[1];
		if (message !== undefined) {
			failure.json = {message};
		}
	}

	return error;
}
