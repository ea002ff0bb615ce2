// Prints the measurements and the targets; returns the checks for the JSON file.
import {median} from './measure.mjs';

const ms = value => `${value.toFixed(value < 100 ? 1 : 0)} ms`;
const pad = (cells, widths) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');

function table(rows) {
	const widths = rows[0].map((_, i) => Math.max(...rows.map(row => row[i].length)));
	const lines = rows.map(row => pad(row, widths));
	lines.splice(1, 0, '─'.repeat(lines[0].length));
	return lines.join('\n');
}

export function printReport(results) {
	const small = results.datasets[1000];
	const big = results.datasets[10_000];
	const ratio = d => median(d.firstFrameMs) / median(d.dockerImagesMs);

	console.log(`\nstowage bench · ${results.machine.cpus} × ${results.machine.cpu} · node ${results.machine.node} · pty ${results.terminal} · medians of 5 after 1 warm-up`);
	const busy = results.busyBefore * 100;
	console.log(`CPU busy before the run: ${busy.toFixed(0)}%${busy > 10 ? ' (other work is running: expect noise)' : ''}\n`);
	const row = (label, pick) => [label, pick(small), pick(big)];
	console.log(table([
		['', '1,000 images', '10,000 images'],
		row('docker images', d => ms(median(d.dockerImagesMs))),
		row('  of which GET /images/json (engine)', d => ms(median(d.apiListMs))),
		row('stowage ls (no UI)', d => ms(median(d.stowageLsMs))),
		row('stowage first frame', d => ms(median(d.firstFrameMs))),
		row('  min … max of 5', d => `${ms(Math.min(...d.firstFrameMs))} … ${ms(Math.max(...d.firstFrameMs))}`),
		row('  ratio to docker images', d => `${ratio(d).toFixed(2)}×`),
	]));

	const keyRows = Object.entries(big.keys).map(([name, k]) => [`${name} (${k.samples.length} keys${k.missed ? `, ${k.missed} without a frame` : ''})`, ms(k.median), ms(k.p95), ms(Math.max(...k.samples))]);
	console.log(`\nkeystroke → first bytes of the next frame, at 10,000 images\n`);
	console.log(table([['', 'median', 'p95', 'max'], ...keyRows]));

	const checks = [
		{name: 'first frame at 1,000', value: ms(median(small.firstFrameMs)), target: '≤ 300 ms', pass: median(small.firstFrameMs) <= 300},
		{name: 'first frame / docker images at 10,000', value: `${ratio(big).toFixed(2)}×`, target: '≤ 1.2×', pass: ratio(big) <= 1.2},
		...Object.entries(big.keys).flatMap(([name, k]) => [
			{name: `${name} median at 10,000`, value: ms(k.median), target: '< 16 ms', pass: k.median < 16 && k.missed === 0},
			{name: `${name} p95 at 10,000`, value: ms(k.p95), target: '< 50 ms', pass: k.p95 < 50 && k.missed === 0},
		]),
		{name: 'peak RSS (VmHWM) at 10,000', value: `${big.vmHwmMb.toFixed(1)} MB`, target: '< 120 MB', pass: big.vmHwmMb < 120},
	];
	console.log('\ntargets\n');
	console.log(table([['', 'measured', 'target', ''], ...checks.map(check => [check.name, check.value, check.target, check.pass ? 'PASS' : 'FAIL'])]));
	console.log('');
	return checks;
}
