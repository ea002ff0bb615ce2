// A token issuer for a registry with `auth: token` (distribution 2.8): a loopback
// HTTP server that checks a user's password (HTTP basic) and signs a JWT (ES256)
// with a throwaway key whose self-signed certificate is the registry's rootcertbundle.
// Users get every action they ask for; anonymous callers get pull on public/* only.
import {createPrivateKey, randomBytes, sign} from 'node:crypto';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import {run} from './docker-cli.mjs';

const base64url = data => Buffer.from(data).toString('base64url');

async function makeKey(dir) {
	const result = await run('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
		'-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem'), '-days', '2', '-subj', '/CN=stowage-token-issuer']);
	if (result.code !== 0) throw new Error(`test bed: openssl for the token key failed (${result.code}): ${result.stderr}`);
	const pem = readFileSync(path.join(dir, 'cert.pem'), 'utf8');
	const der = pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
	return {key: createPrivateKey(readFileSync(path.join(dir, 'key.pem'))), x5c: der, certFile: path.join(dir, 'cert.pem')};
}

function parseScope(scope) {
	const first = scope.indexOf(':');
	const last = scope.lastIndexOf(':');
	if (first <= 0 || last <= first) return undefined;
	return {type: scope.slice(0, first), name: scope.slice(first + 1, last), actions: scope.slice(last + 1).split(',').filter(Boolean)};
}

/**
 * Starts the issuer. Returns {realm, service, issuer, certFile, requests, stop()};
 * `requests` lists every token request ({user, scopes}) in order, for the tests to count.
 */
export async function startTokenIssuer({users = {}, expiresIn = 60, service = 'stowage-test-registry', issuer = 'stowage-test-issuer'} = {}) {
	// Tokens to hand out already expired (their claim, not their expires_in): a registry refuses them.
	let expiredToCome = 0;
	const dir = mkdtempSync('/tmp/stowage-token-');
	const {key, x5c, certFile} = await makeKey(dir);
	const requests = [];
	const server = http.createServer((req, res) => {
		const url = new URL(req.url ?? '/', 'http://issuer');
		if (url.pathname !== '/token' || (req.method !== 'GET' && req.method !== 'POST')) {
			res.writeHead(404).end();
			return;
		}
		let user;
		const authorization = req.headers.authorization ?? '';
		if (authorization.startsWith('Basic ')) {
			const decoded = Buffer.from(authorization.slice(6), 'base64').toString('utf8');
			const colon = decoded.indexOf(':');
			const [name, password] = [decoded.slice(0, colon), decoded.slice(colon + 1)];
			if (colon < 0 || users[name] === undefined || users[name] !== password) {
				requests.push({user: name, scopes: url.searchParams.getAll('scope'), refused: true});
				res.writeHead(401, {'Content-Type': 'application/json'}).end(JSON.stringify({errors: [{code: 'UNAUTHORIZED', message: 'bad credentials'}]}));
				return;
			}
			user = name;
		}
		const scopes = url.searchParams.getAll('scope').flatMap(scope => scope.split(' ')).filter(Boolean);
		requests.push({user, scopes});
		const access = scopes.map(parseScope).filter(Boolean).map(scope => ({
			type: scope.type,
			name: scope.name,
			actions: user ? scope.actions : scope.type === 'repository' && scope.name.startsWith('public/') ? scope.actions.filter(action => action === 'pull') : [],
		}));
		const now = Math.floor(Date.now() / 1000);
		const header = {typ: 'JWT', alg: 'ES256', x5c: [x5c]};
		const expired = expiredToCome > 0;
		if (expired) expiredToCome--;
		// Past the registry's 60 s of leeway.
		const claims = {iss: issuer, sub: user ?? '', aud: service, exp: expired ? now - 600 : now + expiresIn, nbf: expired ? now - 900 : now - 1, iat: expired ? now - 900 : now, jti: randomBytes(8).toString('hex'), access};
		const signingInput = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
		const signature = sign('sha256', Buffer.from(signingInput), {key, dsaEncoding: 'ieee-p1363'});
		const token = `${signingInput}.${base64url(signature)}`;
		res.writeHead(200, {'Content-Type': 'application/json'}).end(JSON.stringify({token, access_token: token, expires_in: expiresIn, issued_at: new Date(now * 1000).toISOString()}));
	});
	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', resolve);
	});
	const {port} = server.address();
	return {
		realm: `http://127.0.0.1:${port}/token`,
		service,
		issuer,
		certFile,
		requests,
		expireNext(count = 1) {
			expiredToCome += count;
		},
		stop: () => new Promise(resolve => {
			server.closeAllConnections();
			server.close(() => {
				rmSync(dir, {recursive: true, force: true});
				resolve();
			});
		}),
	};
}
