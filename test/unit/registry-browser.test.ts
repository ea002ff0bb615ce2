// The registry browser's reducer: rows filtered and sorted (numbers in order), the
// cursor kept on the list, Esc back to the repository it came from, and copy targets.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import fc from 'fast-check';
import {reducer} from '../../source/store/reducer.ts';
import {mergeSorted, registryRows, selectedRegistryRow} from '../../source/store/registry-browser.ts';
import {splitTarget} from '../../source/store/registry-effects.ts';
import {checksFor} from '../../source/store/newer-in-registry.ts';
import {adviceLines, registryHistoryView, remoteHistoryEntries, tagDetailLines} from '../../source/store/registry-lines.ts';
import {initialState, type State} from '../../source/store/state.ts';
import type {Action} from '../../source/store/actions.ts';

const run = (actions: Action[], state: State = initialState('test')) => actions.reduce(reducer, state);

test('tags sort by name with numbers in order, Z→A on s, and filter on the shown (sanitized) name', () => {
	let state = run([{type: 'registryOpen', registry: '127.0.0.1:5000'}, {type: 'registryRepositories', items: ['b/x', 'a/y'], append: false}, {type: 'registryTags', repository: 'a/y', items: ['v10', 'v2', 'latest'], append: false}, {type: 'registryTags', repository: 'a/y', items: ['v1', 'evil\u001B[2J'], append: true}]);
	assert.deepEqual(registryRows(state.registry!), ['evil\u001B[2J', 'latest', 'v1', 'v2', 'v10']);
	state = run([{type: 'registrySort'}], state);
	assert.deepEqual(registryRows(state.registry!), ['v10', 'v2', 'v1', 'latest', 'evil\u001B[2J']);
	state = run([{type: 'registryFilterStart'}, {type: 'registryFilterInput', text: '^['}], state);
	assert.deepEqual(registryRows(state.registry!), ['evil\u001B[2J'], 'the filter matches what is drawn');
	state = run([{type: 'registryFilterEnd', keep: false}, {type: 'registryMoveTo', where: 'end'}], state);
	assert.equal(selectedRegistryRow(state.registry), 'evil\u001B[2J');
	state = run([{type: 'registryMove', delta: 99}], state);
	assert.equal(state.registry!.cursor, 4, 'the cursor stays on the list');
	state = run([{type: 'registryBack'}], state);
	assert.equal(state.registry!.level, 'repositories');
	assert.equal(selectedRegistryRow(state.registry), 'a/y', 'back on the repository it came from');
	state = run([{type: 'registryBack'}], state);
	assert.equal(state.registry, undefined);
	assert.equal(state.overlay.kind, 'none');
	assert.deepEqual(state.recentRegistries, ['127.0.0.1:5000']);
});

test('pages merge into the sorted list without a sort of the whole; the cursor stays on its row while pages land above it; the filter narrows as typed', () => {
	assert.deepEqual(mergeSorted(['a1', 'a3', 'a10'], ['a2', 'a20', 'a0']), ['a0', 'a1', 'a2', 'a3', 'a10', 'a20']);
	assert.deepEqual(mergeSorted([], ['b', 'a']), ['a', 'b']);
	const page = (from: number, to: number) => Array.from({length: to - from}, (_, i) => `t${from + i}`);
	let state = run([{type: 'registryOpen', registry: 'r.example'}, {type: 'registryTags', repository: 'a', items: page(10, 20), append: false}, {type: 'registryMove', delta: 3}]);
	assert.equal(selectedRegistryRow(state.registry), 't13');
	state = run([{type: 'registryTags', repository: 'a', items: page(0, 10), append: true}], state);
	assert.equal(selectedRegistryRow(state.registry), 't13', 'ten tags landed above it');
	assert.equal(state.registry!.cursor, 13);
	assert.deepEqual(registryRows(state.registry!), page(0, 20), 'numbers in order across pages');
	state = run([{type: 'registryFilterStart'}, {type: 'registryFilterInput', text: '1'}], state);
	assert.deepEqual(registryRows(state.registry!), ['t1', ...page(10, 20)]);
	state = run([{type: 'registryFilterInput', text: '1'}, {type: 'registryFilterInput', text: '15'}], state);
	assert.deepEqual(registryRows(state.registry!), ['t15']);
	state = run([{type: 'registryFilterInput', text: '2'}], state);
	assert.deepEqual(registryRows(state.registry!), ['t2', 't12'], 'a filter that does not narrow looks at every tag again');
	state = run([{type: 'registryTags', repository: 'a', items: ['t22', 't2x'], append: true}], state);
	assert.deepEqual(registryRows(state.registry!), ['t2', 't2x', 't12', 't22'], 'a page that lands while filtering is filtered too');
});

