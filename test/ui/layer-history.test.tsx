import assert from 'node:assert/strict';
import {test} from 'node:test';
import {render} from 'ink-testing-library';
import React from 'react';
import {LayerHistory} from '../../source/ui/layer-history.tsx';

test('CREATED is as wide as its words; CREATED BY gets the rest of a wide pane', () => {
	const now = 1_700_000_000_000;
	// 84 characters: whole in the 87 left once CREATED takes 14.
	const command = '/bin/sh -c apt-get update && apt-get install -y --no-install-recommends curl xxxxxxx';
	const entries = [{id: '<missing>', created: now / 1000 - 600, createdBy: command, size: 100, comment: '', tags: []}];
	const {lastFrame, unmount} = render(<LayerHistory history={{entries, cursor: 0}} height={3} width={126} focused={false} now={now}/>);
	const lines = (lastFrame() ?? '').split('\n');
	assert.match(lines[0]!, /CREATED {9}SHARE/);
	assert.ok(lines[1]!.includes(command), lines[1]);
	unmount();
});
