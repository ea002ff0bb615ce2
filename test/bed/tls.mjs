// A throwaway certificate authority with a server and a client certificate, made
// with the openssl CLI at test time (ECDSA P-256: a few milliseconds each).
import {mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {run} from './docker-cli.mjs';

// Our own config, so the system openssl.cnf cannot change what the certificates hold.
const configFor = serverNames => `[req]
distinguished_name = dn
prompt = no
[dn]
CN = stowage-test
[ca]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[server]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = ${serverNames}
[client]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = clientAuth
`;

const newKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

async function openssl(args, cwd) {
	const result = await run('openssl', args, {cwd});
	if (result.code !== 0) throw new Error(`test bed: openssl ${args.join(' ')} failed (${result.code}):\n${result.stderr}`);
}

/**
 * Writes into `dir`: ca.pem, ca-key.pem, server-cert.pem, server-key.pem, and
 * client/{ca,cert,key}.pem (the DOCKER_CERT_PATH layout). Returns the paths.
 * `serverNames`: the server certificate's subjectAltName entries.
 */
export async function makeTlsFiles(dir, {serverNames = ['IP:127.0.0.1', 'DNS:localhost']} = {}) {
	mkdirSync(path.join(dir, 'client'), {recursive: true});
	const cnf = path.join(dir, 'openssl.cnf');
	writeFileSync(cnf, configFor(serverNames.join(',')));
	await openssl(['req', '-x509', '-config', cnf, '-extensions', 'ca', ...newKey, '-keyout', 'ca-key.pem', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=stowage test CA'], dir);
	let serial = 1;
	const issue = async (name, subject, extensions) => {
		await openssl(['req', '-new', '-config', cnf, ...newKey, '-keyout', `${name}-key.pem`, '-out', `${name}.csr`, '-subj', subject], dir);
		await openssl(['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca-key.pem', '-set_serial', String(++serial), '-days', '2', '-extfile', cnf, '-extensions', extensions, '-out', `${name}-cert.pem`], dir);
	};
	await issue('server', '/CN=127.0.0.1', 'server');
	await issue('client', '/CN=stowage-test-client', 'client');
	const client = path.join(dir, 'client');
	writeFileSync(path.join(client, 'ca.pem'), readFileSync(path.join(dir, 'ca.pem')));
	writeFileSync(path.join(client, 'cert.pem'), readFileSync(path.join(dir, 'client-cert.pem')));
	writeFileSync(path.join(client, 'key.pem'), readFileSync(path.join(dir, 'client-key.pem')), {mode: 0o600});
	return {
		ca: path.join(dir, 'ca.pem'),
		serverCert: path.join(dir, 'server-cert.pem'),
		serverKey: path.join(dir, 'server-key.pem'),
		clientCert: path.join(client, 'cert.pem'),
		clientKey: path.join(client, 'key.pem'),
		clientDir: client,
	};
}

/** dockerd arguments for a TLS listener that requires a client certificate signed by the CA. */
export function tlsDaemonArgs(files, port) {
	return ['--tlsverify', '--tlscacert', files.ca, '--tlscert', files.serverCert, '--tlskey', files.serverKey, '-H', `tcp://127.0.0.1:${port}`];
}
