// `stowage ls` and the command line, run as the built binary against the test engine.
import assert from 'node:assert/strict';
import {execFile} from 'node:child_process';
import {test} from 'node:test';
import {promisify} from 'node:util';
import {docker} from '../bed/docker-cli.mjs';
import {fixtureFacts} from '../bed/fixture-names.mjs';
import {tableCells} from '../helpers/image-table.ts';
import {isPodman, testHost} from '../helpers/test-engine.ts';
import {cliPath} from '../helpers/tmux.ts';

type Result = {stdout: string; stderr: string; code: number};

async function stowage(args: string[], env: Record<string, string | undefined> = {}): Promise<Result> {
	try {
		const {stdout, stderr} = await promisify(execFile)(process.execPath, [cliPath, ...args], {env: {...process.env, DOCKER_HOST: testHost(), ...env}});
		return {stdout, stderr, code: 0};
	} catch (error) {
		const failed = error as {stdout: string; stderr: string; code: number};
		return {stdout: failed.stdout, stderr: failed.stderr, code: failed.code};
	}
}

test('`stowage ls` prints what `docker images` prints', async () => {
	const [ours, theirs] = await Promise.all([stowage(['ls']), docker(['images'])]);
	assert.equal(ours.code, 0, ours.stderr);
	// Column widths can differ by a character when "9 seconds ago" becomes "10 seconds ago" between the runs.
	const header = (table: string) => table.split('\n')[0]!.split(/\s{2,}/);
	assert.deepEqual(header(ours.stdout), header(theirs.stdout));
	assert.deepEqual(tableCells(ours.stdout), tableCells(theirs.stdout));
});

test('`ls -q`, `-a`, `--filter dangling=true`, `--json`', async () => {
	const quiet = await stowage(['ls', '-q']);
	assert.deepEqual(quiet.stdout.trim().split('\n').sort(), (await docker(['images', '-q'])).stdout.trim().split('\n').sort());
	const all = await stowage(['ls', '-a']);
	assert.deepEqual(tableCells(all.stdout), tableCells((await docker(['images', '-a'])).stdout));
	const dangling = await stowage(['ls', '-q', '--filter', 'dangling=true']);
	const expected = (await docker(['images', '-q', '--filter', 'dangling=true'])).stdout.trim().split('\n').sort();
	assert.deepEqual(dangling.stdout.trim().split('\n').sort(), expected);
	assert.ok(expected.includes(fixtureFacts().danglingId.replace('sha256:', '').slice(0, 12)));
	const json = (await stowage(['ls', '--json'])).stdout.trim().split('\n').map(line => JSON.parse(line) as {ID: string; Repository: string; Tag: string; Size: number});
	assert.equal(json.length, tableCells((await docker(['images'])).stdout).length);
	assert.ok(json.every(row => row.ID.startsWith('sha256:') && typeof row.Size === 'number' && row.Repository && row.Tag));
});

test('`ls REPOSITORY[:TAG]` lists what `docker images REPOSITORY[:TAG]` lists, wildcards included', async () => {
	// All tags of a repository, one tag, docker's reference patterns, a registry path; names docker never matches list nothing.
	for (const reference of ['stowage-app', 'stowage-app:1.0', 'stowage-*', 'stowage-base:[a-z]*', 'localhost:5000/team/stowage-app', 'Stowage-app', 'stowage-never']) {
		const [ours, theirs] = await Promise.all([stowage(['ls', reference]), docker(['images', reference])]);
		assert.equal(ours.code, 0, `${reference}: ${ours.stderr}`);
		assert.deepEqual(tableCells(ours.stdout), tableCells(theirs.stdout), reference);
	}

	// Podman's reference filter matches an image and returns every name it has, so
	// `docker images stowage-app` lists the image's registry name there too.
	const appNames = isPodman() ? ['localhost:5000/team/stowage-app:1.0', 'stowage-app:1.0', 'stowage-app:latest'] : ['stowage-app:1.0', 'stowage-app:latest'];
	assert.deepEqual(tableCells((await stowage(['ls', 'stowage-app'])).stdout).map(row => row.split(' ').slice(0, 2).join(':')), appNames);
	assert.equal(tableCells((await stowage(['ls', 'stowage-*'])).stdout).length, tableCells((await docker(['images', 'stowage-*'])).stdout).length);
	// With -q and a filter beside it, as docker combines them.
	const quiet = await stowage(['ls', '-q', '-f', 'dangling=false', 'stowage-app:1.0']);
	assert.equal(quiet.stdout, (await docker(['images', '-q', '-f', 'dangling=false', 'stowage-app:1.0'])).stdout);
});

test('bad input is refused with the reason and exit status 2', async () => {
	const cases: Array<[string[], Record<string, string | undefined>, RegExp]> = [
		[['-H', 'tcp://'], {}, /invalid host "tcp:\/\/": no host name/],
		[['--host', 'http://x'], {}, /unsupported scheme/],
		[['--context', 'nope'], {}, /context "nope" does not exist/],
		[['-H', 'unix:///a.sock', '--context', 'x'], {}, /conflicting options/],
		[['ls', '--filter', 'nonsense'], {}, /bad format of filter "nonsense"/],
		// The engine's own words: Podman's differ from dockerd's.
		[['ls', '-f', 'bogus=1'], {}, isPodman() ? /unsupported image filter "bogus"/ : /invalid filter 'bogus'/i],
		[['ls', '-f', 'dangling=maybe'], {}, isPodman() ? /non-boolean value "dangling" for maybe filter/ : /invalid filter 'dangling=\[maybe\]'/i],
		[['ls', '['], {}, /invalid reference "\[": syntax error in pattern/],
		[['ls', '-f', 'reference=app:[0-9'], {}, /invalid filter "reference=app:\[0-9": syntax error in pattern/],
		[['ls', 'stowage-app', 'stowage-base'], {}, /unexpected argument "stowage-base"/],
		[['frobnicate'], {}, /unknown command/],
		[['--bogus'], {}, /Unknown flag/i],
		[[], {DOCKER_HOST: 'ssh://me:pw@host'}, /passwords are not supported/],
	];
	for (const [args, env, reason] of cases) {
		const result = await stowage(args, env);
		assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
		assert.match(result.stderr, reason);
		assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
	}
});

test('an unreachable engine: one line, the endpoint, the reason, non-zero exit', async () => {
	const result = await stowage(['ls'], {DOCKER_HOST: 'unix:///tmp/stowage-missing.sock'});
	assert.equal(result.code, 1);
	assert.equal(result.stderr.trim().split('\n').length, 1);
	assert.match(result.stderr, /unix:\/\/\/tmp\/stowage-missing\.sock.*no socket at/);
	const refused = await stowage(['ls', '-H', 'tcp://127.0.0.1:1']);
	assert.match(refused.stderr, /connection refused/);
});

test('--help documents every flag', async () => {
	const help = await stowage(['--help']);
	assert.equal(help.code, 0);
	for (const flag of ['--host', '--context', '--quiet', '--all', '--json', '--filter', '--help', '--version', 'DOCKER_HOST', 'DOCKER_CONTEXT', 'ls [ls options] [REPOSITORY[:TAG]]']) {
		assert.ok(help.stdout.includes(flag), flag);
	}
});
