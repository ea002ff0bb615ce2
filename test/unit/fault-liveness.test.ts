// The liveness check with a fake /_ping (the engine's death is injected by its answer):
// a suspicion pings once; no answer reports the engine lost and pings every second
// until it answers, then hands over to the reconnect, once.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {createLiveness} from '../../source/store/liveness.ts';

function harness(answers: Array<string | undefined>) {
	const log: string[] = [];
	let connected = true;
	const liveness = createLiveness({
		async ping() {
			const answer = answers.length > 0 ? answers.shift() : undefined;
			log.push(`ping ${answer ?? 'ok'}`);
			return answer;
		},
		isConnected: () => connected,
		lost(reason) {
			connected = false;
			log.push(`lost ${reason}`);
		},
		back() {
			log.push('back');
		},
		probeEveryMs: 10,
	});
	return {liveness, log, setConnected: (value: boolean) => { connected = value; }};
}

const until = async (check: () => boolean) => {
	const deadline = Date.now() + 2000;
	while (!check()) {
		assert.ok(Date.now() < deadline, 'timed out');
		await new Promise(resolve => setTimeout(resolve, 5));
	}
};

test('fault engine gone: a suspicion pings, reports lost with the reason, pings again until it answers, then reconnects once', async () => {
	const {liveness, log} = harness(['connection refused', 'no socket', undefined]);
	liveness.suspect();
	// A second sign while the first check runs costs no second ping.
	liveness.suspect();
	await until(() => log.includes('back'));
	assert.deepEqual(log, ['ping connection refused', 'lost connection refused', 'ping no socket', 'lost no socket', 'ping ok', 'back']);
	liveness.reset();
});

test('fault stream break with the engine alive: the ping answers, nothing is reported', async () => {
	const {liveness, log} = harness([undefined]);
	liveness.suspect();
	await until(() => log.length === 1);
	await new Promise(resolve => setTimeout(resolve, 50));
	assert.deepEqual(log, ['ping ok']);
});

test('fault engine gone, then Ctrl-R reconnects by itself: reset stops the probing', async () => {
	const {liveness, log} = harness(['connection refused', 'connection refused', 'connection refused']);
	liveness.suspect();
	await until(() => log.includes('lost connection refused'));
	liveness.reset();
	const count = log.length;
	await new Promise(resolve => setTimeout(resolve, 60));
	assert.ok(log.length <= count + 1, `at most the ping in flight: ${log.join(', ')}`);
	assert.ok(!log.includes('back'));
});

test('fault during start-up (not yet connected): a suspicion is ignored, connect() retries by itself', async () => {
	const {liveness, log, setConnected} = harness(['connection refused']);
	setConnected(false);
	liveness.suspect();
	await new Promise(resolve => setTimeout(resolve, 30));
	assert.deepEqual(log, []);
});
