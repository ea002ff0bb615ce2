import assert from 'node:assert/strict';
import {test} from 'node:test';
import {render} from 'ink-testing-library';
import React from 'react';
import {Header} from '../../source/ui/header.tsx';

const connected = {status: 'connected', info: {product: 'docker', version: '20.10.24', apiVersion: '1.41', pinnedApiVersion: '1.41', os: 'linux', arch: 'amd64'}, eventsLive: true} as const;

test('the header names the SSH link\'s trouble before anything else, with a spinner while it reconnects, and says nothing of it when the link is up', () => {
	const reconnecting = render(<Header endpointLabel="ssh://me@box" connection={connected} link={{state: 'reconnecting', detail: 'the SSH connection to box was lost'}} width={120}/>);
	assert.match(reconnecting.lastFrame() ?? '', /ssh:\/\/me@box +[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] ssh reconnecting: the SSH connection to box was lost/);
	reconnecting.unmount();
	const up = render(<Header endpointLabel="ssh://me@box" connection={connected} link={{state: 'connected'}} width={120}/>);
	assert.match(up.lastFrame() ?? '', /● connected · live/);
	up.unmount();
});

test('however narrow, the header keeps "? help" and "q quit" and cuts the rest', () => {
	for (const width of [60, 80, 120]) {
		const header = render(<Header endpointLabel="unix:///var/run/a/rather/long/path/to/docker.sock" connection={connected} width={width}/>);
		const frame = header.lastFrame() ?? '';
		assert.match(frame, /\? help {2}q quit$/, `at ${width}`);
		assert.ok(frame.length <= width);
		header.unmount();
	}
});
