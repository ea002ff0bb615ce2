// What the explorer's pager costs: the deep scan first (the explorer needs it), then
// one file read the way Enter reads it (source/store/analysis-effects.ts: the image's
// save stream, read up to the layer that holds the file and, in it, up to the file,
// then stopped), for a file in the first data layer and one in the last. Run by
// bench/diff.mjs with tsx in a process of its own, beside `docker save` of the image.
//
// Usage: node --import tsx bench/pager-read.ts HOST IMAGE FIRST-PATH LAST-PATH. Prints one JSON line.
import {readFileSync} from 'node:fs';
import {readLayerFile} from '../source/analysis/layer-file.ts';
import {scanEngineImage} from '../source/analysis/scan-image.ts';
import {createDockerEngine} from '../source/engine/docker-client.ts';
import {parseHost} from '../source/engine/endpoint.ts';
import {versionAt} from '../source/store/explorer-lines.ts';
import {pagerLimits} from '../source/store/file-lines.ts';

const [host, image, ...paths] = process.argv.slice(2);
if (!host || !image || paths.length === 0) {
	throw new Error('usage: pager-read.ts HOST IMAGE PATH...');
}

const peakRssMb = () => Number(/^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1]) / 1000;

const engine = createDockerEngine(parseHost(host));
await engine.connect();
const scanStarted = performance.now();
const scan = await scanEngineImage(engine, image, () => undefined, new AbortController().signal);
const scanMs = performance.now() - scanStarted;
const reads = [];
for (const path of paths) {
	// The layer that holds the final version, found as the explorer finds it (the last step, aggregated).
	const version = versionAt(scan, scan.steps.at(-1)!.step, true, path);
	if ('note' in version) {
		throw new Error(`pager-read: ${version.note}`);
	}

	const {layer} = version;

	const controller = new AbortController();
	const started = performance.now();
	const source = await engine.exportImage(image, controller.signal);
	source.on('error', () => undefined);
	const file = await readLayerFile(source, scan.layers[layer]!.key, path, pagerLimits);
	controller.abort();
	reads.push({path, layer: layer + 1, layers: scan.layers.length, ms: performance.now() - started, bytes: file.size});
}

engine.close();
console.log(JSON.stringify({scanMs, reads, peakRssMb: peakRssMb()}));
