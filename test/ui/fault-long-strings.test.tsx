// Long strings from an engine on every screen, against a recording fake of our own Engine
// (it carries strings of any length on demand; the real engine's are in
// test/e2e/fault-long-strings.test.ts): a 1 MB history line, a 1 MB label value, an
// image with 100,000 labels, a 1 MB progress line and engine error. Each redraw is timed
// against the same redraw on an ordinary image and must stay within 100 ms of it.
import assert from 'node:assert/strict';
import {after, before, describe, test} from 'node:test';
import type {HistoryEntry} from '../../source/engine/types.ts';
import {image, recordingEngine, recordingFiles} from '../helpers/recording-engine.ts';
import type {RenderedApp} from '../helpers/render-app.tsx';

// Timed as shipped: the bundle is built with React's production build, and the development
// build's prop diffing (for its profiler) costs seconds on a 100,000-line page that users never pay.
process.env.NODE_ENV = 'production';
const {keys, renderApp} = await import('../helpers/render-app.tsx');

const megabyte = 1_000_000;
const now = Date.now() / 1000;
const longLine = 'RUN echo ' + 'long-history '.repeat(Math.ceil(megabyte / 13));
const manyLabels = Array.from({length: 100_000}, (_, index) => `label${index}=value${index}`);
const bigLabel = 'v'.repeat(megabyte);

// Newest first: ordinary images between the long ones, so each long one has an ordinary neighbour to compare with.
const images = [
	image('01', ['plain/zero:1'], {created: now - 10}),
	image('02', ['plain/one:1'], {created: now - 20}),
	image('03', ['long/history:1'], {created: now - 30}),
	image('04', ['plain/two:1'], {created: now - 40}),
	image('05', ['long/label:1'], {created: now - 50}),
	image('06', ['plain/three:1'], {created: now - 60}),
	image('07', ['many/labels:1'], {created: now - 70}),
];
const idOf = (ref: string) => images.find(each => each.repoTags[0] === ref)!.id;

const step = (createdBy: string, size = 1000): HistoryEntry => ({id: '<missing>', created: now - 100, createdBy, size, comment: '', tags: []});
const histories: Record<string, HistoryEntry[]> = {
	[idOf('long/history:1')]: [step(longLine), step('ADD file:base in /', 5000)],
	[idOf('long/label:1')]: [step(`LABEL big=${bigLabel}`, 0), step('ADD file:base in /', 5000)],
	[idOf('many/labels:1')]: [step(`LABEL ${manyLabels.join(' ')}`, 0), step('ADD file:base in /', 5000)],
};
const ordinaryHistory = (ref: string) => [step(`RUN make ${ref.replace(/[/:]/g, '-')}-step`), step('ADD file:base in /', 5000)];

const manyLabelsObject = Object.fromEntries(manyLabels.map(pair => pair.split('=')));
function inspectOf(ref: string): unknown {
	const labels = ref === 'long/label:1' ? {big: bigLabel} : ref === 'many/labels:1' ? manyLabelsObject : {plain: 'yes'};
	return {Id: idOf(ref), RepoTags: [ref], Config: {Env: ['PATH=/bin'], Labels: labels}};
}

const engine = recordingEngine(images, {
	async pull(reference, _auth, onProgress) {
		onProgress({status: `Pulling ${reference}: ${'progress '.repeat(megabyte / 9)}`});
		onProgress({stream: `${'output '.repeat(megabyte / 7)}\n`});
		if (reference.startsWith('long/')) {
			throw new Error(`manifest unknown: ${'reason '.repeat(megabyte / 7)}`);
		}
	},
	async removeImage(reference) {
		throw new Error(reference.startsWith('long/') ? `conflict: ${'refusal '.repeat(megabyte / 8)}` : 'conflict: an ordinary refusal');
	},
});
Object.assign(engine, {
	history: async (id: string) => histories[id] ?? ordinaryHistory(images.find(each => each.id === id)!.repoTags[0]!),
	inspect: async (id: string) => inspectOf(images.find(each => each.id === id)!.repoTags[0]!),
});

let app: RenderedApp;

/** Milliseconds from the keys to the first frame that passes `check`. */
async function timed(inputs: string[], check: (frame: string) => boolean, what: string): Promise<number> {
	const start = performance.now();
	await app.press(...inputs);
	await app.waitForFrame(check, what, 20_000);
	return performance.now() - start;
}

