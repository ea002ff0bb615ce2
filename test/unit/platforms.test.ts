// The pure parts of multi-platform support: platform text, the Manifests of
// /images/json?manifests=1 (as Docker 28.5 sent them here), the tree docker prints,
// the platform rows of the images pane, and which manifest of an index a scan reads.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {choosePlatform} from '../../source/analysis/index-platforms.ts';
import {formatTree, treeView} from '../../source/commands/ls-tree.ts';
import {parseImage} from '../../source/engine/parse.ts';
import {formatPlatform, parsePlatform, platformParameter, PlatformSyntaxError, PlatformUnsupportedError, samePlatform} from '../../source/engine/platform.ts';
import {toRows} from '../../source/store/image-rows.ts';
import {platformsCell, platformsUnavailable, withPlatformRows} from '../../source/store/platform-rows.ts';

const digest = (c: string) => `sha256:${c.repeat(64)}`;
// Trimmed from what Docker 28.5.2 (containerd store) answered for a buildx amd64+arm64 image.
const raw = {
	Containers: 0, Created: 1_796_217_839, Id: digest('9'), ParentId: '', RepoDigests: ['mp@' + digest('9')], RepoTags: ['mp:1'], SharedSize: -1, Size: 102_696,
	Manifests: [
		{ID: digest('8'), Descriptor: {digest: digest('8'), platform: {architecture: 'amd64', os: 'linux'}}, Available: true, Size: {Content: 21_117, Total: 49_789}, Kind: 'image', ImageData: {Platform: {architecture: 'amd64', os: 'linux'}, Size: {Unpacked: 28_672}, Containers: null}},
		{ID: digest('e'), Descriptor: {digest: digest('e'), platform: {architecture: 'arm64', os: 'linux'}}, Available: false, Size: {Content: 21_117, Total: 21_117}, Kind: 'image', ImageData: {Platform: {architecture: 'arm64', os: 'linux'}, Size: {Unpacked: 0}, Containers: ['c1']}},
		{ID: digest('b'), Descriptor: {digest: digest('b'), platform: {architecture: 'unknown', os: 'unknown'}}, Available: true, Size: {Content: 1559, Total: 1559}, Kind: 'attestation', AttestationData: {For: digest('8')}},
	],
};

test('platform text: os/arch[/variant] of lower-case words; containerd\'s format; arm64 is arm64/v8', () => {
	assert.deepEqual(parsePlatform('linux/arm/v7'), {os: 'linux', architecture: 'arm', variant: 'v7'});
	assert.deepEqual(parsePlatform(' linux/amd64 '), {os: 'linux', architecture: 'amd64'});
	for (const bad of ['linux', 'linux/', 'Linux/amd64', 'linux/amd64/v1/x', 'linux amd64']) {
		assert.throws(() => parsePlatform(bad), PlatformSyntaxError, bad);
	}

	assert.equal(formatPlatform({os: 'linux', architecture: 'arm', variant: 'v7'}), 'linux/arm/v7');
	assert.equal(formatPlatform({os: '', architecture: 'amd64'}), 'unknown');
	assert.ok(samePlatform({os: 'linux', architecture: 'arm64'}, {os: 'linux', architecture: 'aarch64', variant: 'v8'}));
	assert.ok(!samePlatform({os: 'linux', architecture: 'arm', variant: 'v6'}, {os: 'linux', architecture: 'arm'}));
});

