// A unary-only gRPC server on Node's own HTTP/2, for the BuildKit session: the
// engine dials back into our hijacked /session connection as a gRPC client, and
// the methods it calls there (health, credentials, secrets) are all unary.
// @grpc/grpc-js would do the same with ~45 ms of loading and a large bundle.
import http2 from 'node:http2';
import type {Duplex} from 'node:stream';
import {GrpcError, grpcCode} from './grpc-status.ts';

/** A method: its request message's bytes → the reply's bytes. */
export type UnaryHandler = (request: Buffer) => Promise<Buffer>;


/** A "trailers-only" answer: the status without a message, for errors. */
function refuse(stream: http2.ServerHttp2Stream, code: number, message: string): void {
	if (!stream.destroyed && !stream.headersSent) {
		stream.respond({':status': 200, 'content-type': 'application/grpc', 'grpc-status': String(code), 'grpc-message': encodeURIComponent(message)}, {endStream: true});
	}
}

function reply(stream: http2.ServerHttp2Stream, message: Buffer): void {
	if (stream.destroyed) {
		return;
	}

	stream.respond({':status': 200, 'content-type': 'application/grpc'}, {waitForTrailers: true});
	stream.once('wantTrailers', () => stream.sendTrailers({'grpc-status': '0'}));
	// The length-prefixed message: one byte "not compressed", four of length.
	const prefix = Buffer.alloc(5);
	prefix.writeUInt32BE(message.length, 1);
	stream.end(Buffer.concat([prefix, message]));
}

/** Serves `methods` (by full path, "/package.Service/Method") on `socket` until closed. */
export function serveGrpc(socket: Duplex, methods: Readonly<Record<string, UnaryHandler>>): {close(): void} {
	const server = http2.createServer();
	const sessions = new Set<http2.ServerHttp2Session>();
	server.on('session', session => {
		sessions.add(session);
		session.on('close', () => sessions.delete(session));
		session.on('error', () => {});
	});
	server.on('stream', (stream, headers) => {
		stream.on('error', () => {});
		const handler = methods[String(headers[':path'])];
		if (!handler) {
			// At once: a streaming call (file sync, say) would never end its request for us.
			refuse(stream, grpcCode.unimplemented, `unknown method ${String(headers[':path'])}`);
			return;
		}

		const chunks: Buffer[] = [];
		stream.on('data', (chunk: Buffer) => chunks.push(chunk));
		stream.on('end', () => {
			const body = Buffer.concat(chunks);
			const length = body.length >= 5 ? body.readUInt32BE(1) : 0;
			handler(body.subarray(5, 5 + length)).then(
				answer => reply(stream, answer),
				(error: unknown) => refuse(stream, error instanceof GrpcError ? error.code : grpcCode.internal, error instanceof Error ? error.message : String(error)),
			);
		});
	});
	server.emit('connection', socket);
	return {
		close() {
			for (const session of sessions) {
				session.destroy();
			}

			socket.destroy();
		},
	};
}
