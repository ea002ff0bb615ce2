// A local file that can't be read or written, said in one sentence that names
// the file. Deliberately without the `code` of the fs error: describeError reads
// a code such as EACCES as a problem with the engine's socket.
const reasons: Record<string, string> = {
	ENOENT: 'no such file or directory',
	EACCES: 'permission denied',
	EPERM: 'operation not permitted',
	EISDIR: 'is a directory',
	ENOTDIR: 'not a directory',
	ENOSPC: 'no space left on device',
	EDQUOT: 'disk quota exceeded',
	EROFS: 'read-only file system',
};

export class FileError extends Error {
	override name = 'FileError';
}

export function fileError(what: string, error: unknown): FileError {
	const {code, message} = (error ?? {}) as {code?: unknown; message?: unknown};
	const reason = (typeof code === 'string' ? reasons[code] : undefined) ?? (typeof message === 'string' ? message : String(error));
	return new FileError(`${what}: ${reason}`, {cause: error});
}
