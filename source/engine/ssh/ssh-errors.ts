// What can go wrong on an ssh:// endpoint, each as a class whose message is the
// one plain sentence the user sees (describeError passes it through, sanitized).
import {fingerprint, keyTypeOf, knownHostName, type KnownHostLine} from './known-hosts.ts';

export class SshError extends Error {
	override name = 'SshError';
	/** The errno-like code of the cause (ECONNREFUSED, …) when there is one. */
	code?: string;
	/** The cause alone, without the host the message names ("connection refused (…)"), for where the host is shown already. */
	reason?: string;
}

export type HostKeyDetails = {host: string; port: number; key: Buffer; knownHostsFile: string};

/** The server's key is in no known_hosts file: accept it with --accept-new-host-key or acceptHostKey(). */
export class UnknownHostKeyError extends SshError {
	override name = 'UnknownHostKeyError';
	readonly fingerprint: string;
	readonly keyType: string;

	constructor(readonly details: HostKeyDetails) {
		const name = knownHostName(details.host, details.port);
		super(`the authenticity of host ${name} can't be established: its ${keyTypeOf(details.key)} key fingerprint is ${fingerprint(details.key)}, `
			+ `and it is not in ${details.knownHostsFile}. If that is the right fingerprint, run again with --accept-new-host-key (it adds the key to ${details.knownHostsFile})`);
		this.fingerprint = fingerprint(details.key);
		this.keyType = keyTypeOf(details.key);
	}
}

/** The server's key differs from the one on record: never accepted, whatever the flags say. */
export class ChangedHostKeyError extends SshError {
	override name = 'ChangedHostKeyError';

	constructor(readonly details: HostKeyDetails, readonly line: KnownHostLine, readonly file: string, revoked = false) {
		const name = knownHostName(details.host, details.port);
		const presented = `${keyTypeOf(details.key)} key ${fingerprint(details.key)}`;
		super(revoked
			? `WARNING: the host key of ${name} (${presented}) is marked @revoked at ${file}:${line.lineNumber}; refusing to connect`
			: `WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED for ${name}: it presented ${presented}, but ${file}:${line.lineNumber} holds another key. `
				+ `Someone may be intercepting the connection, or the host was reinstalled; if you know it was, remove the old line with: ssh-keygen -R "${name}" -f ${file}`);
	}
}

export class SshAuthError extends SshError {
	override name = 'SshAuthError';

	constructor(readonly target: string, readonly tried: readonly string[]) {
		super(tried.length > 0
			? `SSH authentication failed for ${target}: the server accepted none of: ${tried.join('; ')}`
			: `SSH authentication failed for ${target}: nothing to try (no ssh agent in SSH_AUTH_SOCK, no IdentityFile and no ~/.ssh/id_ed25519, id_ecdsa or id_rsa)`);
	}
}

/** `docker system dial-stdio` failed on the far side before answering. */
export class RemoteDockerError extends SshError {
	override name = 'RemoteDockerError';

	constructor(readonly host: string, readonly exitCode: number | undefined, readonly stderr: string) {
		const said = stderr.trim().split('\n').at(-1) ?? '';
		const missing = exitCode === 127 || /command not found|not found|No such file/i.test(said);
		super(missing
			? `no docker CLI on the remote ${host} (\`docker system dial-stdio\` ${exitCode === undefined ? 'failed' : `exited with ${exitCode}`}${said ? `: ${said}` : ''}); install the docker CLI there, or give the engine's socket with --remote-socket /var/run/docker.sock`
			: `\`docker system dial-stdio\` failed on ${host}${exitCode === undefined ? '' : ` (exit status ${exitCode})`}${said ? `: ${said}` : ''}`);
	}
}

export class RemoteSocketError extends SshError {
	override name = 'RemoteSocketError';

	constructor(readonly host: string, readonly socketPath: string, reason: string) {
		super(`cannot open the socket ${socketPath} on ${host} (${reason}): it may not exist, the remote user may lack permission on it (the "docker" group), or sshd forbids it (AllowStreamLocalForwarding)`);
	}
}

/** The link broke under a request or stream in flight. */
export class SshConnectionLostError extends SshError {
	override name = 'SshConnectionLostError';
	override code = 'ECONNRESET';
}
