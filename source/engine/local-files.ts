// The local files and credentials the dialogs check and write (save, load, build, login,
// host keys), behind one seam: asynchronous, so no check blocks the UI, and a fake in tests.
import {stat} from 'node:fs/promises';
import path from 'node:path';
import {resolveAuth, storeCredentials} from './credentials.ts';
import {addHostKey} from './ssh/host-keys.ts';

export type FileFacts = {kind: 'file' | 'directory' | 'other'; size: number};

export type LocalFiles = {
	/** What is at the path, or undefined when nothing is. */
	stat(file: string): Promise<FileFacts | undefined>;
	/** As the docker CLI resolves paths: against the current directory. */
	resolve(...parts: string[]): string;
	resolveAuth: typeof resolveAuth;
	storeCredentials: typeof storeCredentials;
	acceptHostKey: typeof addHostKey;
	/** The environment build args without a value are read from, as docker build reads them. */
	env: NodeJS.ProcessEnv;
};

export const localFiles: LocalFiles = {
	async stat(file) {
		try {
			const facts = await stat(file);
			return {kind: facts.isFile() ? 'file' : facts.isDirectory() ? 'directory' : 'other', size: facts.size};
		} catch {
			return undefined;
		}
	},
	resolve: (...parts) => path.resolve(...parts),
	resolveAuth,
	storeCredentials,
	acceptHostKey: addHostKey,
	env: process.env,
};
