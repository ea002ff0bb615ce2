export interface TlsFiles {
	ca: string;
	serverCert: string;
	serverKey: string;
	clientCert: string;
	clientKey: string;
	/** ca.pem, cert.pem, key.pem: what DOCKER_CERT_PATH points at. */
	clientDir: string;
}

/** A throwaway CA, a server certificate (for 127.0.0.1 and localhost, or `serverNames`: "IP:…", "DNS:…") and a client certificate, written into dir. */
export declare function makeTlsFiles(dir: string, options?: {serverNames?: string[]}): Promise<TlsFiles>;
/** dockerd arguments for a TLS listener on 127.0.0.1:port that requires a client certificate. */
export declare function tlsDaemonArgs(files: TlsFiles, port: number): string[];
