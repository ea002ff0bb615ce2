import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {Action} from '../../source/store/actions.ts';
import type {ImageSummary} from '../../source/engine/types.ts';
import {reducer} from '../../source/store/reducer.ts';
import {findLine} from '../../source/store/overlay-page.ts';
import {selectedRow, visibleRows} from '../../source/store/selectors.ts';
import {initialState, type State} from '../../source/store/state.ts';

const image = (n: number, tags: string[]): ImageSummary => ({
	id: `sha256:${String(n).padStart(64, '0')}`, parentId: '', repoTags: tags, repoDigests: [], created: 1000 - n, size: n * 100, sharedSize: -1, containers: -1,
});

const run = (actions: Action[], state: State = initialState('unix:///x.sock')) => actions.reduce(reducer, state);
const loaded = run([{type: 'imagesLoaded', images: [image(1, ['a:1']), image(2, ['b:1']), image(3, []), image(4, ['c:1'])]}]);

test('the selection moves, clamps at the ends, and jumps', () => {
	assert.equal(selectedRow(loaded)?.repository, 'a');
	assert.equal(selectedRow(run([{type: 'move', delta: 1}], loaded))?.repository, 'b');
	assert.equal(selectedRow(run([{type: 'move', delta: -5}], loaded))?.repository, 'a');
	assert.equal(selectedRow(run([{type: 'move', delta: 50}], loaded))?.repository, 'c');
	assert.equal(selectedRow(run([{type: 'moveTo', where: 'end'}, {type: 'moveTo', where: 'start'}], loaded))?.repository, 'a');
});

test('the selection follows its row across reloads, and stays in place when the row goes', () => {
	const onB = run([{type: 'move', delta: 1}], loaded);
	const reordered = run([{type: 'imagesLoaded', images: [image(4, ['c:1']), image(2, ['b:1']), image(1, ['a:1'])]}], onB);
	assert.equal(selectedRow(reordered)?.repository, 'b');
	const gone = run([{type: 'imagesLoaded', images: [image(1, ['a:1']), image(4, ['c:1'])]}], onB);
	assert.equal(selectedRow(gone)?.repository, 'c');
});

test('filter typing, keep, clear; the untagged toggle', () => {
	const typing = run([{type: 'filterStart'}, {type: 'filterInput', text: 'B:'}], loaded);
	assert.equal(typing.filterEditing, true);
	assert.deepEqual(visibleRows(typing).map(row => row.repository), ['b']);
	const kept = run([{type: 'filterCommit'}], typing);
	assert.equal(kept.filterEditing, false);
	assert.equal(kept.filter, 'B:');
	assert.equal(visibleRows(run([{type: 'filterCancel'}], kept)).length, 4);
	assert.equal(visibleRows(run([{type: 'toggleUntagged'}], loaded)).length, 3);
});

test('focus cycles through the panes both ways; the history cursor is its own', () => {
	const history = run([{type: 'historyLoading', imageId: 'x'}, {type: 'historyLoaded', imageId: 'x', entries: [1, 2, 3].map(n => ({id: String(n), created: 0, createdBy: '', size: 0, comment: '', tags: []}))}, {type: 'focus', step: 1}], loaded);
	assert.equal(history.focus, 'history');
	assert.equal(run([{type: 'move', delta: 2}], history).history.cursor, 2);
	assert.equal(run([{type: 'move', delta: 9}], history).history.cursor, 2);
	assert.equal(selectedRow(run([{type: 'move', delta: 2}], history))?.repository, 'a');
	assert.equal(run([{type: 'focus', step: -1}, {type: 'focus', step: -1}], history).focus, 'usage');
	// A late answer for another image is ignored.
	assert.equal(run([{type: 'historyLoaded', imageId: 'other', entries: []}], history).history.entries?.length, 3);
});

test('inspect search finds lines, wraps around, and scroll clamps', () => {
	const lines = ['{', '  "Id": "x",', '  "RootFS": {', '  "Layers": [', '}'];
	assert.equal(findLine(lines, 'rootfs', 0, 1), 2);
	assert.equal(findLine(lines, '"', 3, 1), 3);
	assert.equal(findLine(lines, 'id', 3, 1), 1);
	assert.equal(findLine(lines, 'nothing', 0, 1), -1);
	// A match already on screen keeps the page where it is; the match is marked.
	const open = run([{type: 'openInspect', title: 't', wrap: false}, {type: 'inspectLoaded', lines}, {type: 'searchStart'}, {type: 'searchInput', text: 'layers'}], loaded);
	assert.ok(open.overlay.kind === 'inspect');
	assert.equal(open.overlay.scroll, 0);
	assert.equal(open.overlay.match, 3);
	// Not found: the match says so (-1) and the page does not move.
	const missing = run([{type: 'searchInput', text: 'nothing'}], open);
	assert.ok(missing.overlay.kind === 'inspect');
	assert.deepEqual([missing.overlay.match, missing.overlay.scroll], [-1, 0]);
	// Everything fits: there is nowhere to scroll to.
	const scrolled = run([{type: 'searchNext', direction: 1}, {type: 'overlayScroll', delta: 100}], open);
	assert.equal(scrolled.overlay.kind === 'inspect' && scrolled.overlay.scroll, 0);
	assert.equal(run([{type: 'closeOverlay'}], scrolled).overlay.kind, 'none');
});

test('inspect on a small screen: a match off the page scrolls to it; G ends on the last full page and k moves at once', () => {
	const lines = Array.from({length: 50}, (_, index) => `line ${index}${index === 30 ? ' needle' : ''}`);
	// 12 rows: a title and a footer leave 10 for lines.
	const open = run([{type: 'viewport', columns: 80, rows: 12}, {type: 'openInspect', title: 't', wrap: false}, {type: 'inspectLoaded', lines}, {type: 'searchStart'}, {type: 'searchInput', text: 'needle'}], loaded);
	assert.ok(open.overlay.kind === 'inspect');
	assert.deepEqual([open.overlay.match, open.overlay.scroll], [30, 30]);
	const end = run([{type: 'searchCommit'}, {type: 'overlayScrollTo', where: 'end'}], open);
	assert.equal(end.overlay.kind === 'inspect' && end.overlay.scroll, 40);
	const back = run([{type: 'overlayScroll', delta: -1}], end);
	assert.equal(back.overlay.kind === 'inspect' && back.overlay.scroll, 39);
	// n from the match finds the next one, wrapping around to the same line.
	const next = run([{type: 'searchNext', direction: 1}], open);
	assert.equal(next.overlay.kind === 'inspect' && next.overlay.match, 30);
});
