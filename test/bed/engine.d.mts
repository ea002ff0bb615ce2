export interface EngineOptions {
	/** How long to wait for /_ping (default 30 s). */
	timeoutMs?: number;
	/** More dockerd arguments, e.g. ['-H', 'tcp://127.0.0.1:PORT'] for a second listener. */
	extraArgs?: readonly string[];
	/** The dir of an engine stopped with keepDir: same socket path, data-root and images. */
	dir?: string;
	/** stop() leaves the dir for a later startEngine({dir}); the caller removes it. */
	keepDir?: boolean;
	/** A data-root outside the dir, kept between runs; the caller unmounts what is left mounted there. */
	dataRoot?: string;
	/** Which dockerd; by default the one run.mjs is testing (STOWAGE_TEST_DOCKERD). */
	kind?: DockerdKind;
}

export interface DockerdKind {
	/** Dirs put first in PATH for dockerd (and the containerd it spawns). */
	path?: readonly string[];
	/** Written to daemon.json and passed with --config-file. */
	daemonConfig?: Record<string, unknown>;
}

export interface TestEngine {
	/** /tmp/stw-…: socket, data-root, exec-root, dockerd.log. */
	dir: string;
	/** unix://…/docker.sock */
	host: string;
	socketPath: string;
	/** SIGTERM to dockerd (SIGKILL after 15 s), unmount, remove the dir unless keepDir. */
	stop(): Promise<void>;
}

export declare function startEngine(options?: EngineOptions): Promise<TestEngine>;
export declare function stopAllEngines(): Promise<void[]>;
