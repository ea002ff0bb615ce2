// Which CAs a registry's certificate is checked against, as dockerd does it: the
// system's bundle and Node's, plus every *.crt in certs.d/<host>/ (/etc/docker/certs.d
// and $DOCKER_CONFIG/certs.d), and a client certificate pair (*.cert + *.key) when present.
import {readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {rootCertificates} from 'node:tls';
import {dockerConfigDir} from '../endpoint.ts';

const systemBundles = ['/etc/ssl/certs/ca-certificates.crt', '/etc/pki/tls/certs/ca-bundle.crt', '/etc/ssl/cert.pem'];

export type TlsMaterial = {ca?: string[]; cert?: string; key?: string};

function readIf(file: string): string | undefined {
	try {
		return readFileSync(file, 'utf8');
	} catch {
		return undefined;
	}
}

export function certsDirs(host: string, env: NodeJS.ProcessEnv = process.env): string[] {
	// certs.d names a host with a port as "host:port"; a Windows-safe "host_port" is not used on Linux.
	return ['/etc/docker/certs.d', path.join(dockerConfigDir(env), 'certs.d')].map(root => path.join(root, host));
}

/** `withCa` false: a certificate that is not checked (an insecure registry) needs no CA bundle read and parsed. */
export function tlsMaterial(host: string, env: NodeJS.ProcessEnv = process.env, withCa = true): TlsMaterial {
	const ca = withCa ? [...rootCertificates] : undefined;
	const system = withCa ? systemBundles.map(readIf).find(Boolean) : undefined;
	if (system) {
		ca?.push(system);
	}

	let cert: string | undefined;
	let key: string | undefined;
	for (const dir of certsDirs(host, env)) {
		let names: string[];
		try {
			names = readdirSync(dir).sort();
		} catch {
			continue;
		}

		for (const name of names) {
			const file = path.join(dir, name);
			if (name.endsWith('.crt')) {
				const text = readIf(file);
				if (text) {
					ca?.push(text);
				}
			} else if (name.endsWith('.cert')) {
				const keyText = readIf(path.join(dir, `${name.slice(0, -'.cert'.length)}.key`));
				const certText = readIf(file);
				if (keyText && certText) {
					cert = certText;
					key = keyText;
				}
			}
		}
	}

	return {ca, cert, key};
}
