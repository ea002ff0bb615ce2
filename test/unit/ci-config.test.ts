// `stowage analyze --ci --ci-config FILE`: every error about the rules names
// FILE (or .dive-ci when it was the default), and comes before any scan.
import assert from 'node:assert/strict';
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {after, test} from 'node:test';
import {parseDiveCi} from '../../source/analysis/dive-ci.ts';
import {analyzeCommand} from '../../source/commands/analyze.ts';

const dir = mkdtempSync('/tmp/stowage-ci-config-');
after(() => rmSync(dir, {recursive: true, force: true}));

/** The UsageError analyze gives for this config file; the engine is never asked for. */
async function refusal(ciConfig: string): Promise<string> {
	const noEngine = () => assert.fail('the rules are read before the engine is used');
	const error = await analyzeCommand(noEngine, {image: 'app:1', json: false, ci: true, ciConfig}, () => {}).then(() => undefined, (error: unknown) => error as Error);
	assert.equal(error?.name, 'UsageError', String(error));
	return error.message;
}

test('a missing or unreadable file is named, with the reason in words', async () => {
	assert.equal(await refusal(path.join(dir, 'missing.yaml')), `cannot read ${path.join(dir, 'missing.yaml')}: no such file or directory`);
	mkdirSync(path.join(dir, 'folder.yaml'));
	assert.equal(await refusal(path.join(dir, 'folder.yaml')), `cannot read ${path.join(dir, 'folder.yaml')}: is a directory`);
});

test('the default .dive-ci: absent means dive\'s defaults, unreadable is named', async () => {
	const cwd = process.cwd();
	try {
		process.chdir(mkdtempSync(path.join(dir, 'cwd-')));
		mkdirSync('.dive-ci');
		const error = await analyzeCommand(undefined, {image: 'app:1', json: false, ci: true}, () => {}).catch((error: unknown) => error as Error);
		assert.equal((error as Error).message, 'cannot read .dive-ci: is a directory');
	} finally {
		process.chdir(cwd);
	}
});

test('a bad value or line names the file it is in', async () => {
	const file = (name: string, text: string) => {
		writeFileSync(path.join(dir, name), text);
		return path.join(dir, name);
	};

	assert.equal(await refusal(file('ratio.yaml', 'rules:\n  lowestEfficiency: high\n')), `${path.join(dir, 'ratio.yaml')}: invalid lowestEfficiency "high" (a ratio between 0 and 1)`);
	assert.equal(await refusal(file('bytes.yaml', 'rules:\n  highestWastedBytes: lots\n')), `${path.join(dir, 'bytes.yaml')}: invalid highestWastedBytes "lots" (bytes, as 20MB, 20MiB or 1048576)`);
	assert.equal(await refusal(file('line.yaml', 'rules:\n  - nope\n')), `${path.join(dir, 'line.yaml')}: cannot read "- nope"`);
});

test('without a name, messages say .dive-ci', () => {
	assert.throws(() => parseDiveCi('rules:\n  highestUserWastedPercent: lots\n'), {name: 'UsageError', message: '.dive-ci: invalid highestUserWastedPercent "lots" (a ratio between 0 and 1)'});
	assert.doesNotThrow(() => parseDiveCi('rules:\n  lowestEfficiency: disabled\n  highestWastedBytes: 20MB\n'));
});
