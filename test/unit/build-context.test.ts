import assert from 'node:assert/strict';
import {chmodSync, mkdtempSync, rmSync, symlinkSync} from 'node:fs';
import path from 'node:path';
import {after, test} from 'node:test';
import tarStream from 'tar-stream';
import {contextFilter, packBuildContext, prepareBuildContext, readDockerignore, walkContext} from '../../source/engine/build-context.ts';
import {writeTree} from '../helpers/write-tree.ts';

const work = mkdtempSync('/tmp/stowage-ctx-');
after(() => rmSync(work, {recursive: true, force: true}));

const tree = (name: string, files: Record<string, string>) => writeTree(path.join(work, name), files);

async function tarEntries(stream: NodeJS.ReadableStream): Promise<Map<string, {content: string; mode: number; uid: number}>> {
	const extract = tarStream.extract();
	const seen = new Map<string, {content: string; mode: number; uid: number}>();
	extract.on('entry', (header, body, next) => {
		const chunks: Buffer[] = [];
		body.on('data', (chunk: Buffer) => chunks.push(chunk));
		body.on('end', () => {
			seen.set(header.name, {content: Buffer.concat(chunks).toString(), mode: header.mode ?? 0, uid: header.uid ?? -1});
			next();
		});
	});
	const done = new Promise(resolve => extract.on('finish', resolve));
	stream.pipe(extract);
	await done;
	return seen;
}

test('.dockerignore lines are read as moby reads them', () => {
	const text = '\uFEFF# comment\n  # not a comment\n\n/abs/path/\n! keep.log \r\n./a/../b\n*.log\n!\n';
	assert.deepEqual(readDockerignore(text), ['# not a comment', 'abs/path', '!keep.log', 'b', '*.log', '!']);
});

test('exclusions, exceptions and directories re-entered for an exception', async () => {
	const root = tree('walk', {
		'a.txt': 'a', 'secret.txt': 's', 'x.log': 'x', 'keep.log': 'k',
		'logs/one': '1', 'logs/important': 'i', 'sub/deep/a.tmp': 't', 'sub/deep/b.txt': 'b', 'vendor/lib/x.js': 'v',
	});
	const filter = contextFilter(readDockerignore('secret.txt\n*.log\n!keep.log\nlogs\n!logs/important\nsub/**/*.tmp\nvendor\n'));
	assert.deepEqual(await walkContext(root, filter), [
		'a.txt', 'keep.log',
		// "logs" itself is excluded: only the exception inside it is sent, without its directory entry.
		'logs/important',
		'sub', 'sub/deep', 'sub/deep/b.txt',
	]);
	assert.equal(filter.excludes('Secret.txt'), false, 'matching is case-sensitive, as on Linux');
});

test('the Dockerfile and .dockerignore are sent even when excluded', async () => {
	const root = tree('trim', {'Dockerfile': 'FROM x\n', '.dockerignore': '*\n', 'other': 'o'});
	const context = await prepareBuildContext(root);
	assert.equal(context.dockerfile, 'Dockerfile');
	assert.deepEqual(context.entries, ['.dockerignore', 'Dockerfile']);
});

test('a Dockerfile in a subdirectory is named by its path inside the context; lowercase dockerfile is found', async () => {
	const root = tree('sub', {'build/Dockerfile.dev': 'FROM x\n', 'f': 'f'});
	assert.equal((await prepareBuildContext(root, 'build/Dockerfile.dev')).dockerfile, 'build/Dockerfile.dev');
	const lower = tree('lower', {'dockerfile': 'FROM x\n'});
	assert.equal((await prepareBuildContext(lower)).dockerfile, 'dockerfile');
	await assert.rejects(prepareBuildContext(root), /Cannot locate Dockerfile: ".*\/sub\/Dockerfile"/);
	await assert.rejects(prepareBuildContext(path.join(work, 'nowhere')), /unable to prepare context: path ".*nowhere" not found/);
});

test('a Dockerfile outside the context travels as .dockerfile.<hex>, hidden by .dockerignore', async () => {
	const root = tree('outside/ctx', {'.dockerignore': 'skip\n', 'skip': 's', 'keep': 'k'});
	tree('outside/elsewhere', {'Dockerfile': 'FROM outside\n'});
	const context = await prepareBuildContext(root, '../elsewhere/Dockerfile');
	assert.match(context.dockerfile, /^\.dockerfile\.[0-9a-f]{20}$/);
	const entries = await tarEntries(packBuildContext(context));
	assert.deepEqual([...entries.keys()].sort(), [context.dockerfile, '.dockerignore', 'keep'].sort());
	assert.equal(entries.get(context.dockerfile)?.content, 'FROM outside\n');
	assert.equal(entries.get('.dockerignore')?.content, `skip\n\n${context.dockerfile}\n`);

	// Without a .dockerignore the CLI writes one that also hides itself.
	const bare = tree('outside/bare', {'keep': 'k'});
	const second = await prepareBuildContext(bare, path.join(work, 'outside/elsewhere/Dockerfile'));
	const secondEntries = await tarEntries(packBuildContext(second));
	assert.equal(secondEntries.get('.dockerignore')?.content, `.dockerignore\n${second.dockerfile}\n`);
});

test('the tar keeps modes and symlinks, with owner 0:0', async () => {
	const root = tree('modes', {'Dockerfile': 'FROM x\n', 'run.sh': '#!/bin/sh\n'});
	chmodSync(path.join(root, 'run.sh'), 0o751);
	symlinkSync('run.sh', path.join(root, 'link'));
	const entries = await tarEntries(packBuildContext(await prepareBuildContext(root)));
	assert.equal(entries.get('run.sh')?.mode, 0o751);
	assert.equal(entries.get('run.sh')?.uid, 0);
	assert.ok(entries.has('link'));
});
