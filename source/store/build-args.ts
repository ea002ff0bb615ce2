// The build form's "build args" field, read as `docker build --build-arg` reads
// each flag (opts.ValidateEnv, then ConvertKVStringsToMapWithNil): `NAME=value`
// as is, a bare `NAME` takes its value from the environment, and when NAME is
// unset there docker sends it without a value, so the Dockerfile's ARG default
// applies: leaving it out does the same. Like docker, only an empty name is
// refused: names are not validated further (moby#16585). Pure.

export function parseBuildArgs(text: string, env: NodeJS.ProcessEnv): {args: Record<string, string>} | {error: string} {
	const args: Record<string, string> = {};
	for (const pair of text.split(/\s+/).filter(Boolean)) {
		const equals = pair.indexOf('=');
		const name = equals === -1 ? pair : pair.slice(0, equals);
		if (name === '') {
			return {error: `build arg "${pair}": no name before "=" (expected NAME=value, or NAME to take its value from the environment)`};
		}

		if (equals !== -1) {
			args[name] = pair.slice(equals + 1);
		} else if (env[name] !== undefined) {
			args[name] = env[name];
		}
	}

	return {args};
}