test('a platform parameter is sent as an OCI platform in JSON, and refused below the API that takes it', () => {
	assert.deepEqual(platformParameter('1.48', 'history', {os: 'linux', architecture: 'arm64'}), {platform: '{"os":"linux","architecture":"arm64"}'});
	assert.deepEqual(platformParameter('1.41', 'history', undefined), {});
	assert.throws(() => platformParameter('1.47', 'history', {os: 'linux', architecture: 'arm64'}), PlatformUnsupportedError);
	assert.throws(() => platformParameter('1.48', 'inspect', {os: 'linux', architecture: 'arm64'}), /needs API 1\.49; the engine's is 1\.48/);
});

test('Manifests parse into our types; no Manifests is unknown, not empty; the draft API shape reads too', () => {
	const image = parseImage(raw);
	assert.deepEqual(image.manifests?.map(each => [each.kind, each.platform && formatPlatform(each.platform), each.available, each.diskUsage, each.contentSize, each.unpackedSize, each.containers]), [
		['image', 'linux/amd64', true, 49_789, 21_117, 28_672, 0],
		['image', 'linux/arm64', false, 21_117, 21_117, 0, 1],
		['attestation', 'unknown/unknown', true, 1559, 1559, -1, 0],
	]);
	assert.equal(image.manifests?.[2]?.attestationFor, digest('8'));
	assert.equal(parseImage({...raw, Manifests: undefined}).manifests, undefined);
	assert.deepEqual(parseImage({...raw, Manifests: []}).manifests, []);
	const draft = parseImage({Id: digest('1'), Manifests: [{Id: digest('2'), Kind: 'image', Available: true, ContentSize: 10, ImageData: {Platform: {os: 'linux', architecture: 'amd64'}, UnpackedSize: 30, Containers: 2}}]});
	assert.deepEqual(draft.manifests?.map(each => [each.id, each.contentSize, each.unpackedSize, each.diskUsage, each.containers]), [[digest('2'), 10, 30, 40, 2]]);
	// Engine strings are untrusted.
	assert.equal(parseImage({...raw, Manifests: [{...raw.Manifests[0], ImageData: {Platform: {os: 'linux\u001B[2J', architecture: 'amd64'}}}]}).manifests?.[0]?.platform?.os, 'linux^[[2J');
});

test('the tree as docker image ls --tree prints it into a pipe: widths, the In Use chip, several names, untagged', () => {
	const used = parseImage(raw);
	const plain = parseImage({Id: digest('a'), RepoTags: ['b:2', 'longer-name:1'], Created: 1, Size: 5_000_000, Containers: 0, Manifests: [{ID: digest('a'), Kind: 'image', Available: true, Size: {Content: 2_000_000, Total: 5_000_000}, ImageData: {Platform: {os: 'linux', architecture: 'amd64'}}}]});
	const untagged = parseImage({Id: digest('c'), RepoDigests: ['x@' + digest('c')], Created: 0, Size: 999});
	const out = formatTree(treeView([plain, untagged, used], false));
	assert.equal(out, [
		'                                                              Info ->  U In Use ',
		'',
		'IMAGE                ID             DISK USAGE   CONTENT SIZE   EXTRA',
		// docker marks an image in use when one of its platforms is.
		'mp:1                 999999999999        103kB         43.8kB   U    ',
		'├─ linux/amd64       888888888888       49.8kB         21.1kB        ',
		'└─ linux/arm64       eeeeeeeeeeee       21.1kB         21.1kB   U    ',
		'',
		'longer-name:1',
		'b:2                  aaaaaaaaaaaa          5MB            2MB        ',
		'└─ linux/amd64       aaaaaaaaaaaa          5MB            2MB        ',
		'',
		'<untagged>           cccccccccccc         999B             0B        ',
		'',
		'',
	].join('\n'));
	// Dangling images only with -a; narrow terminals drop columns from the right.
	assert.ok(!formatTree(treeView([parseImage({Id: digest('d')})], false)).includes('<untagged>'));
	assert.match(formatTree(treeView([used], false), 40).split('\n')[2]!, /^IMAGE +ID +DISK USAGE$/);
});

test('platform rows follow their image; the PLATFORMS cell; why → has nothing to open', () => {
	const rows = toRows([parseImage(raw), parseImage({...raw, Id: digest('f'), RepoTags: ['old:1'], RepoDigests: [], Manifests: undefined})]);
	assert.equal(platformsCell(rows[0]!, false), '▸ 2 platforms');
	assert.equal(platformsCell(rows[1]!, false), 'unknown');
	const open = withPlatformRows(rows, new Set([rows[0]!.key]));
	assert.deepEqual(open.map(row => row.platform?.name ?? row.repository), ['mp', 'linux/amd64', 'linux/arm64', 'old']);
	assert.equal(open[2]!.platform?.last, true);
	assert.equal(open[1]!.id, rows[0]!.id, 'a platform row acts on its image');
	assert.notEqual(open[1]!.historyKey, open[2]!.historyKey);
	assert.match(platformsUnavailable(rows[1], '1.41')!, /API 1\.41 lists none \(it needs 1\.47\)/);
	assert.match(platformsUnavailable(rows[1], '1.51')!, /classic image store/);
	assert.equal(platformsUnavailable(rows[0], '1.51'), undefined);
});

test('an index\'s platform: the asked one among those present, attestations never, the missing named', () => {
	const entry = (architecture: string, extra = {}) => ({digest: architecture, platform: {os: 'linux', architecture}, ...extra});
	const manifests = [entry('amd64'), entry('arm64'), entry('s390x'), {digest: 'att', platform: {os: 'unknown', architecture: 'unknown'}, annotations: {'vnd.docker.reference.type': 'attestation-manifest'}}];
	const present = (each: Record<string, unknown>) => each.digest !== 's390x';
	assert.deepEqual(choosePlatform(manifests, present, {os: 'linux', architecture: 'arm64', variant: 'v8'}), {manifest: manifests[1], platform: 'linux/arm64'});
	assert.deepEqual(choosePlatform(manifests, present), {manifest: manifests[0], platform: 'linux/amd64'});
	assert.deepEqual(choosePlatform(manifests, present, {os: 'linux', architecture: 's390x'}), {error: 'the image has no linux/s390x platform here: it has linux/amd64, linux/arm64'});
});
