// Credentials the docker CLI's way, against real files and real helper programs:
// shell scripts named docker-credential-* in a temp dir at the front of PATH.
import assert from 'node:assert/strict';
import {chmodSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {after, before, test} from 'node:test';
import {configFilePath, CredentialHelperError, resolveAuth, storeCredentials} from '../../source/engine/credentials.ts';
import {hostTag, tempPathBeside} from '../../source/engine/temp-name.ts';

const b64 = (text: string) => Buffer.from(text).toString('base64');
let root: string;
before(() => {
	root = mkdtempSync('/tmp/stowage-creds-');
});
after(() => rmSync(root, {recursive: true, force: true}));

let dirs = 0;
/** A fresh DOCKER_CONFIG (not created yet) and a bin dir; PATH has the bin dir first, then the system's. */
function setup(config?: unknown): {env: NodeJS.ProcessEnv; configDir: string; bin: string} {
	const base = path.join(root, String(++dirs));
	const configDir = path.join(base, 'docker');
	const bin = path.join(base, 'bin');
	mkdirSync(bin, {recursive: true});
	if (config !== undefined) {
		mkdirSync(configDir, {recursive: true});
		writeFileSync(path.join(configDir, 'config.json'), JSON.stringify(config));
	}

	return {env: {DOCKER_CONFIG: configDir, PATH: `${bin}:/usr/local/bin:/usr/bin:/bin`, HOME: base}, configDir, bin};
}

/**
 * A real helper: `store` keeps the JSON it reads in <bin>/<name>.store/<hex of ServerURL>,
 * `get` prints it back or says "credentials not found in native keychain", every call is logged.
 * `leaky` makes `store` fail and echo its input, as a badly written helper might.
 */
function writeHelper(bin: string, name: string, {leaky = false} = {}): {calls(): string[]; stored(): string[]} {
	const store = path.join(bin, `${name}.store`);
	const script = `#!/bin/sh
dir=${JSON.stringify(store)}
mkdir -p "$dir"
echo "$1" >> "$dir/calls"
hex() { printf '%s' "$1" | od -An -tx1 | tr -d ' \\n'; }
case "$1" in
store)
	input=$(cat)
	${leaky ? 'echo "could not store $input"; exit 3' : ''}
	url=$(printf '%s' "$input" | sed -n 's/.*"ServerURL":"\\([^"]*\\)".*/\\1/p')
	printf '%s' "$input" > "$dir/$(hex "$url")"
	;;
get)
	url=$(cat)
	if [ -f "$dir/$(hex "$url")" ]; then cat "$dir/$(hex "$url")"; else echo "credentials not found in native keychain"; exit 1; fi
	;;
*)
	echo "unknown action $1"; exit 1
	;;
esac
`;
	const file = path.join(bin, `docker-credential-${name}`);
	writeFileSync(file, script);
	chmodSync(file, 0o755);
	const read = (name: string) => {
		try {
			return readFileSync(path.join(store, name), 'utf8');
		} catch {
			return '';
		}
	};

	return {
		calls: () => read('calls').split('\n').filter(Boolean),
		stored: () => {
			try {
				return readdirSync(store).filter(entry => entry !== 'calls').map(entry => read(entry));
			} catch {
				return [];
			}
		},
	};
}

const readConfig = (env: NodeJS.ProcessEnv) => JSON.parse(readFileSync(configFilePath(env), 'utf8')) as {auths: Record<string, Record<string, string>>; [key: string]: unknown};

test('file store: login writes base64 user:password into a 0600 file in a new 0700 dir, and reads it back', async () => {
	const {env, configDir} = setup();
	await storeCredentials('127.0.0.1:5000', 'alice', 's3cret', undefined, env);
	assert.equal(statSync(configDir).mode & 0o777, 0o700);
	assert.equal(statSync(configFilePath(env)).mode & 0o777, 0o600);
	assert.deepEqual(readConfig(env), {auths: {'127.0.0.1:5000': {auth: b64('alice:s3cret')}}});
	assert.deepEqual(await resolveAuth('127.0.0.1:5000', env), {username: 'alice', password: 's3cret', serveraddress: '127.0.0.1:5000'});
	assert.equal(await resolveAuth('other.example', env), undefined);
	assert.deepEqual(readdirSync(configDir), ['config.json'], 'no temp file left behind');
});

test('file store: every other key survives, an existing 0644 file becomes 0600, and an unchanged entry is not rewritten', async () => {
	const original = {auths: {'other.example': {auth: b64('bob:pw'), email: 'b@example.com'}}, psFormat: 'table {{.ID}}', currentContext: 'remote', plugins: {x: {y: 'z'}}, unknownKey: [1, 2, 3]};
	const {env} = setup(original);
	chmodSync(configFilePath(env), 0o644);
	await storeCredentials('reg.example', 'alice', 'pw', undefined, env);
	assert.deepEqual(readConfig(env), {...original, auths: {...original.auths, 'reg.example': {auth: b64('alice:pw')}}});
	assert.equal(statSync(configFilePath(env)).mode & 0o777, 0o600);
	const before = statSync(configFilePath(env)).ino;
	await storeCredentials('reg.example', 'alice', 'pw', undefined, env);
	assert.equal(statSync(configFilePath(env)).ino, before, 'same credentials: the file is left alone');
});

test('file store: an identity token replaces the password, as docker login writes it, and is preferred when read', async () => {
	const {env} = setup();
	await storeCredentials('reg.example', 'alice', 'password-not-kept', 'id-token-1', env);
	assert.deepEqual(readConfig(env).auths['reg.example'], {auth: b64('alice:'), identitytoken: 'id-token-1'});
	assert.doesNotMatch(readFileSync(configFilePath(env), 'utf8'), /password-not-kept/);
	assert.deepEqual(await resolveAuth('reg.example', env), {username: 'alice', identitytoken: 'id-token-1', serveraddress: 'reg.example'});
});

test('file store: legacy keys with a scheme match, Docker Hub uses its URL key, a symlinked config.json is written through', async () => {
	const {env, configDir} = setup({auths: {'https://127.0.0.1:5000/v1/': {auth: b64('old:pw')}, 'https://index.docker.io/v1/': {auth: b64('hub:pw')}}});
	assert.deepEqual(await resolveAuth('127.0.0.1:5000', env), {username: 'old', password: 'pw', serveraddress: 'https://127.0.0.1:5000/v1/'});
	assert.deepEqual(await resolveAuth('https://index.docker.io/v1/', env), {username: 'hub', password: 'pw', serveraddress: 'https://index.docker.io/v1/'});

	const real = path.join(configDir, 'real-config.json');
	writeFileSync(real, readFileSync(configFilePath(env)));
	rmSync(configFilePath(env));
	symlinkSync('real-config.json', configFilePath(env));
	await storeCredentials('new.example', 'n', 'p', undefined, env);
	assert.ok(lstatSync(configFilePath(env)).isSymbolicLink(), 'the link stays a link');
	assert.deepEqual(JSON.parse(readFileSync(real, 'utf8')).auths['new.example'], {auth: b64('n:p')});
});

test('file store: two logins at once both land', async () => {
	const {env} = setup();
	await Promise.all([storeCredentials('a.example', 'a', '1', undefined, env), storeCredentials('b.example', 'b', '2', undefined, env)]);
	assert.deepEqual(Object.keys(readConfig(env).auths).sort(), ['a.example', 'b.example']);
});

test('file store: a temp file that a killed stowage left beside config.json is removed by the next login; a live writer\'s is kept', async () => {
	const {env, configDir} = setup({auths: {}});
	// A pid that is not running (the kernel's pid_max is at most 2^22), and this process's parent, which is.
	const dead = path.basename(tempPathBeside(configFilePath(env), {host: hostTag(), pid: 4_194_305}));
	const live = path.basename(tempPathBeside(configFilePath(env), {host: hostTag(), pid: process.ppid}));
	writeFileSync(path.join(configDir, dead), '{"auths": {"half');
	writeFileSync(path.join(configDir, live), '{"auths": {"half');
	await storeCredentials('reg.example', 'alice', 'pw', undefined, env);
	assert.deepEqual(readdirSync(configDir).sort(), [live, 'config.json'].sort());
	assert.deepEqual(readConfig(env), {auths: {'reg.example': {auth: b64('alice:pw')}}});
});

test('a broken config.json is refused by name, never quoted, and never overwritten', async () => {
	const {env} = setup();
	mkdirSync(env.DOCKER_CONFIG!, {recursive: true});
	const broken = '{"auths": {"r": {"auth": "c2VjcmV0LXZhbHVl"}}, oops';
	writeFileSync(configFilePath(env), broken);
	await assert.rejects(resolveAuth('r', env), (error: Error) => error.name === 'ConfigFileError' && error.message.endsWith('config.json is not valid JSON'));
	await assert.rejects(storeCredentials('r', 'u', 'p', undefined, env), /not valid JSON/);
	assert.equal(readFileSync(configFilePath(env), 'utf8'), broken);
});

test('helper (credsStore): store then get round-trips; the file keeps only an empty entry', async () => {
	const {env, bin} = setup({auths: {'reg.example': {auth: b64('plain:text-pw')}}, credsStore: 'stowagetest'});
	const helper = writeHelper(bin, 'stowagetest');
	assert.equal(await resolveAuth('reg.example', env), undefined, 'the helper has nothing yet: "credentials not found" is no credentials');
	await storeCredentials('reg.example', 'alice', 'helper-secret', undefined, env);
	assert.deepEqual(helper.stored().map(text => JSON.parse(text)), [{ServerURL: 'reg.example', Username: 'alice', Secret: 'helper-secret'}]);
	assert.deepEqual(await resolveAuth('reg.example', env), {username: 'alice', password: 'helper-secret', serveraddress: 'reg.example'});
	assert.deepEqual(helper.calls(), ['get', 'store', 'get']);
	const text = readFileSync(configFilePath(env), 'utf8');
	assert.deepEqual(JSON.parse(text).auths, {'reg.example': {}}, 'the plain-text password is gone, as docker login leaves it');
	assert.doesNotMatch(text, /helper-secret|text-pw/);
});

test('helper: an identity token is stored as Username <token> and read back as a token', async () => {
	const {env, bin} = setup({credsStore: 'stowagetest'});
	const helper = writeHelper(bin, 'stowagetest');
	await storeCredentials('reg.example', 'alice', 'unused', 'tok-123', env);
	assert.deepEqual(JSON.parse(helper.stored()[0]!), {ServerURL: 'reg.example', Username: '<token>', Secret: 'tok-123'});
	assert.deepEqual(await resolveAuth('reg.example', env), {identitytoken: 'tok-123', serveraddress: 'reg.example'});
});

test('helper: credHelpers for the registry wins over credsStore, which wins over auths', async () => {
	const {env, bin} = setup({auths: {'special.example': {auth: b64('file:pw')}}, credsStore: 'stowageother', credHelpers: {'special.example': 'stowagetest'}});
	const specific = writeHelper(bin, 'stowagetest');
	const general = writeHelper(bin, 'stowageother');
	await storeCredentials('special.example', 'alice', 'specific-pw', undefined, env);
	await storeCredentials('plain.example', 'bob', 'general-pw', undefined, env);
	assert.deepEqual(specific.stored().map(text => JSON.parse(text).ServerURL), ['special.example']);
	assert.deepEqual(general.stored().map(text => JSON.parse(text).ServerURL), ['plain.example']);
	assert.equal((await resolveAuth('special.example', env))?.password, 'specific-pw');
	assert.equal((await resolveAuth('plain.example', env))?.password, 'general-pw');
});

test('helper: a missing helper and a failing one are errors that never carry the secret', async () => {
	const {env} = setup({credsStore: 'nosuchhelper'});
	await assert.rejects(resolveAuth('reg.example', env), (error: Error) => error instanceof CredentialHelperError && /docker-credential-nosuchhelper not found in PATH/.test(error.message));

	const leaky = setup({credsStore: 'leaky'});
	writeHelper(leaky.bin, 'leaky', {leaky: true});
	await assert.rejects(storeCredentials('reg.example', 'alice', 'very-secret-pw', undefined, leaky.env), (error: Error) => {
		assert.ok(error instanceof CredentialHelperError);
		assert.match(error.message, /docker-credential-leaky store failed \(exit status 3\): could not store/);
		assert.doesNotMatch(`${error.message} ${error.stack}`, /very-secret-pw/);
		return true;
	});
});

test('no credentials in the file at all: the platform helper is used when installed (DetectDefaultStore)', async () => {
	const {env, bin} = setup();
	const secretservice = writeHelper(bin, 'secretservice');
	assert.equal(await resolveAuth('reg.example', env), undefined);
	assert.deepEqual(secretservice.calls(), ['get']);
	// With `pass` on PATH, pass is the default instead.
	writeFileSync(path.join(bin, 'pass'), '#!/bin/sh\nexit 0\n', {mode: 0o755});
	const pass = writeHelper(bin, 'pass');
	await storeCredentials('reg.example', 'alice', 'pw', undefined, env);
	assert.deepEqual(pass.calls(), ['store']);
	// As docker login leaves it: the detected store is written down, the entry holds no secret.
	assert.deepEqual(readConfig(env), {credsStore: 'pass', auths: {'reg.example': {}}});
	assert.deepEqual(await resolveAuth('reg.example', env), {username: 'alice', password: 'pw', serveraddress: 'reg.example'});
	assert.deepEqual(pass.calls(), ['store', 'get']);
	assert.deepEqual(secretservice.calls(), ['get']);
});