test('natural order by sort keys: the collator\'s order for names of letters, digits, dots and dashes, however the names are split into pages', () => {
	const collator = new Intl.Collator('en', {numeric: true});
	// Numbers without leading zeros: there the collator ties "v01" with "v1" and the keys break the tie by code point.
	const word = fc.array(fc.oneof(fc.stringMatching(/^[a-z]{1,3}$/), fc.stringMatching(/^[.-]$/), fc.nat(100_000).map(String)), {minLength: 1, maxLength: 5}).map(parts => parts.join(''));
	fc.assert(fc.property(fc.uniqueArray(word, {maxLength: 60}), fc.nat(60), (names, cut) => {
		const expected = [...names].sort(collator.compare);
		const split = mergeSorted(mergeSorted([], names.slice(0, cut)), names.slice(cut));
		assert.deepEqual(split, expected);
	}), {numRuns: 300});
	assert.deepEqual(mergeSorted([], ['v1', 'V1', 'v01', 'v001', 'v0', 'v00']), ['v0', 'v00', 'V1', 'v001', 'v01', 'v1'], 'case folded and leading zeros ignored, ties by code point');
	// One page of 20,000 in the registry's directory order (what distribution 2.8 sends), then a few more.
	const tags = Array.from({length: 20_000}, (_, i) => `t${(i * 7919) % 20_000}`);
	const merged = mergeSorted(mergeSorted([], tags), ['t5x', 't20000', 't0']);
	assert.equal(merged.length, 20_003);
	assert.deepEqual(merged.slice(0, 3), ['t0', 't0', 't1']);
	assert.deepEqual(merged.slice(5, 8), ['t4', 't5', 't5x']);
	assert.equal(merged.at(-1), 't20000');
});

test('a tag\'s details close back to the browser; a delete takes its tags out of the list', () => {
	let state = run([{type: 'registryOpen', registry: 'r.example'}, {type: 'registryTags', repository: 'a', items: ['1', '2', '3'], append: false}, {type: 'openInspect', title: 'x', wrap: false, backToRegistry: true}]);
	assert.equal(state.overlay.kind, 'inspect');
	state = run([{type: 'closeOverlay'}, {type: 'registryRemoveTags', tags: ['1', '3']}], state);
	assert.equal(state.overlay.kind, 'registry');
	assert.deepEqual(state.registry!.tags, ['2']);
});

test('copy targets: registry/repository[:tag], the registry required', () => {
	assert.deepEqual(splitTarget('127.0.0.1:5000/team/app:v2'), {registry: '127.0.0.1:5000', repository: 'team/app', tag: 'v2'});
	assert.deepEqual(splitTarget('ghcr.io/me/app'), {registry: 'ghcr.io', repository: 'me/app', tag: 'latest'});
	assert.deepEqual(splitTarget('localhost/app:1'), {registry: 'localhost', repository: 'app', tag: '1'});
	assert.equal(splitTarget('team/app:v2'), undefined, 'no registry');
	assert.equal(splitTarget('r.example/Team/app'), undefined, 'upper case');
	assert.equal(splitTarget('r.example/app:-bad'), undefined);
});

test('stale checks: only tags whose repository has a digest recorded locally', () => {
	const image = (repoTags: string[], repoDigests: string[]) => ({id: 'sha256:1', parentId: '', repoTags, repoDigests, created: 0, size: 0, sharedSize: -1, containers: 0, labels: {}}) as unknown as Parameters<typeof checksFor>[0][number];
	const digest = `sha256:${'b'.repeat(64)}`;
	assert.deepEqual(checksFor([
		image(['127.0.0.1:5000/team/app:v1', 'other:1'], [`127.0.0.1:5000/team/app@${digest}`]),
		image(['built:latest'], []),
		image(['ubuntu:22.04'], [`ubuntu@${digest}`]),
	]), [
		{reference: '127.0.0.1:5000/team/app:v1', registry: '127.0.0.1:5000', repository: 'team/app', tag: 'v1', local: [digest]},
		{reference: 'ubuntu:22.04', registry: 'docker.io', repository: 'library/ubuntu', tag: '22.04', local: [digest]},
	]);
});

