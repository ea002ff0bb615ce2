export interface RunResult {
	stdout: string;
	stderr: string;
	/** Exit code; 128 + the signal number when the process died of a signal. */
	code: number;
}

export interface RunOptions {
	input?: string | Buffer;
	env?: NodeJS.ProcessEnv;
	cwd?: string;
}

export declare function run(command: string, args: readonly string[], options?: RunOptions): Promise<RunResult>;

export interface DockerOptions {
	input?: string | Buffer;
	/** Defaults to process.env.STOWAGE_TEST_DOCKER_HOST. */
	host?: string;
	env?: NodeJS.ProcessEnv;
}

/** Runs the docker CLI against the bed's engine; never throws on a non-zero exit. */
export declare function docker(args: readonly string[], options?: DockerOptions): Promise<RunResult>;