/** The best of three tries: a redraw's own cost, without the pauses of a machine busy with other work. */
async function best(trial: () => Promise<number>): Promise<number> {
	const times = [await trial(), await trial(), await trial()];
	return Math.min(...times);
}

/** Tab until `pane` has the focus. */
async function focus(pane: string) {
	for (let step = 0; step < 6 && app.store.getState().focus !== pane; step++) {
		await app.press(keys.tab);
	}

	assert.equal(app.store.getState().focus, pane);
}

const within = (long: number, usual: number, what: string) => assert.ok(long <= usual + 100, `${what}: ${long.toFixed(0)} ms against ${usual.toFixed(0)} ms on an ordinary image`);
const fits = () => assert.ok(app.frame().split('\n').every(line => line.length <= 120), `no line past the terminal:\n${app.frame()}`);

describe('long strings from the engine', () => {
	before(async () => {
		app = renderApp(engine, 120, 40, recordingFiles({}));
		await app.waitForFrame(frame => frame.includes('plain-zero-1-step'), 'the list and the first history');
	});
	after(() => app.unmount());

	test('1 MB history line, 1 MB label, 100,000 labels: moving the selection onto each draws within 100 ms of an ordinary image', async () => {
		// From the row above onto the image and back, each way timed.
		const onto = (marker: string, back: string) => best(async () => {
			const there = await timed([keys.down], frame => frame.includes(marker), marker);
			await timed([keys.up], frame => frame.includes(back), back);
			return there;
		});
		const usual = await onto('plain-one-1-step', 'plain-zero-1-step');
		await timed([keys.down], frame => frame.includes('plain-one-1-step'), 'plain/one:1');
		const history = await onto('RUN echo long-history long-history', 'plain-one-1-step');
		fits();
		await timed([keys.down, keys.down], frame => frame.includes('plain-two-1-step'), 'plain/two:1');
		const away = await best(async () => {
			const there = await timed([keys.up], frame => frame.includes('RUN echo long-history'), 'back on the long history');
			return there + await timed([keys.down], frame => frame.includes('plain-two-1-step'), 'plain/two:1 after the long history') - there;
		});
		const label = await onto('LABEL big=vvvv', 'plain-two-1-step');
		fits();
		await timed([keys.down, keys.down], frame => frame.includes('plain-three-1-step'), 'plain/three:1');
		const many = await onto('LABEL label0=value0 label1=value1', 'plain-three-1-step');
		fits();
		within(history, usual, 'onto the 1 MB history line');
		within(away, usual, 'away from it');
		within(label, usual, 'onto the 1 MB label step');
		within(many, usual, 'onto the 100,000-label step');
	});

	test('inspect, its search, a history step in full and the advisor on those images draw within 100 ms of an ordinary one', async () => {
		const screens = async (ref: string, marker: string) => {
			await app.filterTo(ref.split(':')[0]!);
			await app.waitForFrame(frame => !frame.includes('Loading history'), `${ref}'s history`);
			const inspect = await best(async () => {
				const time = await timed(['i'], frame => frame.includes(`Inspect ${ref}`) && frame.includes(marker), `${ref} inspected`);
				fits();
				await timed([keys.escape], frame => !frame.includes(`Inspect ${ref}`), 'inspect closed');
				return time;
			});
			await timed(['i'], frame => frame.includes(`Inspect ${ref}`) && frame.includes(marker), `${ref} inspected`);
			const search = await best(async () => {
				const time = await timed(['/', 'z', 'z', 'q', keys.enter], frame => frame.includes('not found: zzq'), `a search in ${ref}`);
				await timed(['/', keys.backspace, keys.backspace, keys.backspace, keys.enter], frame => !frame.includes('not found'), 'the search cleared');
				return time;
			});
			await timed([keys.escape], frame => !frame.includes(`Inspect ${ref}`), 'inspect closed');
			await app.press(keys.tab);
			let stepFrame = '';
			const step = await best(async () => {
				const time = await timed([keys.enter], frame => frame.includes('step 2 of 2') && frame.includes('CREATED BY'), `${ref}'s step in full`);
				stepFrame = app.frame();
				fits();
				await timed([keys.escape], frame => !frame.includes('step 2 of 2'), 'the step closed');
				return time;
			});
			await app.press(keys.shiftTab);
			const advisor = await best(async () => {
				const time = await timed(['o'], frame => frame.includes(`Advisor ${ref}`) && frame.includes('Advice'), `${ref}'s advisor`);
				fits();
				await timed([keys.escape], frame => !frame.includes(`Advisor ${ref}`), 'the advisor closed');
				return time;
			});
			return {inspect, search, step, advisor, stepFrame};
		};

		const usual = await screens('plain/one:1', '"plain": "yes"');
		for (const [ref, marker] of [['long/history:1', '"plain": "yes"'], ['long/label:1', '"big": "vvvv'], ['many/labels:1', '"label0": "value0"']] as const) {
			const long = await screens(ref, marker);
			for (const screen of ['inspect', 'search', 'step', 'advisor'] as const) {
				within(long[screen], usual[screen], `${ref} ${screen}`);
			}

			// The step's megabyte shows as its first screens and a note of its size, not 10,000 lines.
			assert.match(long.stepFrame, /\d+\/\d{1,3}\s/, `${ref}: a bounded number of lines`);
		}

		await app.press(keys.escape);
	});

	test('a delete the engine refuses with a 1 MB reason: the confirmation and the outcome draw within 100 ms of an ordinary refusal', async () => {
		const refuse = async (ref: string) => {
			await app.filterTo(ref.split(':')[0]!);
			const asked = await timed(['d'], frame => frame.includes(`Delete ${ref}`), `the confirmation for ${ref}`);
			const refused = await timed(['y'], frame => frame.includes('conflict:') && !frame.includes(`Delete ${ref}?`), `the refusal for ${ref}`);
			fits();
			await app.press(keys.escape);
			return {asked, refused};
		};

		const usual = await refuse('plain/two:1');
		const long = await refuse('long/label:1');
		within(long.asked, usual.asked, 'the confirmation');
		within(long.refused, usual.refused, 'the refusal');
		await app.press(keys.escape);
	});

	test('a pull whose progress, output and error are each 1 MB: the jobs pane and the job log draw within 100 ms of an ordinary pull', async () => {
		const pull = async (ref: string, done: RegExp) => {
			await app.press('p', ...ref.split(''), keys.enter);
			await app.waitForFrame(frame => done.test(frame) && !frame.includes('Pull an image'), `the pull of ${ref}`);
			fits();
			await focus('jobs');
			const log = await best(async () => {
				const time = await timed([keys.enter], frame => frame.includes('STATUS') && frame.includes(`pull ${ref}`), `the log of ${ref}`);
				fits();
				await timed([keys.escape], frame => !frame.includes('STATUS'), 'the log closed');
				return time;
			});
			await focus('images');
			return log;
		};

		const usual = await pull('plain/pulled', /✓ pull/);
		const long = await pull('long/pulled', /✗ pull/);
		within(long, usual, 'the job log');
	});

	test('a 1 MB paste into the pull form and the filter: each field draws its end with "…" within 100 ms of a one-word paste, and typing goes on', async () => {
		const pasted = `${'p'.repeat(megabyte)}END`;
		const paste = async (open: string[], openedWhen: (frame: string) => boolean, text: string, close: string[]) => {
			await timed(open, openedWhen, 'the field');
			const time = await timed([text], frame => frame.includes(text === pasted ? 'pppEND' : text), `the paste of ${text.length} characters`);
			fits();
			await timed(['Z'], frame => frame.includes(text === pasted ? 'ppENDZ' : `${text}Z`), 'a key typed after it');
			assert.ok(text !== pasted || app.frame().includes('…pppp'), `the cut start is marked:\n${app.frame()}`);
			await app.press(...close);
			return time;
		};

		const screens = async (text: string) => ({
			form: await paste(['p'], frame => frame.includes('Pull an image'), text, [keys.escape]),
			filter: await paste(['/'], frame => frame.includes(' of '), text, [keys.escape]),
		});
		const usual = await screens('word');
		const long = await screens(pasted);
		within(long.form, usual.form, 'the pull form');
		within(long.filter, usual.filter, 'the filter');
		const form = app.store.getState().dialog;
		assert.equal(form.kind, 'none', 'the form was closed by Esc');
	});
});
