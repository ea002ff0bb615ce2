// Rewrites the README's key tables from the command registry: node --import tsx scripts/readme-keys.ts
import {readFileSync, writeFileSync} from 'node:fs';
import {keyTables, keyTablesEnd, keyTablesStart} from '../source/ui/commands/key-tables.ts';

const file = new URL('../readme.md', import.meta.url);
const readme = readFileSync(file, 'utf8');
const start = readme.indexOf(keyTablesStart);
const end = readme.indexOf(keyTablesEnd);
if (start === -1 || end === -1) {
	throw new Error(`readme.md has no ${keyTablesStart} … ${keyTablesEnd} block`);
}

writeFileSync(file, readme.slice(0, start) + keyTables() + readme.slice(end + keyTablesEnd.length));
