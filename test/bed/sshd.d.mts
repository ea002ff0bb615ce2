export interface SshKey {
	privateKeyPath: string;
	/** OpenSSH private key text. */
	privateKey: string;
	/** The public key line, as authorized_keys takes it. */
	publicKey: string;
}

export interface SshdOptions {
	/** One public key line or several: who may log in (as any user, root included). */
	authorizedKey?: string | readonly string[];
	/** Variables every session gets (sshd SetEnv), e.g. {DOCKER_HOST: 'unix:///…/docker.sock'}. */
	env?: Record<string, string>;
	/** How long to wait for the SSH banner (default 10 s). */
	timeoutMs?: number;
	/** Run sshd in its own mount namespace with root's "!" shadow lock removed; default: only when root is locked. */
	unlockRoot?: boolean;
	/** Allow TCP and stream-local (unix socket) forwarding: ProxyJump and --remote-socket need them. Default false. */
	forwarding?: boolean;
}

export interface Sshd {
	port: number;
	/** The host key's public line (ssh-ed25519 AAAA… stowage-test-host), for known_hosts or a host verifier. */
	hostKeyPub: string;
	/** Config, keys, pid file and sshd.log. */
	dir: string;
	/** SIGTERM to sshd, ends open sessions, removes dir. */
	stop(): Promise<void>;
	/** SIGKILL to every per-connection sshd process and session (the listener stays): returns how many. */
	killConnections(): number;
	/** Logins accepted so far ("Accepted publickey for" in sshd.log): one per SSH connection. */
	acceptedLogins(): number;
	/** Stops it as a service manager would: SIGKILL to every connection, SIGTERM to the listener; the files stay. */
	halt(): Promise<void>;
	/** Halts it (if running) and starts it again on the same port; `newHostKey`: with a freshly made host key (hostKeyPub changes). */
	restart(options?: {newHostKey?: boolean}): Promise<void>;
}

export declare function startSshd(options?: SshdOptions): Promise<Sshd>;
export declare function sshKeygen(file: string, comment?: string): Promise<SshKey>;
export declare function startSshAgent(privateKeyPaths: readonly string[]): Promise<{socket: string; stop(): Promise<void>}>;
export declare function dieWithParent(command: string, args: readonly string[]): [string, string[]];
