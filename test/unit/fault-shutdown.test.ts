// The shutdown's decisions with stand-in streams (a terminal cannot be made to fail with EIO on
// demand inside a unit test; test/e2e/fault-process.test.ts closes a real pty): which status,
// that jobs are stopped first, that a vanished terminal's later writes go nowhere.
import assert from 'node:assert/strict';
import {EventEmitter} from 'node:events';
import {test} from 'node:test';
import {installShutdown, terminalGone} from '../../source/shutdown.ts';

function rig({tty = true} = {}) {
	const stdin = Object.assign(new EventEmitter(), {isTTY: tty}) as unknown as NodeJS.ReadStream;
	const written: string[] = [];
	const stdout = Object.assign(new EventEmitter(), {write: (chunk: string) => written.push(chunk) > 0}) as unknown as NodeJS.WriteStream;
	const events: string[] = [];
	let exited: (code: number) => void = () => {};
	const exit = new Promise<number>(resolve => {
		exited = resolve;
	});
	const uninstall = installShutdown({
		async stopJobs() {
			events.push('stop jobs');
			await new Promise(resolve => setTimeout(resolve, 20));
			events.push('jobs stopped');
		},
		leaveUi: () => events.push('leave ui'),
		restoreSequence: '',
	}, {stdin, stdout, exit: code => exited(code), closeStdio: () => events.push('close stdio')});
	return {stdin, stdout, written, events, exit, uninstall};
}

for (const [signal, status] of [['SIGTERM', 143], ['SIGHUP', 129], ['SIGINT', 130]] as const) {
	test(`${signal} (emitted): jobs stopped and waited for, the UI left, exit ${status}; the terminal kept open`, async () => {
		const {events, exit, uninstall} = rig();
		try {
			process.emit(signal, signal);
			assert.equal(await exit, status);
			assert.deepEqual(events, ['stop jobs', 'jobs stopped', 'leave ui']);
		} finally {
			uninstall();
		}
	});
}

for (const code of ['EIO', 'EPIPE']) {
	test(`${code} on a write to the terminal is a hangup: jobs stopped, the UI not touched, stdio closed, exit 129; later frames go nowhere`, async () => {
		const {stdout, written, events, exit, uninstall} = rig();
		try {
			stdout.emit('error', Object.assign(new Error(`write ${code}`), {code}));
			// What Ink does next, a render: swallowed, and its callback still called.
			let called = false;
			assert.equal(stdout.write('frame', () => {
				called = true;
			}), true);
			assert.equal(called, true);
			assert.deepEqual(written, []);
			assert.equal(await exit, 129);
			assert.deepEqual(events, ['stop jobs', 'jobs stopped', 'close stdio']);
		} finally {
			uninstall();
		}
	});
}

test('a terminal\'s stdin ending is a hangup; a pipe\'s is not', async () => {
	const terminal = rig();
	try {
		terminal.stdin.emit('end');
		assert.equal(await terminal.exit, 129);
	} finally {
		terminal.uninstall();
	}

	const piped = rig({tty: false});
	try {
		piped.stdin.emit('end');
		await new Promise(resolve => setTimeout(resolve, 50));
		assert.deepEqual(piped.events, []);
	} finally {
		piped.uninstall();
	}
});

test('a hangup during a SIGTERM\'s cleanup waits for it and keeps 143; a second SIGTERM exits at once', async () => {
	const first = rig();
	try {
		process.emit('SIGTERM', 'SIGTERM');
		process.emit('SIGHUP', 'SIGHUP');
		first.stdout.emit('error', Object.assign(new Error('write EIO'), {code: 'EIO'}));
		assert.equal(await first.exit, 143);
		assert.deepEqual(first.events, ['stop jobs', 'jobs stopped', 'close stdio']);
	} finally {
		first.uninstall();
	}

	const second = rig();
	try {
		process.emit('SIGTERM', 'SIGTERM');
		process.emit('SIGTERM', 'SIGTERM');
		assert.equal(await second.exit, 143);
		assert.deepEqual(second.events, ['stop jobs'], 'out before the jobs finished');
	} finally {
		second.uninstall();
	}
});

test('which errors mean the terminal is gone', () => {
	for (const code of ['EIO', 'EPIPE', 'ENXIO', 'EBADF', 'ERR_STREAM_DESTROYED']) {
		assert.equal(terminalGone(Object.assign(new Error(code), {code})), true, code);
	}

	for (const error of [new Error('x'), Object.assign(new Error('EAGAIN'), {code: 'EAGAIN'}), undefined]) {
		assert.equal(terminalGone(error), false);
	}
});
