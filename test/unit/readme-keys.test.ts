// The README's key tables are the registry's: row by row, key by key.
import assert from 'node:assert/strict';
import {readFile} from 'node:fs/promises';
import {test} from 'node:test';
import {helpSections} from '../../source/ui/commands/help-lines.ts';
import {keyTables, keyTablesEnd, keyTablesStart} from '../../source/ui/commands/key-tables.ts';
import {commandsOf} from '../../source/ui/commands/registry.ts';

test('the README holds the key tables drawn from the registry, key by key', async () => {
	const readme = await readFile(new URL('../../readme.md', import.meta.url), 'utf8');
	const start = readme.indexOf(keyTablesStart);
	const end = readme.indexOf(keyTablesEnd);
	assert.ok(start !== -1 && end > start, 'the README has the generated block');
	const block = readme.slice(start, end + keyTablesEnd.length);
	// Each row of the README, as [keys, words], against each command of the registry in order.
	const rows = block.split('\n').filter(line => line.startsWith('| ') && line !== '| key | does |').map(line => line.slice(2, -2).split(' | '));
	const expected = helpSections.flatMap(({modes}) => modes.flatMap(mode => commandsOf(mode)));
	assert.equal(rows.length, expected.length, 'one row per command');
	expected.forEach((command, index) => {
		const [keys, words] = rows[index]!;
		assert.deepEqual(keys!.replaceAll('\\|', '|').split(' '), command.keys.map(binding => binding.label).join(' ').split(' '), `${command.id}: its keys`);
		assert.ok(words!.replaceAll('\\|', '|').startsWith(command.description), `${command.id}: its description`);
	});
	assert.equal(block, keyTables(), 'run `npm run readme-keys` after changing a command');
});
