// Long strings on the several-hosts screen, against recording fakes of our own Engine (one
// that fails with an error of any length on demand): a host whose engine answers with a
// 1 MB error is drawn in the hosts pane, the header and the panes within 100 ms of one
// whose error is a sentence, with no line past the terminal.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {resolveEndpoint} from '../../source/engine/endpoint.ts';
import type {Engine} from '../../source/engine/engine.ts';
import {createHosts} from '../../source/store/hosts.ts';
import {image, recordingEngine} from '../helpers/recording-engine.ts';

// Timed as shipped (React's production build), as in fault-long-strings.test.tsx.
process.env.NODE_ENV = 'production';
const {renderWorkspace} = await import('../helpers/render-app.tsx');

const megabyte = 1_000_000;

/** Two hosts: a working one and one whose engine refuses every call with `reason`. */
function open(reason: string) {
	const targets = ['unix:///fake/good.sock', 'unix:///fake/broken.sock'].map(host => ({label: host, resolved: resolveEndpoint({host, env: {}})}));
	const hosts = createHosts(resolved => {
		const engine = recordingEngine([image('01', ['good/image:1'])]);
		if (!JSON.stringify(resolved.endpoint).includes('broken')) {
			return engine;
		}

		const refuse = async () => {
			throw new Error(reason);
		};
		return {...engine, connect: refuse, listImages: refuse, diskUsage: refuse} as Engine;
	}, targets);
	return {hosts, screen: renderWorkspace(hosts, () => [], 120, 40)};
}

async function timeTo(reason: string, marker: string) {
	const {hosts, screen} = open(reason);
	try {
		await screen.waitForFrame(frame => frame.includes('Hosts (2)') && frame.includes('good/image'), 'the hosts pane and the list', 20_000);
		// Onto the broken host and back: its error in the header, the hosts pane and the list pane.
		const start = performance.now();
		await screen.press(']');
		await screen.waitForFrame(frame => frame.includes(marker) && !frame.includes('good/image'), 'the broken host', 20_000);
		const onto = performance.now() - start;
		const frame = screen.frame();
		assert.ok(frame.split('\n').every(line => line.length <= 120), `no line past the terminal:\n${frame}`);
		await screen.press(']');
		await screen.waitForFrame(frame => frame.includes('good/image'), 'the good host again', 20_000);
		return {onto, frame};
	} finally {
		screen.unmount();
		hosts.stop();
	}
}

test('a host whose engine fails with a 1 MB error: the hosts pane, header and panes draw within 100 ms of a one-line error, cut to the width', async () => {
	const best = async (reason: string, marker: string) => {
		const tries = [await timeTo(reason, marker), await timeTo(reason, marker), await timeTo(reason, marker)];
		return {onto: Math.min(...tries.map(each => each.onto)), frame: tries[0]!.frame};
	};

	const usual = await best('connection refused here', 'connection refused here');
	const long = await best(`connection refused: ${'because '.repeat(megabyte / 8)}`, 'because because');
	assert.ok(long.onto <= usual.onto + 100, `${long.onto.toFixed(0)} ms against ${usual.onto.toFixed(0)} ms`);
	assert.match(long.frame, /because because[^\n]*…/, 'the error is cut with "…"');
});
