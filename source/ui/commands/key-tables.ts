// The README's key tables, drawn from the registry: `npm run readme-keys` writes them,
// and a test checks the README holds exactly these, so the two cannot drift.
import {helpSections, keyLabels} from './help-lines.ts';
import {commandsOf} from './registry.ts';

const cell = (text: string) => text.replaceAll('|', '\\|');

export const keyTablesStart = '<!-- keys:start (generated from source/ui/commands by `npm run readme-keys`) -->';
export const keyTablesEnd = '<!-- keys:end -->';

export function keyTables(): string {
	const sections = helpSections.map(({title, modes}) => {
		const rows = modes.flatMap(mode => commandsOf(mode)).map(command => {
			const where = command.scope.pane ? ` (${command.scope.pane} pane)` : '';
			return `| ${cell(keyLabels(command))} | ${cell(command.description)}${where} |`;
		});
		return [`#### ${title}`, '', '| key | does |', '|---|---|', ...rows].join('\n');
	});
	return [keyTablesStart, '', sections.join('\n\n'), '', keyTablesEnd].join('\n');
}
