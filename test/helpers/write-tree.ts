import {mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';

/** Writes `files` (relative path → content) under `root`, making folders as needed; returns root. */
export function writeTree(root: string, files: Record<string, string>): string {
	for (const [file, content] of Object.entries(files)) {
		mkdirSync(path.dirname(path.join(root, file)), {recursive: true});
		writeFileSync(path.join(root, file), content);
	}

	return root;
}
