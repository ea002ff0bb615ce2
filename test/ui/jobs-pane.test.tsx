import assert from 'node:assert/strict';
import {test} from 'node:test';
import {render} from 'ink-testing-library';
import React from 'react';
import type {Job} from '../../source/store/jobs.ts';
import {JobsPane} from '../../source/ui/jobs-pane.tsx';

const hex = (i: number) => i.toString(16).padStart(12, '0');

test('a push of 31 layers in a 5-line pane shows the layers being sent and counts the rest', () => {
	const layers = Array.from({length: 31}, (_, i) => {
		if (i < 20) {
			return {id: hex(i), status: 'Pushed'};
		}

		return i < 23 ? {id: hex(i), status: 'Pushing', current: 3_000_000, total: 10_000_000} : {id: hex(i), status: 'Waiting'};
	});
	const job: Job = {id: 1, kind: 'push', title: 'localhost:5000/team/app:v1', status: 'running', progress: {layers, log: []}, startedAt: 0};
	const {lastFrame, unmount} = render(<JobsPane jobs={[job]} cursor={0} height={5} width={120} focused={false} now={1000}/>);
	const lines = (lastFrame() ?? '').split('\n');
	assert.equal(lines.length, 5);
	assert.match(lines[0]!, /push\s+localhost:5000\/team\/app:v1/);
	assert.deepEqual(lines.slice(1, 4).map(line => line.trim().split(' ')[0]), [hex(20), hex(21), hex(22)]);
	assert.match(lines[1]!, /Pushing 3MB\/10MB/);
	assert.match(lines[4]!, /… 28 more layers: 8 waiting, 20 done/);
	unmount();
});
