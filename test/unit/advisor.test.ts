// The advisor's rules over real-looking history lines, one rule at a time.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {AdvisorInput} from '../../source/analysis/rules/advice.ts';
import {advise, configFromInspect, stepsFromHistory} from '../../source/analysis/rules/advisor.ts';
import {instructionOf, simpleCommands} from '../../source/analysis/rules/instruction.ts';

const base = '/bin/sh -c #(nop) ADD file:4b03b5f551e3fbdf47ec609712007327828f7530cc3455c43bbcdcaf449a75a9 in / ';
const cmd = '/bin/sh -c #(nop)  CMD ["bash"]';

function input(lines: string[], extra: Partial<AdvisorInput> = {}): AdvisorInput {
	return {steps: lines.map(createdBy => ({createdBy, size: createdBy.includes('#(nop)') && !createdBy.includes(' ADD ') ? 0 : 1_000_000, emptyLayer: createdBy.includes('#(nop)') && !createdBy.includes(' ADD ')})), env: [], labels: {}, ...extra};
}

const rules = (lines: string[], extra?: Partial<AdvisorInput>) => advise(input(lines, extra)).map(advice => advice.rule).sort();

test('history lines back to instructions: legacy, build args, BuildKit', () => {
	assert.deepEqual(instructionOf('/bin/sh -c #(nop)  ENV PATH=/usr/local/bin'), {name: 'ENV', args: 'PATH=/usr/local/bin'});
	assert.deepEqual(instructionOf('/bin/sh -c apt-get update'), {name: 'RUN', args: 'apt-get update'});
	assert.deepEqual(instructionOf('|2 VERSION=1 X=2 /bin/sh -c make'), {name: 'RUN', args: 'make'});
	assert.deepEqual(instructionOf('RUN /bin/sh -c apk add curl # buildkit'), {name: 'RUN', args: 'apk add curl'});
	assert.deepEqual(instructionOf('COPY app.py /app/ # buildkit'), {name: 'COPY', args: 'app.py /app/'});
	assert.deepEqual(simpleCommands('a && b || c; d | e\nf'), ['a', 'b', 'c', 'd', 'e', 'f']);
});

test('DL3009: apt-get update without removing the lists in the same RUN', () => {
	assert.deepEqual(rules([base, '/bin/sh -c apt-get update && apt-get install -y --no-install-recommends curl', cmd]), ['DL3009']);
	assert.deepEqual(rules([base, '/bin/sh -c apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*']), []);
	// A later step cannot take the bytes back out.
	assert.deepEqual(rules([base, '/bin/sh -c apt-get update', '/bin/sh -c rm -rf /var/lib/apt/lists/*']), ['DL3009']);
	const [advice] = advise(input([base, '/bin/sh -c apt-get update && apt-get install -y --no-install-recommends curl']));
	assert.equal(advice!.step, 2);
	assert.equal(advice!.bytes, 1_000_000);
	assert.equal(advice!.exact, false);
	assert.match(advice!.message, /step 2: `apt-get update`/);
});

test('DL3015: apt-get install without --no-install-recommends', () => {
	assert.deepEqual(rules([base, '/bin/sh -c apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*']), ['DL3015']);
	assert.deepEqual(rules([base, '/bin/sh -c DEBIAN_FRONTEND=noninteractive apt-get -o APT::Install-Recommends=false install -y curl']), []);
});

test('DL3019: apk add without --no-cache', () => {
	assert.deepEqual(rules(['/bin/sh -c #(nop) ADD file:abc in / ', '/bin/sh -c apk add curl']), ['DL3019']);
	assert.deepEqual(rules(['/bin/sh -c #(nop) ADD file:abc in / ', 'RUN /bin/sh -c apk add --no-cache curl # buildkit']), []);
});

test('DL3042: pip install without --no-cache-dir, unless PIP_NO_CACHE_DIR is set', () => {
	assert.deepEqual(rules([base, '/bin/sh -c pip install flask']), ['DL3042']);
	assert.deepEqual(rules([base, '/bin/sh -c python3 -m pip install -r requirements.txt']), ['DL3042']);
	assert.deepEqual(rules([base, '/bin/sh -c pip install --no-cache-dir flask']), []);
	assert.deepEqual(rules([base, '/bin/sh -c pip install flask'], {env: ['PIP_NO_CACHE_DIR=1']}), []);
});

