// A comparison of an engine image with one in a registry (`docker://`), read from the
// registry without a pull: the registry image is the known variant of the engine's
// (test/helpers/diff-images.ts) pushed layer by layer, so the exact differences are
// known; the base layer both have is never downloaded (the registry's access log
// counts the blob GETs); a token-auth registry; an index whose platform is picked.
import assert from 'node:assert/strict';
import {mkdtempSync, readFileSync} from 'node:fs';
import {after, before, test} from 'node:test';
import {changedPaths} from '../../source/analysis/image-diff.ts';
import {diffReport} from '../../source/commands/diff.ts';
import {scanRegistryImage} from '../../source/analysis/registry-scan.ts';
import {DiffScanError, parseDiffSource, scanSources, type DiffSource} from '../../source/commands/diff-sources.ts';
import type {Engine} from '../../source/engine/engine.ts';
import {RegistryClient} from '../../source/engine/registry/client.ts';
import {startRegistry, type TestRegistry} from '../bed/registry.mjs';
import {startTokenIssuer, type TokenIssuer} from '../bed/token-issuer.mjs';
import {diffLayers, expectedChanges, expectedSummary, loadDiffImages, DIFF_FROM, DIFF_TO} from '../helpers/diff-images.ts';
import {basicAuthorize, Pusher, tokenAuthorize, type PushedImage} from '../helpers/registry-fixtures.ts';
import {withTestEngine} from './own-images.ts';

const user = 'stowage';
const password = 'diff-pass';
const work = mkdtempSync('/tmp/stowage-regdiff-');
let engine: Engine;
let basic: TestRegistry;
let tokenRegistry: TestRegistry;
let issuer: TokenIssuer;
let pushed: PushedImage;
const clients: RegistryClient[] = [];
withTestEngine([DIFF_FROM, DIFF_TO], each => {
	engine = each;
}, work);
const never = new AbortController().signal;

const client = (registry: TestRegistry, credentials = {username: user, password, serveraddress: ''}) => {
	const made = new RegistryClient({registry: registry.host, credentials: async () => credentials});
	clients.push(made);
	return made;
};

const history = ['/bin/sh -c #(nop) ADD file:base in / ', '/bin/sh -c change everything'];

before(async () => {
	issuer = await startTokenIssuer({users: {[user]: password}});
	[basic, tokenRegistry] = await Promise.all([startRegistry({users: {[user]: password}, accessLog: true}), startRegistry({token: issuer})]);
	await loadDiffImages(work);
	const pusher = new Pusher(basic.port, basicAuthorize(user, password));
	pushed = await pusher.image('team/app', 'to', {tars: [(await diffLayers()).base, (await diffLayers()).to], history});
	// An index whose first platform is another: the engine image's (linux/amd64) must be the one read.
	const arm = await pusher.image('team/multi', 'arm', {architecture: 'arm64', layers: [[{name: 'arm-only', size: 10}]]});
	const amd = await pusher.image('team/multi', 'amd', {oci: true, tars: [(await diffLayers()).base, (await diffLayers()).to], history});
	await pusher.index('team/multi', 'latest', [{manifest: arm, platform: {os: 'linux', architecture: 'arm64'}}, {manifest: amd, platform: {os: 'linux', architecture: 'amd64'}}]);
	await new Pusher(tokenRegistry.port, tokenAuthorize(issuer.realm, issuer.service, user, password)).image('private/app', 'to', {tars: [(await diffLayers()).base, (await diffLayers()).to], history});
});

after(async () => {
	for (const made of clients) {
		made.close();
	}

	await Promise.all([basic?.stop(), tokenRegistry?.stop(), issuer?.stop()]);
});

const changes = (report: ReturnType<typeof diffReport>) => [...changedPaths(report.files.root)].map(node => (node.reasons ? [node.path, node.change, node.reasons] : [node.path, node.change])).sort((x, y) => (x[0]! < y[0]! ? -1 : 1));
const blobGets = (log: string, repository: string) => [...log.matchAll(new RegExp(`"GET /v2/${repository}/blobs/(sha256:[a-f0-9]{64}) HTTP/1\\.1" 200`, 'g'))].map(match => match[1]!);

async function compare(sources: readonly [DiffSource, DiffSource], registry: RegistryClient) {
	const counts: Array<{downloaded: number; borrowed: number}> = [];
	const scans = await scanSources(engine, sources, never, {registryClient: () => registry, onRegistryScan: (_source, each) => counts.push({downloaded: each.downloaded, borrowed: each.borrowed})});
	return {report: diffReport([sources[0].name, sources[1].name], scans), counts};
}

