import assert from 'node:assert/strict';
import {test} from 'node:test';
import {layoutColumns, measure, tableWidth} from '../../source/ui/image-columns.ts';
import {computeLayout} from '../../source/ui/layout.ts';
import type {ImageRow} from '../../source/store/image-rows.ts';

const row = (repository: string, tag: string): ImageRow => ({
	key: `${repository}:${tag}`, id: 'sha256:' + '0'.repeat(64), shortId: '000000000000', repository, tag, created: 0, size: 1, uniqueSize: 1, containers: 0, untagged: false,
} as unknown as ImageRow);
const now = 1_000_000_000;

test('side by side at 200 columns the list gets what its table needs and the side the rest', () => {
	const measured = measure([row('localhost:5000/team/stowage-app', 'latest'), row('stowage-base', '1.0')], now);
	const want = tableWidth(measured);
	const layout = computeLayout(200, 50, 0, want);
	assert.equal(layout.mode, 'wide');
	assert.equal(layout.listWidth, want);
	assert.equal(layout.sideWidth, 200 - want - 1);
	assert.ok(layout.sideWidth > 100, `the side gets ${layout.sideWidth}`);
	// Every column of the table fits in that width, names whole.
	const columns = layoutColumns(layout.listWidth, measured);
	assert.deepEqual(columns.map(column => column.title), ['REPOSITORY', 'TAG', 'IMAGE ID', 'CREATED', 'SIZE', 'CTRS', 'UNIQUE']);
	assert.equal(columns[0]!.width, 'localhost:5000/team/stowage-app'.length);
});

test('a very long repository name is cut within reason rather than squeezing the side panes', () => {
	const long = 'registry.example.com/' + 'deep/'.repeat(20) + 'service';
	const want = tableWidth(measure([row(long, 'v1')], now));
	assert.ok(want < 120, `the table asks for ${want}`);
	assert.ok(computeLayout(200, 50, 0, want).sideWidth >= 80);
	// However much the table wants, the side keeps room for the usage table.
	assert.equal(computeLayout(170, 45, 0, 500).sideWidth, 68);
});

test('at 80x24 the list gets most of the rows: usage, and jobs while there are none, fold to one line', () => {
	const empty = computeLayout(80, 24, 0, 94);
	assert.equal(empty.mode, 'stacked');
	assert.ok(empty.listHeight >= 10, `list rows ${empty.listHeight}`);
	assert.equal(empty.usageHeight, 0);
	assert.equal(empty.jobsHeight, 0);
	assert.ok(empty.historyHeight >= 4);
	// Header + list title + list + history title + history + jobs line + usage line + status line.
	assert.equal(2 + 1 + empty.listHeight + 1 + empty.historyHeight + 1 + 1, 24);
	const busy = computeLayout(80, 24, 3, 94);
	assert.ok(busy.jobsHeight >= 3);
	assert.ok(busy.listHeight >= 8);
	assert.equal(2 + 1 + busy.listHeight + 1 + busy.historyHeight + 1 + busy.jobsHeight + 1, 24);
	// A tall terminal keeps the usage table.
	assert.equal(computeLayout(120, 40, 0, 94).usageHeight, 5);
});