test('DL3032, DL3040, DL3036: yum, dnf, zypper without their clean', () => {
	assert.deepEqual(rules([base, '/bin/sh -c yum install -y httpd']), ['DL3032']);
	assert.deepEqual(rules([base, '/bin/sh -c yum install -y httpd && yum clean all']), []);
	assert.deepEqual(rules([base, '/bin/sh -c dnf -y install httpd']), ['DL3040']);
	assert.deepEqual(rules([base, '/bin/sh -c dnf -y install httpd && dnf clean all']), []);
	assert.deepEqual(rules([base, '/bin/sh -c zypper -n in curl']), ['DL3036']);
	assert.deepEqual(rules([base, '/bin/sh -c zypper -n in curl && zypper clean -a']), []);
});

test('DL3059: three or more RUN steps in a row, one finding for the run of them', () => {
	const advice = advise(input([base, '/bin/sh -c echo 1 > /a', '/bin/sh -c echo 2 > /b', '/bin/sh -c echo 3 > /c', cmd]));
	assert.deepEqual(advice.map(each => [each.rule, each.step, each.bytes]), [['DL3059', 2, 3_000_000]]);
	assert.match(advice[0]!.message, /steps 2–4: 3 consecutive RUN layers/);
	// Broken by an ENV: two and one.
	assert.deepEqual(rules([base, '/bin/sh -c echo 1', '/bin/sh -c echo 2', '/bin/sh -c #(nop)  ENV A=b', '/bin/sh -c echo 3']), []);
});

test('DL3020: ADD of local files, not of the root filesystem, archives or URLs', () => {
	assert.deepEqual(rules([base, '/bin/sh -c #(nop) ADD file:0a1b2c3d in /app/config.json ']), ['DL3020']);
	assert.deepEqual(rules([base, '/bin/sh -c #(nop) ADD dir:9f8e7d in /app ']), ['DL3020']);
	assert.deepEqual(rules([base, 'ADD vendor.tar.gz /opt/ # buildkit']), []);
	assert.deepEqual(rules([base, 'ADD https://example.com/tool /usr/local/bin/tool # buildkit']), []);
});

test('DL3006 and DL3007: a base that is untagged or latest, when a label says which', () => {
	assert.deepEqual(rules([base], {labels: {'org.opencontainers.image.base.name': 'docker.io/library/ubuntu:latest'}}), ['DL3007']);
	assert.deepEqual(rules([base], {labels: {'org.opencontainers.image.base.name': 'docker.io/library/ubuntu'}}), ['DL3006']);
	assert.deepEqual(rules([base], {labels: {'org.opencontainers.image.base.name': 'localhost:5000/ubuntu:22.04'}}), []);
	assert.deepEqual(rules([base]), []);
});

test('build tools in the final image: suggest a multi-stage build and show its shape', () => {
	const advice = advise(input([base, '/bin/sh -c apt-get update && apt-get install -y --no-install-recommends build-essential libssl-dev && rm -rf /var/lib/apt/lists/*', '/bin/sh -c git clone https://example.com/x.git /src']));
	assert.deepEqual(advice.map(each => each.rule), ['multi-stage', 'multi-stage']);
	assert.match(advice[0]!.message, /installs build-essential, libssl-dev/);
	assert.match(advice[0]!.fix, /FROM <base> AS build[\s\S]*COPY --from=build/);
	assert.match(advice[1]!.message, /git clone/);
});

test('a slim variant exists: python and node from their ENV, large bases from os-release', () => {
	const big = (lines: string[]) => ({steps: lines.map(createdBy => ({createdBy, size: 300_000_000})), labels: {}});
	assert.match(advise({...big([base, '/bin/sh -c echo x']), env: ['PYTHON_VERSION=3.12.4']}).find(each => each.rule === 'slim-base')!.fix, /python:3\.12-slim/);
	assert.match(advise({...big([base, '/bin/sh -c echo x']), env: ['NODE_VERSION=20.11.1']}).find(each => each.rule === 'slim-base')!.fix, /node:20-slim/);
	assert.deepEqual(advise({...big([base]), env: []}), []);
});

test('engine history (newest first) and inspect become the advisor input', () => {
	const steps = stepsFromHistory([{createdBy: cmd, size: 0}, {createdBy: '/bin/sh -c apt-get update', size: 20}, {createdBy: base, size: 80}]);
	assert.deepEqual(steps.map(step => [step.size, step.emptyLayer]), [[80, false], [20, false], [0, true]]);
	assert.deepEqual(configFromInspect({Config: {Env: ['A=b'], Labels: {x: 'y'}}}), {env: ['A=b'], labels: {x: 'y'}});
	assert.deepEqual(configFromInspect({Config: {Env: null, Labels: null}}), {env: [], labels: {}});
});
