// The build form's "secrets" field, read as `docker build --secret` reads each
// flag (buildx util/buildflags/secrets.go): comma-separated `id=NAME`,
// `src=PATH` (or `source=`) and an optional `type=file`, several separated by
// spaces. Only files: a secret from an environment variable would need the
// variable's value to travel with the job, and files are what the issue asks. Pure.

export type SecretSpec = {id: string; src: string};

const usage = 'expected id=NAME,src=PATH';

export function parseSecrets(text: string): {secrets: SecretSpec[]} | {error: string} {
	const secrets: SecretSpec[] = [];
	for (const spec of text.split(/\s+/).filter(Boolean)) {
		let id = '';
		let src = '';
		for (const part of spec.split(',')) {
			const equals = part.indexOf('=');
			const key = (equals === -1 ? part : part.slice(0, equals)).toLowerCase();
			const value = equals === -1 ? '' : part.slice(equals + 1);
			if (key === 'id') {
				id = value;
			} else if (key === 'src' || key === 'source') {
				src = value;
			} else if (key === 'type') {
				if (value !== 'file') {
					return {error: `secret "${spec}": type ${value || '(empty)'} is not supported here, only type=file`};
				}
			} else {
				return {error: `secret "${spec}": unexpected "${part}" (${usage})`};
			}
		}

		if (!id) {
			return {error: `secret "${spec}": no id (${usage})`};
		}

		if (!src) {
			return {error: `secret ${id}: no src (${usage})`};
		}

		if (secrets.some(secret => secret.id === id)) {
			return {error: `secret ${id} is given twice`};
		}

		secrets.push({id, src});
	}

	return {secrets};
}

/** A build stage name as the Dockerfile frontend accepts it after AS. */
export const stageName = /^[A-Za-z][A-Za-z0-9_.-]*$/;