test('a remote tag\'s details: digest, type, size, platform, labels, history newest first with layer sizes, and the advice the history gives', () => {
	const digest = (n: string) => `sha256:${n.repeat(64)}`;
	const manifest = {kind: 'image' as const, mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: digest('a'), size: 400, config: {mediaType: 'x', digest: digest('c'), size: 10}, layers: [{mediaType: 'l', digest: digest('1'), size: 3_000_000}, {mediaType: 'l', digest: digest('2'), size: 45_000_000}], raw: Buffer.alloc(0)};
	const config = {created: '2024-01-02T03:04:05Z', os: 'linux', architecture: 'arm64', variant: 'v8', labels: {team: 'x'}, env: ['PATH=/bin'], diffIds: [], history: [
		{created: '2024-01-02T03:04:05Z', createdBy: '/bin/sh -c #(nop) ADD file:abc in / ', comment: '', emptyLayer: false},
		{created: '2024-01-02T03:04:05Z', createdBy: '/bin/sh -c apt-get update && apt-get install -y curl', comment: '', emptyLayer: false},
		{created: '2024-01-02T03:04:05Z', createdBy: '/bin/sh -c #(nop)  CMD ["sh"]', comment: '', emptyLayer: true},
	]};
	const lines = tagDetailLines({registry: 'r.example', repository: 'team/app', tag: 'v1', manifest, config, children: []}, Date.parse('2024-03-02T03:04:05Z'));
	assert.equal(lines[0], 'Name        r.example/team/app:v1');
	assert.equal(lines[2], 'Media type  OCI image manifest (application/vnd.oci.image.manifest.v1+json)');
	assert.equal(lines[3], 'Size        48MB compressed in 2 layers');
	assert.ok(lines.includes('Platform    linux/arm64/v8'));
	assert.ok(lines.includes('  team=x'), lines.join('\n'));
	assert.ok(lines.some(line => line.startsWith('History     3 steps, in the layer-history pane')), lines.join('\n'));
	// The history itself is the layer-history pane's, newest first, each step with its layer's compressed size.
	const entries = remoteHistoryEntries(manifest, config);
	assert.deepEqual(entries.map(entry => [entry.size, entry.createdBy, entry.created]), [
		[0, '/bin/sh -c #(nop)  CMD ["sh"]', Date.parse('2024-01-02T03:04:05Z') / 1000],
		[45_000_000, '/bin/sh -c apt-get update && apt-get install -y curl', Date.parse('2024-01-02T03:04:05Z') / 1000],
		[3_000_000, '/bin/sh -c #(nop) ADD file:abc in / ', Date.parse('2024-01-02T03:04:05Z') / 1000],
	]);
	assert.ok(adviceLines(manifest, config).some(line => /^ {2}DL3009 /.test(line)), adviceLines(manifest, config).join('\n'));
	let state = run([{type: 'registryOpen', registry: 'r.example'}, {type: 'registryTags', repository: 'team/app', items: ['v1'], append: false}]);
	assert.equal(registryHistoryView(state.registry!).view.message, 'Loading history from the registry…');
	state = run([{type: 'registryHistory', history: {tag: 'v1', entries, advice: adviceLines(manifest, config)}}], state);
	const {view, title} = registryHistoryView(state.registry!);
	assert.equal(view.entries.length, 3);
	assert.match(title, /^Layer history of v1 \(3 steps, compressed · \d+ findings?: o\)$/);
});

test('Space marks one tag for a comparison (shown after the browser closes), Space again or another tag replaces it', () => {
	let state = run([{type: 'registryOpen', registry: '127.0.0.1:5000'}, {type: 'registryTags', repository: 'team/app', items: ['1', '2'], append: false}, {type: 'registryMark'}]);
	assert.deepEqual(state.registryMark, {registry: '127.0.0.1:5000', repository: 'team/app', tag: '1'});
	assert.equal(selectedRegistryRow(state.registry), '2', 'the cursor moves on, as Space in the image list');
	state = run([{type: 'registryMark'}], state);
	assert.equal(state.registryMark?.tag, '2', 'one tag at a time');
	state = run([{type: 'registryMove', delta: -1}, {type: 'registryMark'}, {type: 'registryMove', delta: -1}, {type: 'registryMark'}], state);
	assert.equal(state.registryMark, undefined, 'Space on the marked tag unmarks it');
	state = run([{type: 'registryMark'}, {type: 'registryBack'}], state);
	assert.equal(state.registry, undefined);
	assert.equal(state.registryMark?.tag, '2', 'the mark outlives the browser: = in the image list uses it');
	const repositories = run([{type: 'registryOpen', registry: 'r.example'}, {type: 'registryRepositories', items: ['a'], append: false}, {type: 'registryMark'}]);
	assert.equal(repositories.registryMark, undefined, 'a repository is not a tag');
});

test('A clears the registry tag\'s mark with the images\' marks; a delete\'s own clearing keeps it', () => {
	const marked = run([{type: 'registryOpen', registry: '127.0.0.1:5000'}, {type: 'registryTags', repository: 'team/app', items: ['1'], append: false}, {type: 'registryMark'}, {type: 'registryBack'}]);
	assert.equal(marked.registryMark?.tag, '1');
	assert.equal(run([{type: 'clearMarks'}], marked).registryMark?.tag, '1', 'clearMarks (after a delete) is the images\' alone');
	assert.equal(run([{type: 'clearAllMarks'}], marked).registryMark, undefined);
});