test('an engine image against its variant in a registry: every known change, and the shared base layer is never downloaded', async () => {
	const before = blobGets(readFileSync(basic.log, 'utf8'), 'team/app').length;
	const {report, counts} = await compare([parseDiffSource(DIFF_FROM), parseDiffSource(`docker://${basic.host}/team/app:to`)], client(basic));
	assert.deepEqual(changes(report), expectedChanges);
	assert.deepEqual(report.files.summary, expectedSummary);
	assert.deepEqual([report.history.sharedLayers, report.errors], [1, []]);
	assert.deepEqual(counts, [{downloaded: 1, borrowed: 1}]);
	const gets = blobGets(readFileSync(basic.log, 'utf8'), 'team/app').slice(before);
	// The config and the image's own layer; never the base layer the engine's image has.
	assert.deepEqual(gets.sort(), [pushed.config.digest, pushed.layers[1]!.digest].sort());
	assert.ok(!gets.includes(pushed.layers[0]!.digest));
});

test('the same pair the other way round, and the same result as the two engine images', async () => {
	const {report} = await compare([parseDiffSource(`docker://${basic.host}/team/app:to`), parseDiffSource(DIFF_FROM)], client(basic));
	const {report: local} = await compare([parseDiffSource(DIFF_TO), parseDiffSource(DIFF_FROM)], client(basic));
	assert.deepEqual(report.files.summary, local.files.summary);
	assert.deepEqual(changes(report), changes(local));
});

test('an index: the platform of the engine image is read, not the first one', async () => {
	const {report} = await compare([parseDiffSource(DIFF_FROM), parseDiffSource(`docker://${basic.host}/team/multi:latest`)], client(basic));
	assert.deepEqual(changes(report), expectedChanges);
	// Asked for: that platform, whatever the engine's.
	const arm = await scanRegistryImage(client(basic), {registry: basic.host, repository: 'team/multi', reference: 'latest'}, {pick: {platform: {os: 'linux', architecture: 'arm64'}, explicit: true}, signal: never});
	assert.equal(arm.platform, 'linux/arm64');
	assert.deepEqual([...arm.final.children!.keys()], ['arm-only']);
	await assert.rejects(scanRegistryImage(client(basic), {registry: basic.host, repository: 'team/multi', reference: 'latest'}, {pick: {platform: {os: 'linux', architecture: 's390x'}, explicit: true}, signal: never}), /no linux\/s390x platform: it has linux\/arm64, linux\/amd64/);
});

test('a token-auth registry: the comparison goes through with a token', async () => {
	const registry = client(tokenRegistry);
	const {report} = await compare([parseDiffSource(DIFF_FROM), parseDiffSource(`docker://${tokenRegistry.host}/private/app:to`)], registry);
	assert.deepEqual(report.files.summary, expectedSummary);
	assert.ok(registry.tokenRequests >= 1);
	await assert.rejects(compare([parseDiffSource(DIFF_FROM), parseDiffSource(`docker://${tokenRegistry.host}/private/app:to`)], client(tokenRegistry, {username: user, password: 'wrong', serveraddress: ''})), (error: unknown) => {
		assert.ok(error instanceof DiffScanError);
		assert.equal(error.image, `docker://${tokenRegistry.host}/private/app:to`);
		assert.match((error.cause as Error).message, /refused the credentials/);
		return true;
	});
});

test('an unknown tag is named', async () => {
	await assert.rejects(compare([parseDiffSource(DIFF_FROM), parseDiffSource(`docker://${basic.host}/team/app:never`)], client(basic)), (error: unknown) => {
		assert.ok(error instanceof DiffScanError);
		assert.match((error.cause as Error).message, /manifest team\/app:never not found/);
		return true;
	});
});

test('two registry images: a blob both have is downloaded once, and no engine is asked', async () => {
	const before = blobGets(readFileSync(basic.log, 'utf8'), 'team/(?:app|multi)').length;
	const {report, counts} = await compare([parseDiffSource(`docker://${basic.host}/team/app:to`), parseDiffSource(`docker://${basic.host}/team/multi:amd`)], client(basic));
	assert.deepEqual(changes(report), []);
	assert.deepEqual(counts.map(each => each.downloaded + each.borrowed), [2, 2]);
	assert.equal(counts[0]!.downloaded + counts[1]!.downloaded, 2, 'each of the two layer blobs once');
	// Two configs, two layers.
	assert.equal(blobGets(readFileSync(basic.log, 'utf8'), 'team/(?:app|multi)').length - before, 4);
});
