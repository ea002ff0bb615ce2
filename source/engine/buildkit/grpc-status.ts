// A gRPC method's failure, apart from the server so that what throws it does not
// load node:http2 (the server is loaded only when a BuildKit build starts).

/** gRPC status codes the session's methods answer with. */
export const grpcCode = {notFound: 5, unimplemented: 12, internal: 13} as const;

export class GrpcError extends Error {
	constructor(readonly code: number, message: string) {
		super(message);
	}
}
