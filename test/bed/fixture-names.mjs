// Names of the images and containers that fixtures.mjs makes, shared with the
// tests so both sides agree on them. The order below is the order of creation,
// one wall-clock second apart, so sorting by Created is deterministic.
export const SMALL = 'stowage-z:small';
export const BIG = 'stowage-m:big';
export const BASE = 'stowage-base:1.0';
export const BASE_LATEST = 'stowage-base:latest';
export const HOSTILE_BASE = 'stowage-hostile-base:1';
export const APP = 'stowage-app:1.0';
export const APP_LATEST = 'stowage-app:latest';
export const APP_REGISTRY = 'localhost:5000/team/stowage-app:1.0';
export const USED = 'stowage-used:1.0';
export const USED_CONTAINER = 'stowage-used-ctr';
export const DANGLING_TAG = 'stowage-dangling:tmp';
export const HOSTILE = 'stowage-hostile:1.0';

// Every repo:tag the fixtures leave behind (the dangling image has none).
export const ALL_TAGS = [SMALL, BIG, BASE, BASE_LATEST, HOSTILE_BASE, APP, APP_LATEST, APP_REGISTRY, USED, DANGLING_TAG, HOSTILE];

export const BASE_COMMENT = 'stowage base';
export const APP_LABEL = {key: 'org.example.role', value: 'app'};
export const APP_ENV = 'APP_MODE=test';
export const PAYLOAD_BYTES = 250_000;
export const ZEROS_BYTES = 1_200_000;
export const BIG_BYTES = 5_000_000;

// Terminal control sequences a hostile image carries in its history, label and
// import comment: a UI that prints them raw would retitle or clear the terminal.
export const HOSTILE_TITLE = '\x1b]0;PWNED-TITLE\x07';
export const HOSTILE_CLEAR = '\x1b[2J';
export const HOSTILE_TEXT = `${HOSTILE_TITLE}${HOSTILE_CLEAR}`;
export const HOSTILE_LABEL = {key: 'org.example.evil', value: `a${HOSTILE_TITLE}b${HOSTILE_CLEAR}c`};
export const HOSTILE_COMMENT = `import ${HOSTILE_TITLE} ${HOSTILE_CLEAR} done`;

// What buildFixtures() measured (IDs), handed to the test process by run.mjs.
export function fixtureFacts() {
	const json = process.env.STOWAGE_TEST_FIXTURES;
	if (!json) throw new Error('STOWAGE_TEST_FIXTURES is not set: run the tests through test/bed/run.mjs');
	return JSON.parse(json);
}
