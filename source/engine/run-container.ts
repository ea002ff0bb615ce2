// `docker run -it --rm IMAGE`: the container gets the terminal until it exits.
import type Docker from 'dockerode';

export type Terminal = {
	stdin: NodeJS.ReadStream;
	stdout: NodeJS.WriteStream;
};

type Dial = (options: Record<string, unknown>, callback: (error: unknown, stream: NodeJS.ReadWriteStream) => void) => void;

/**
 * POST /containers/{id}/attach, upgraded to a raw stream. dockerode's attach also
 * sends its options as a JSON body: dockerd ignores it, Podman hands it to the
 * container's stdin after the upgrade, so the shell would read {"stream":true,…}
 * first. The options go in the query alone and the body is empty, as the docker
 * CLI sends them; an empty body (not none) makes the request go out at once.
 */
function attach(docker: Docker, id: string): Promise<NodeJS.ReadWriteStream> {
	const dial = (docker.modem as unknown as {dial: Dial}).dial.bind(docker.modem);
	return new Promise((resolve, reject) => {
		dial({
			path: `/containers/${encodeURIComponent(id)}/attach?`,
			options: {stream: true, stdin: true, stdout: true, stderr: true},
			method: 'POST',
			isStream: true,
			hijack: true,
			openStdin: true,
			file: Buffer.alloc(0),
			headers: {'Content-Type': 'text/plain'},
			statusCodes: {101: true, 200: true, 404: 'no such container', 500: 'server error'},
		}, (error, stream) => (error ? reject(error) : resolve(stream)));
	});
}

/** Runs the image's default command with a TTY; resolves with its exit code. The container removes itself. */
export async function runInteractive(docker: Docker, image: string, terminal: Terminal): Promise<number> {
	const {stdin, stdout} = terminal;
	const container = await docker.createContainer({
		Image: image,
		Tty: true,
		OpenStdin: true,
		StdinOnce: false,
		AttachStdin: true,
		AttachStdout: true,
		AttachStderr: true,
		HostConfig: {AutoRemove: true},
	});
	const stream = await attach(docker, container.id);
	const resize = () => {
		container.resize({h: stdout.rows || 24, w: stdout.columns || 80}).catch(() => {
			// The container may already be gone.
		});
	};

	// stdin stays in paused mode, read on 'readable' as Ink reads it: a 'data' listener and
	// stdin.pause() after would make Node stop the TTY's reads one tick later (its onpause),
	// after the UI's next Ink instance has started listening, and no key would reach it again.
	const forward = () => {
		let chunk: Buffer | string | null;
		while ((chunk = stdin.read() as Buffer | string | null) !== null) {
			stream.write(chunk);
		}
	};

	const wasRaw = stdin.isTTY ? stdin.isRaw : false;
	stream.on('data', (chunk: Buffer) => stdout.write(chunk));
	try {
		const exited = container.wait({condition: 'next-exit'});
		await container.start();
		if (stdin.isTTY) {
			stdin.setRawMode(true);
		}

		stdin.ref();
		stdin.on('readable', forward);
		stdout.on('resize', resize);
		resize();
		const result = (await exited) as {StatusCode?: number};
		return result.StatusCode ?? 0;
	} finally {
		stdin.off('readable', forward);
		stdout.off('resize', resize);
		stream.end();
		if (stdin.isTTY) {
			stdin.setRawMode(wasRaw);
		}
	}
}
