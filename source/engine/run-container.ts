// `docker run -it --rm IMAGE`: the container gets the terminal until it exits.
import type Docker from 'dockerode';

export type Terminal = {
	stdin: NodeJS.ReadStream;
	stdout: NodeJS.WriteStream;
};

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
	const stream = await container.attach({stream: true, stdin: true, stdout: true, stderr: true, hijack: true});
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
