// Prints the measurements and the targets; returns the checks for the JSON file.
import {median} from './measure.mjs';
import {printScanReport} from './scan.mjs';

const ms = value => `${value.toFixed(value < 100 ? 1 : 0)} ms`;
const seconds = value => `${(value / 1000).toFixed(2)} s`;
const mb = kb => `${(kb * 1024 / 1e6).toFixed(0)} MB`;
const times = value => `${value.toFixed(2)}×`;
const range = (values, format) => `${format(Math.min(...values))} … ${format(Math.max(...values))}`;
const pad = (cells, widths) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');

export function table(rows) {
	const widths = rows[0].map((_, i) => Math.max(...rows.map(row => row[i].length)));
	const lines = rows.map(row => pad(row, widths));
	lines.splice(1, 0, '─'.repeat(lines[0].length));
	return lines.join('\n');
}

/** `parts`: what ran (`npm run bench -- lists io …`); a part not asked for is left out of the table, not failed. */
export function printReport(results, parts = ['lists', 'io', 'scan']) {
	console.log(`\nstowage bench · ${results.machine.cpus} × ${results.machine.cpu} · node ${results.machine.node} · pty ${results.terminal} · medians of 5 after 1 warm-up`);
	const busy = results.busyBefore * 100;
	console.log(`CPU busy before the run: ${busy.toFixed(0)}%${busy > 10 ? ' (other work is running: expect noise)' : ''}\n`);
	const checks = parts.includes('lists') ? printLists(results) : [];
	if (parts.includes('io')) checks.push(...printIoReport(results.io));
	if (parts.includes('scan')) checks.push(...printScanReport(results.scan));
	console.log('\ntargets\n');
	console.log(table([['', 'measured', 'target', ''], ...checks.map(check => [check.name, check.value, check.target, check.status ?? (check.pass ? 'PASS' : 'FAIL')])]));
	console.log('');
	return checks;
}

// Issue 14's targets: first frame against `docker images` on the same engine in the same run.
const firstFrameTargets = {1000: 1.5, 10_000: 1.05, 50_000: 1.1};
const rssTargetsMb = {10_000: 100, 50_000: 200};
const keyTargetCount = 50_000;
const lsTarget = {count: 10_000, ratio: 1.1};
const thousands = count => count.toLocaleString('en-US');

function printLists(results) {
	const sets = Object.values(results.datasets).sort((a, b) => a.count - b.count);
	const ratio = d => median(d.firstFrameMs) / median(d.dockerImagesMs);
	const lsRatio = d => median(d.stowageLsMs) / median(d.dockerImagesMs);
	const row = (label, pick) => [label, ...sets.map(pick)];
	console.log(table([
		['', ...sets.map(d => `${thousands(d.count)} images`)],
		row('docker images', d => ms(median(d.dockerImagesMs))),
		row('  of which GET /images/json (engine)', d => ms(median(d.apiListMs))),
		row('stowage ls (no UI)', d => ms(median(d.stowageLsMs))),
		row('  ratio to docker images', d => times(lsRatio(d))),
		row('stowage first frame', d => ms(median(d.firstFrameMs))),
		row('  min … max of 5', d => `${ms(Math.min(...d.firstFrameMs))} … ${ms(Math.max(...d.firstFrameMs))}`),
		row('  ratio to docker images', d => times(ratio(d))),
		row('peak RSS (VmHWM) after the key runs', d => (d.vmHwmMb === undefined ? '' : `${d.vmHwmMb.toFixed(1)} MB`)),
	]));

	const checks = [];
	for (const d of sets) {
		const target = firstFrameTargets[d.count];
		if (target) checks.push({name: `first frame / docker images at ${thousands(d.count)}`, value: times(ratio(d)), target: `≤ ${target}×`, pass: ratio(d) <= target});
	}
	for (const d of sets.filter(one => one.keys)) {
		const keyRows = Object.entries(d.keys).map(([name, k]) => [`${name} (${k.samples.length} keys${k.missed ? `, ${k.missed} without a frame` : ''})`, ms(k.median), ms(k.p95), ms(Math.max(...k.samples))]);
		console.log(`\nkeystroke → first bytes of the next frame, at ${thousands(d.count)} images\n`);
		console.log(table([['', 'median', 'p95', 'max'], ...keyRows]));
		if (d.count === keyTargetCount || d.count === 10_000) {
			checks.push(...Object.entries(d.keys).flatMap(([name, k]) => [
				{name: `${name} median at ${thousands(d.count)}`, value: ms(k.median), target: '< 16 ms', pass: k.median < 16 && k.missed === 0},
				{name: `${name} p95 at ${thousands(d.count)}`, value: ms(k.p95), target: '< 50 ms', pass: k.p95 < 50 && k.missed === 0},
			]));
		}
		const rssTarget = rssTargetsMb[d.count];
		// The shipped command (the bundle's shebang, no heap cap) ran to the end: the 50,000 row proves it.
		if (rssTarget) checks.push({name: `peak RSS (VmHWM) at ${thousands(d.count)}`, value: `${d.vmHwmMb.toFixed(1)} MB`, target: `≤ ${rssTarget} MB`, pass: d.vmHwmMb <= rssTarget});
	}
	const lsSet = sets.find(d => d.count === lsTarget.count);
	if (lsSet) checks.push({name: `stowage ls / docker images at ${thousands(lsTarget.count)}`, value: times(lsRatio(lsSet)), target: `≤ ${lsTarget.ratio}×`, pass: lsRatio(lsSet) <= lsTarget.ratio});
	return checks;
}

