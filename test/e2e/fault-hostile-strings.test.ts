// Hostile strings on every screen, checked on the raw bytes the built binary writes to
// its terminal (recorded by `script` under tmux), not only on the drawn screen: OSC 0/2/8/52,
// CSI, DCS passthrough, C1 controls (U+009B CSI among them), bidi controls, BEL, CR and BS,
// in an image's labels, env, history, comment and file names (a crafted archive, loaded), in a
// build's steps and error, and in a registry's error message (a loopback registry that answers
// every pull with it).
import assert from 'node:assert/strict';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {createServer, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import path from 'node:path';
import {after, before, test} from 'node:test';
import {loadCrafted, removeCrafted, type Crafted} from '../helpers/crafted-image.ts';
import {testHost, withinEngineTime} from '../helpers/test-engine.ts';
import {openTerminal, type Terminal} from '../helpers/tmux.ts';

const osc = '\u001B]0;PWN-TITLE\u0007\u001B]2;PWN-TITLE2\u001B\\\u001B]8;;http://evil.example/\u001B\\link\u001B]8;;\u001B\\\u001B]52;c;cHduZWQ=\u0007';
const csi = '\u001B[2J\u001B[H\u001B[31mRED\u001B[0m\u001B[?1049l';
const dcs = '\u001BPtmux;\u001B\u001B]0;DCS-TITLE\u0007\u001B\\';
const c1 = '\u009B2J\u009D0;C1-TITLE\u009C\u0085\u0090q\u009C';
const bidi = '\u202ERTL\u202C\u2066ISO\u2069\u202A\u202B\u202D\u2067\u2068';
const crbs = 'one\rtwo\b\bXY\u0007';
const hostile = (word: string) => `${word}<${osc}${csi}${dcs}${c1}${bidi}${crbs}>`;
// For a Dockerfile line: no CR (it would end the line there).
const hostileLine = (word: string) => `${word}<${osc}${csi}${dcs}${c1}${bidi}\u0007\b>`;

const image: Crafted = {
	ref: 'stowage-hostile-raw:1',
	history: [{created_by: hostile('HISTORY'), comment: hostile('COMMENT')}],
	labels: {evil: hostile('LABELVALUE'), [hostile('LABELKEY')]: 'k'},
	env: ['PATH=/bin', `EVIL=${hostile('ENV')}`],
	files: [{name: 'ok.txt', content: 'ok\n'}, {name: `FILE<\u001B]0;T\u0007\u009B2J\u202E\r\b>.txt`, content: 'x'.repeat(2000)}],
};

const rawLog = `/tmp/stowage-raw-${process.pid}.log`;
// A build context whose Dockerfile carries hostile text in its steps and fails on a hostile file name.
const buildContext = mkdtempSync('/tmp/stowage-hostile-build-');
// The missing file's name has no glob character ([ ? *), which would let BuildKit match nothing and go on.
// The COPY fails first: a step before it would leave its image behind (the classic builder keeps
// the images of the steps that worked), and the other tests count the engine's images.
writeFileSync(path.join(buildContext, 'Dockerfile'), `FROM scratch\nCOPY BUILDERR<\u001B]0;PWN-TITLE\u0007\u009B2J\u202E\u0007\b> /x\nLABEL evil="${hostileLine('BUILDSTEP')}"\n`);
let terminal: Terminal;
let registry: Server;
let registryPort = 0;

before(async () => {
	await loadCrafted(testHost(), [image]);
	// A registry that answers the API check and refuses every manifest with a hostile message.
	registry = createServer((request, response) => {
		response.setHeader('Content-Type', 'application/json');
		response.setHeader('Docker-Distribution-API-Version', 'registry/2.0');
		if (request.url === '/v2/' || request.url === '/v2') {
			response.end('{}');
			return;
		}

		response.statusCode = 404;
		response.end(JSON.stringify({errors: [{code: 'MANIFEST_UNKNOWN', message: hostile('REGISTRY'), detail: hostile('DETAIL')}]}));
	});
	await new Promise<void>(resolve => registry.listen(0, '127.0.0.1', resolve));
	registryPort = (registry.address() as AddressInfo).port;
	terminal = await openTerminal([], {DOCKER_HOST: testHost(), TERM: 'xterm-256color'}, 120, 40, rawLog);
	await terminal.waitForScreen(screen => screen.includes('stowage-hostile-raw'), 'the list', withinEngineTime(15_000));
});

after(async () => {
	await terminal?.close();
	await new Promise(resolve => registry?.close(resolve));
	await removeCrafted(testHost(), [image]);
	rmSync(rawLog, {force: true});
	rmSync(buildContext, {recursive: true, force: true});
});

const wait = (check: (screen: string) => boolean, what: string, ms = 15_000) => terminal.waitForScreen(check, what, withinEngineTime(ms));

/** The escape sequences Ink and stowage write for layout: cursor moves, erasing, colours, modes, and stowage's own title. */
const allowed = /\u001B\[[\d;?]*[A-HJKSTfhlmsu]|\u001B\]0;stowage[^\u0007\u001B]*\u0007/g;

/** Everything in the raw output that a terminal would act on and that is not layout. */
function offending(raw: string): string[] {
	const found: string[] = [];
	const rest = raw.replace(allowed, '');
	for (const match of rest.matchAll(/\u001B.{0,12}|[\u0080-\u009F\u202A-\u202E\u2066-\u2069\u0007\u0008]|\r(?!\n)/gs)) {
		found.push(JSON.stringify(match[0]));
	}

	return found;
}

function rawOutput(): string {
	return readFileSync(rawLog, 'utf8');
}

test('hostile strings (OSC 0/2/8/52, CSI, DCS, C1, bidi, BEL, CR, BS) in labels, env, history, comment, file names, build output and a registry error reach no screen raw: the pty gets only layout sequences', async () => {
	// List and history pane.
	await terminal.type('/stowage-hostile-raw');
	await terminal.keys('Enter');
	await wait(screen => screen.includes('HISTORY<^[]0;PWN-TITLE^G'), 'the history line, made visible');

	// Inspect: labels (key and value), env; and its search on them.
	await terminal.keys('Enter');
	await wait(screen => screen.includes('Inspect ') && screen.includes('"Id"'), 'inspect');
	for (const [term, shown] of [['labelvalue', 'LABELVALUE<^[]0;PWN-TITLE'], ['labelkey', 'LABELKEY<^[]0;PWN-TITLE'], ['evil=env', 'EVIL=ENV<^[]0;PWN-TITLE']] as const) {
		await terminal.keys('/');
		await terminal.type(term);
		await terminal.keys('Enter');
		await wait(screen => screen.includes(shown), `${term} found in inspect`);
	}

	await terminal.keys('Escape');
	await wait(screen => !screen.includes('Inspect '), 'inspect closed');

	// The step in full: history and comment.
	await terminal.keys('Tab', 'Enter');
	await wait(screen => screen.includes('step 1 of 1') && screen.includes('HISTORY<^['), 'the step in full');
	await terminal.keys('Escape');
	await wait(screen => !screen.includes('step 1 of 1'), 'the step closed');

	// The layer explorer (it runs the deep scan): the file names.
	await terminal.keys('e');
	await wait(screen => screen.includes('FILE<^[]0;T^G<U+009B>2J<U+202E>'), 'the hostile file name in the explorer', 30_000);
	await terminal.keys('Escape');
	await wait(screen => !screen.includes('Layers '), 'the explorer closed');

	// The advisor, after the deep scan: its findings name the steps and files.
	await terminal.keys('BTab', 'o');
	await wait(screen => screen.includes('Advisor '), 'the advisor');
	await terminal.keys('Escape');
	await wait(screen => !screen.includes('Advisor '), 'the advisor closed');

	// A pull from a registry whose error is hostile: the jobs pane and the job log.
	await terminal.keys('Escape');
	await terminal.keys('p');
	await wait(screen => screen.includes('Pull an image'), 'the pull form');
	await terminal.type(`127.0.0.1:${registryPort}/evil/image:1`);
	await terminal.keys('Enter');
	await wait(screen => screen.includes('✗ pull'), 'the failed pull');
	await terminal.keys('Tab', 'Tab');
	await terminal.keys('Enter');
	await wait(screen => screen.includes('STATUS   failed'), 'the job log');
	const log = await terminal.screen();
	await terminal.keys('Escape');
	await wait(screen => !screen.includes('STATUS   failed'), 'the log closed');

	// A build whose steps and error carry hostile text: the jobs pane and the job log.
	await terminal.keys('b');
	await wait(screen => screen.includes('Build an image'), 'the build form');
	await terminal.keys('C-u');
	await terminal.type(buildContext);
	await terminal.keys('Enter');
	await wait(screen => screen.includes('✗ build'), 'the failed build', 60_000);
	await terminal.keys('Enter');
	await wait(screen => screen.includes('STATUS   failed') && screen.includes('BUILDERR<^[]0;PWN-TITLE^G'), 'the build log with the hostile file name made visible');
	await terminal.keys('Escape');
	await wait(screen => !screen.includes('STATUS   failed'), 'the build log closed');
	await terminal.keys('q');
	for (const deadline = Date.now() + 5000; await terminal.alive();) {
		assert.ok(Date.now() < deadline, 'stowage quits');
		await new Promise(resolve => setTimeout(resolve, 50));
	}

	// The check itself sees every kind of hostile sequence (it would fail on them raw). CSI is
	// what Ink draws with, so a hostile one is looked for by its text instead.
	for (const part of [osc, dcs, c1, bidi, crbs]) {
		assert.notDeepEqual(offending(part), [], JSON.stringify(part));
	}

	const raw = rawOutput();
	// The hostile text was drawn (made visible), so the check below looked at something.
	assert.ok(raw.includes('LABELVALUE<^[]0;PWN-TITLE^G'), 'the label was drawn in caret form');
	assert.ok(raw.includes('<U+202E>RTL'), 'a bidi override was drawn as <U+202E>');
	assert.match(log, /REGISTRY|DETAIL|manifest unknown|not found/i, 'the registry\'s words are in the log');
	assert.deepEqual(offending(raw), [], 'nothing but layout reached the terminal');
	assert.doesNotMatch(raw, /PWN-TITLE(?:2)?\u0007|cHduZWQ=\u0007|DCS-TITLE\u0007/, 'no title, clipboard or passthrough sequence is complete');
	assert.ok(!raw.includes('\u001B[31mRED') && !raw.includes(csi), 'no CSI from the image reached the terminal');
	assert.ok(raw.includes('^[[31mRED'), 'the CSI was drawn in caret form');
});