const ioChecks = [
	{name: 'push CPU: stowage / docker push', target: '≤ 1.5×'},
	{name: 'save 1 GB wall: stowage / docker save', target: '≤ 1.1×'},
	{name: 'load 1 GB wall: stowage / docker load', target: '≤ 1.1×'},
	{name: 'stowage peak RSS during save of 1 GB', target: '< 150 MB'},
	{name: 'stowage peak RSS during load of 1 GB', target: '< 150 MB'},
];

// A section that did not run is neither a pass nor a silent gap: it says why.
const notRun = (names, value) => ioChecks.filter(check => names.includes(check.name)).map(check => ({...check, value, pass: null, status: value === 'error' ? 'FAIL' : 'SKIP'}));

function printPush(push) {
	const stowage = push.stowage.map(run => run.cpuMs);
	const cli = push.cli.map(run => run.cpuMs);
	console.log(`\npush of ${push.image} (${push.layers} layers, ~${(push.imageLayers * push.layerBytes / 1e6).toFixed(0)} MB) · a fresh registry for every push, so each sends every layer · median of ${push.rounds}\n`);
	console.log(table([
		['', 'docker push', 'stowage push job'],
		['client CPU (user+sys)', ms(push.cliCpuMs), ms(push.stowageCpuMs)],
		[`  min … max of ${push.rounds}`, range(cli, ms), range(stowage, ms)],
		['  of which system', ms(median(push.cli.map(run => run.systemMs))), ms(median(push.stowage.map(run => run.systemMs)))],
		['  what is counted', 'whole process', 'the job only'],
		['stowage process incl. Node start-up', '', ms(median(push.stowage.map(run => run.processCpuMs)))],
		['wall', seconds(median(push.cli.map(run => run.wallMs))), seconds(median(push.stowage.map(run => run.wallMs)))],
		['layers sent (every run)', String(push.cli[0].pushed), String(push.stowage[0].pushed)],
		['progress messages', '', String(median(push.stowage.map(run => run.messages)))],
		['ratio stowage / docker push', '', times(push.ratio)],
	]));
}

function printSaveLoad(io) {
	const {save, load} = io;
	console.log(`\nsave and load of ${io.image} (${(io.archiveBytes / 1e9).toFixed(2)} GB tar) · sync before each · median of ${io.rounds}; stowage's RSS: VmHWM of the operation\n`);
	const row = (label, op, pick, format) => [label, format(median(op.cli.map(pick))), format(median(op.stowage.map(pick))), ''];
	console.log(table([
		['', 'docker CLI', 'stowage', 'stowage / CLI'],
		['save wall', seconds(save.cliMs), seconds(save.stowageMs), times(save.ratio)],
		[`  min … max of ${io.rounds}`, range(save.cli.map(run => run.wallMs), seconds), range(save.stowage.map(run => run.wallMs), seconds), ''],
		row('  client CPU (user+sys)', save, run => run.cpuMs, ms),
		row('  of which system', save, run => run.systemMs, ms),
		['load wall', seconds(load.cliMs), seconds(load.stowageMs), times(load.ratio)],
		[`  min … max of ${io.rounds}`, range(load.cli.map(run => run.wallMs), seconds), range(load.stowage.map(run => run.wallMs), seconds), ''],
		row('  client CPU (user+sys)', load, run => run.cpuMs, ms),
		row('  of which system', load, run => run.systemMs, ms),
		['peak RSS during save (RSS at its start)', mb(Math.max(...save.cli.map(run => run.maxRssKb))), `${mb(Math.max(...save.stowage.map(run => run.peakKb)))} (${mb(Math.max(...save.stowage.map(run => run.rssBeforeKb)))})`, ''],
		['peak RSS during load (RSS at its start)', mb(Math.max(...load.cli.map(run => run.maxRssKb))), `${mb(Math.max(...load.stowage.map(run => run.peakKb)))} (${mb(Math.max(...load.stowage.map(run => run.rssBeforeKb)))})`, ''],
		['image ID after each load', 'unchanged', 'unchanged', ''],
	]));
}

/** The push/save/load section; returns its checks. */
export function printIoReport(io) {
	if (!io) return [];
	const [pushCheck, saveCheck, loadCheck, saveRss, loadRss] = ioChecks;
	if (io.error) {
		console.log(`\npush, save and load: FAILED to measure: ${io.error}`);
		return notRun(ioChecks.map(check => check.name), 'error');
	}
	if (io.skipped) {
		console.log(`\npush, save and load: SKIPPED, not passed: ${io.skipped}`);
		return notRun(ioChecks.map(check => check.name), 'skipped');
	}
	const checks = [];
	printPush(io.push);
	checks.push({...pushCheck, value: times(io.push.ratio), pass: io.push.ratio <= 1.5});
	if (io.saveLoad.skipped) {
		console.log(`\nsave and load: SKIPPED, not passed: ${io.saveLoad.skipped}`);
		checks.push(...notRun([saveCheck.name, loadCheck.name, saveRss.name, loadRss.name], 'skipped'));
		return checks;
	}
	printSaveLoad(io.saveLoad);
	const {save, load} = io.saveLoad;
	checks.push(
		{...saveCheck, value: times(save.ratio), pass: save.ratio <= 1.1},
		{...loadCheck, value: times(load.ratio), pass: load.ratio <= 1.1},
		{...saveRss, value: `${save.peakMb.toFixed(1)} MB`, pass: save.peakMb < 150},
		{...loadRss, value: `${load.peakMb.toFixed(1)} MB`, pass: load.peakMb < 150},
	);
	return checks;
}
