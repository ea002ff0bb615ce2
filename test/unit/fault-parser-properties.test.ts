// Property-based tests (fast-check) of the parsers every prompt feeds: image references,
// `docker images` patterns, build args, secrets, list filters and engine queries, .dive-ci.
// Each property checks what the parser promises (a round trip, agreement with the grammar,
// the reason it gives), not only that it does not throw. Runs are bounded (a few hundred each).
import assert from 'node:assert/strict';
import querystring from 'node:querystring';
import {test} from 'node:test';
import fc from 'fast-check';
import {parseDiveCi} from '../../source/analysis/dive-ci.ts';
import {parseFilters} from '../../source/commands/ls.ts';
import {buildQuery} from '../../source/engine/query-string.ts';
import {isValidPattern} from '../../source/engine/reference-pattern.ts';
import {familiarString, parseNormalizedNamed, ReferenceError, type Reference} from '../../source/engine/reference.ts';
import {parseBuildArgs} from '../../source/store/build-args.ts';
import {parseSecrets} from '../../source/store/build-secrets.ts';
import {toRows} from '../../source/store/image-rows.ts';
import {filterRows} from '../../source/store/select-rows.ts';

const runs = {numRuns: 500};
const anyText = fc.string({unit: 'binary', maxLength: 80});
/** Strings over the characters a reference is made of, and a few it must refuse. */
const referenceLike = fc.string({unit: fc.constantFrom(...'ab09._-/:@A'.split(''), 'sha256:', 'e'.repeat(8), ' ', 'é'), maxLength: 40});

// distribution/reference regexp.go, written out again here: the grammar the parser must agree with.
const component = '[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*';
const domainComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const domain = `(?:${domainComponent}(?:\\.${domainComponent})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?`;
const grammar = new RegExp(`^(?:${domain}/)?${component}(?:/${component})*(?::[\\w][\\w.-]{0,127})?(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?$`);

const pathComponent = fc.stringMatching(/^[a-z0-9]{1,6}(?:(?:[._]|__|-{1,2})[a-z0-9]{1,6}){0,2}$/);
const validReference: fc.Arbitrary<string> = fc.record({
	domain: fc.option(fc.constantFrom('localhost', 'localhost:5000', '127.0.0.1:5000', 'registry.example.com', 'docker.io', 'quay.io', 'my-reg.local:443'), {nil: undefined}),
	// A first component with a dot or colon would read as a registry: docker's FamiliarString has
	// the same ambiguity ("docker.io/a.b/c" prints as "a.b/c"), so the generator leaves it out.
	path: fc.tuple(pathComponent.filter(first => !first.includes('.')), fc.array(pathComponent, {maxLength: 2})).map(([first, rest]) => [first, ...rest]),
	tag: fc.option(fc.stringMatching(/^\w[\w.-]{0,20}$/), {nil: undefined}),
	digest: fc.option(fc.stringMatching(/^[a-f0-9]{64}$/).map(hex => `sha256:${hex}`), {nil: undefined}),
}).map(({domain: host, path, tag, digest}) => `${host ? `${host}/` : ''}${path.join('/')}${tag ? `:${tag}` : ''}${digest ? `@${digest}` : ''}`)
	// A 64-hex name is an image ID, not a reference.
	.filter(text => !/^[a-f0-9]{64}$/.test(text));

function parsed(text: string): Reference | undefined {
	try {
		return parseNormalizedNamed(text);
	} catch (error) {
		assert.ok(error instanceof ReferenceError, `${JSON.stringify(text)} threw ${String(error)}`);
		assert.ok(error.message.length > 0 && !error.message.includes('undefined'), error.message);
		return undefined;
	}
}

test('references: any string parses or is refused with a ReferenceError, and what parses is in docker\'s grammar', () => {
	fc.assert(fc.property(fc.oneof(anyText, referenceLike), text => {
		const reference = parsed(text);
		if (reference) {
			const canonical = `${reference.domain}/${reference.path}${reference.tag ? `:${reference.tag}` : ''}${reference.digest ? `@${reference.digest}` : ''}`;
			assert.match(canonical, grammar);
			assert.ok(reference.path.length <= 255);
		}
	}), {numRuns: 1000});
});

test('references: what the grammar accepts (lowercase, a sha256 digest of 64 hex) parses; the familiar form round-trips', () => {
	fc.assert(fc.property(validReference, text => {
		assert.match(text, grammar);
		const reference = parsed(text);
		assert.ok(reference, `${text} was refused`);
		const familiar = familiarString(reference);
		assert.deepEqual(parseNormalizedNamed(familiar), reference);
		assert.equal(familiarString(parseNormalizedNamed(familiar)), familiar);
		// The familiar form is what the user typed, less docker.io/ and library/.
		assert.equal(familiar, text.replace(/^docker\.io\//, '').replace(/^library\/(?=[^/]+$)/, ''));
	}), runs);
});

test('references: an upper-case repository is refused with docker\'s words, naming it', () => {
	const name = pathComponent.filter(text => /[a-z]/.test(text) && !/^[a-f0-9]{64}$/.test(text));
	fc.assert(fc.property(name, fc.option(fc.stringMatching(/^\w[\w.-]{0,8}$/), {nil: undefined}), (lower, tag) => {
		const upper = lower.toUpperCase();
		assert.throws(() => parseNormalizedNamed(`${upper}${tag === undefined ? '' : `:${tag}`}`), {name: 'ReferenceError', message: `invalid reference format: repository name (library/${upper}) must be lowercase`});
	}), runs);
});

/** Go's path.Match quoting: every special character escaped. */
const quoted = (text: string) => text.replaceAll(/[*?[\]\\]/g, '\\$&');

test('docker images patterns: never throws; a pattern of no class or escape is valid, and so is any quoted string', () => {
	fc.assert(fc.property(anyText, fc.string({unit: fc.constantFrom('a', '*', '?', '[', ']', '^', '-', '\\', '/'), maxLength: 12}), (text, special) => {
		assert.equal(typeof isValidPattern(special), 'boolean');
		assert.equal(isValidPattern(text.replaceAll(/[[\\]/g, '')), true);
		assert.equal(isValidPattern(quoted(text)), true);
		// A trailing lone backslash is always a syntax error for Go.
		assert.equal(isValidPattern(`${quoted(text)}\\`), false);
	}), runs);
});

const argName = fc.string({unit: fc.constantFrom(...'AZaz09_.-é'.split('')), minLength: 1, maxLength: 10});
const argValue = fc.string({unit: fc.constantFrom(...'az09=:/,.é"\''.split('')), maxLength: 12});

test('build args: NAME=value pairs round-trip (the last one of a name wins); a bare NAME takes the environment\'s value or is left out', () => {
	fc.assert(fc.property(fc.array(fc.tuple(argName, argValue), {maxLength: 8}), fc.dictionary(argName, argValue, {maxKeys: 4}), fc.array(argName, {maxLength: 3}), fc.constantFrom(' ', '  ', '\t', '\n'), (pairs, env, bare, space) => {
		const text = [...pairs.map(([name, value]) => `${name}=${value}`), ...bare].join(space);
		const result = parseBuildArgs(text, env);
		assert.ok('args' in result, JSON.stringify(result));
		const expected: Record<string, string> = {};
		for (const [name, value] of pairs) {
			expected[name] = value;
		}

		for (const name of bare) {
			if (env[name] !== undefined) {
				expected[name] = env[name];
			}
		}

		assert.deepEqual(result.args, expected);
	}), runs);
});

test('build args: a pair with nothing before "=" is refused, naming it', () => {
	fc.assert(fc.property(argValue, fc.array(fc.tuple(argName, argValue), {maxLength: 3}), (value, pairs) => {
		const text = [...pairs.map(([name, item]) => `${name}=${item}`), `=${value}`].join(' ');
		const result = parseBuildArgs(text, {});
		assert.ok('error' in result);
		assert.match(result.error, new RegExp(`^build arg "=${value.replaceAll(/[.*+?^${}()|[\]\\]/g, '\\$&')}": no name before "="`));
	}), runs);
});

const secretWord = fc.string({unit: fc.constantFrom(...'az09_.-/~=é'.split('')), minLength: 1, maxLength: 12});

test('secrets: id=…,src=… specs in any order, with source= and type=file, round-trip; a repeated id is refused', () => {
	fc.assert(fc.property(fc.uniqueArray(fc.tuple(secretWord, secretWord), {selector: ([id]) => id, maxLength: 5}), fc.boolean(), fc.boolean(), (specs, sourceFirst, typed) => {
		const text = specs.map(([id, src]) => {
			const parts = [`id=${id}`, `${typed ? 'source' : 'src'}=${src}`, ...(typed ? ['type=file'] : [])];
			return (sourceFirst ? parts.reverse() : parts).join(',');
		}).join(' ');
		assert.deepEqual(parseSecrets(text), {secrets: specs.map(([id, src]) => ({id, src}))});
		if (specs.length > 0) {
			const [id, src] = specs[0]!;
			assert.deepEqual(parseSecrets(`${text} id=${id},src=${src}`), {error: `secret ${id} is given twice`});
		}
	}), runs);
});

test('secrets: any text is read or refused with a reason, never thrown', () => {
	fc.assert(fc.property(fc.oneof(anyText, fc.string({unit: fc.constantFrom('id=', 'src=', 'type=', 'file', ',', ' ', 'a', '='), maxLength: 20})), text => {
		const result = parseSecrets(text);
		if ('error' in result) {
			assert.match(result.error, /^secret /);
		} else {
			for (const secret of result.secrets) {
				assert.ok(secret.id !== '' && secret.src !== '' && !/[\s,]/.test(secret.id + secret.src));
			}
		}
	}), runs);
});

const filterName = fc.string({unit: fc.constantFrom(...'abcdlnegt_-'.split('')), minLength: 1, maxLength: 10}).filter(name => name !== 'reference');

test('ls filters: name=value pairs group by name in order, values kept byte for byte; no name is refused', () => {
	fc.assert(fc.property(fc.array(fc.tuple(filterName, anyText), {maxLength: 6}), anyText, (pairs, noName) => {
		const expected: Record<string, string[]> = {};
		for (const [name, value] of pairs) {
			(expected[name] ??= []).push(value);
		}

		assert.deepEqual(parseFilters(pairs.map(([name, value]) => `${name}=${value}`)), pairs.length > 0 ? expected : undefined);
		fc.pre(!noName.includes('=') || noName.startsWith('='));
		assert.throws(() => parseFilters([noName]), {name: 'UsageError'});
	}), runs);
});

test('engine queries: what is defined arrives as docker-modem would send it, nothing undefined or empty is sent', () => {
	const value = fc.oneof(anyText, fc.integer(), fc.boolean(), fc.array(anyText, {minLength: 1, maxLength: 3}), fc.dictionary(anyText, fc.array(anyText, {maxLength: 2}), {maxKeys: 3}), fc.constant(undefined), fc.constant(null));
	fc.assert(fc.property(fc.dictionary(fc.stringMatching(/^[a-z]{1,8}$/), value, {maxKeys: 6}), options => {
		const back = querystring.parse(buildQuery(options));
		const sent = Object.entries(options).filter(([, item]) => item !== undefined && item !== null);
		assert.deepEqual(Object.keys(back).sort(), sent.map(([key]) => key).sort());
		for (const [key, item] of sent) {
			const expected = Array.isArray(item) ? (item.length === 1 ? item[0] : item) : typeof item === 'object' ? JSON.stringify(item) : String(item);
			assert.deepEqual(back[key], expected);
		}
	}), runs);
});

test('the list filter: keeps exactly the rows whose repo:tag or ID contains the text, case-insensitively, in order', () => {
	const tag = fc.tuple(fc.stringMatching(/^[a-z0-9/._-]{1,12}$/), fc.stringMatching(/^[\w.-]{1,6}$/)).map(([repo, version]) => `${repo}:${version}`);
	const images = fc.array(fc.record({hex: fc.stringMatching(/^[a-f0-9]{64}$/), tags: fc.array(tag, {maxLength: 2})}), {maxLength: 8});
	fc.assert(fc.property(images, fc.oneof(anyText.map(text => text.replaceAll('\n', '')), fc.stringMatching(/^[a-zA-Z0-9:./]{0,4}$/)), fc.boolean(), (list, filter, showUntagged) => {
		const rows = toRows(list.map(({hex, tags}, index) => ({id: `sha256:${hex}`, parentId: '', repoTags: tags, repoDigests: [], created: index, size: index, sharedSize: -1, containers: -1})));
		const needle = filter.trim().toLowerCase();
		const kept = filterRows(rows, filter, showUntagged);
		assert.deepEqual(kept, rows.filter(row => (showUntagged || !row.untagged) && (needle === '' || `${row.repository}:${row.tag}`.toLowerCase().includes(needle) || row.id.toLowerCase().includes(needle))));
	}), runs);
});

const ratio = fc.double({min: 0, max: 1, noNaN: true}).map(String);
const bytes = fc.tuple(fc.integer({min: 0, max: 10_000}), fc.constantFrom('', 'B', 'kB', 'KB', 'MB', 'MiB', 'GB', 'gib', ' mb')).map(([count, unit]) => `${count}${unit}`);
const ruleValue = (value: fc.Arbitrary<string>) => fc.option(fc.oneof(value, fc.constantFrom('disabled', 'DISABLED')), {nil: undefined});

test('.dive-ci: any spelling of the three rules, quoted or commented, reads back as written; any text parses or is a UsageError', () => {
	fc.assert(fc.property(ruleValue(ratio), ruleValue(bytes), ruleValue(ratio), fc.boolean(), fc.constantFrom('  ', '    ', '\t'), (efficiency, wasted, user, kebab, indent) => {
		const lines = ['# dive ci', 'rules:'];
		const add = (camel: string, dashed: string, value: string | undefined) => {
			if (value !== undefined) {
				lines.push(`${indent}${kebab ? dashed : camel}: ${kebab ? `"${value}"` : value}  # a comment`);
			}
		};

		add('lowestEfficiency', 'lowest-efficiency', efficiency);
		add('highestWastedBytes', 'highest-wasted-bytes', wasted);
		add('highestUserWastedPercent', 'highest-user-wasted-percent', user);
		assert.deepEqual(parseDiveCi(lines.join('\n')), {lowestEfficiency: efficiency ?? '0.9', highestWastedBytes: wasted ?? 'disabled', highestUserWastedPercent: user ?? '0.1'});
	}), runs);
	fc.assert(fc.property(fc.oneof(anyText, fc.string({unit: fc.constantFrom('rules:', '\n', '  ', 'lowestEfficiency', ':', ' 0.5', '2', '-', '#', 'x'), maxLength: 12})), text => {
		try {
			parseDiveCi(text);
		} catch (error) {
			assert.equal((error as Error).name, 'UsageError', String(error));
		}
	}), runs);
});

test('.dive-ci: a ratio outside 0..1 is refused, naming the key, the value and the range', () => {
	const outside = fc.oneof(fc.double({min: 1, max: 1e6, minExcluded: true, noNaN: true}), fc.double({min: -1e6, max: 0, maxExcluded: true, noNaN: true})).map(String).filter(text => text !== '0');
	fc.assert(fc.property(outside, fc.constantFrom('lowestEfficiency', 'highest-user-wasted-percent', 'highestuserwastedpercent'), (value, key) => {
		assert.throws(() => parseDiveCi(`rules:\n  ${key}: ${value}\n`), {name: 'UsageError', message: `.dive-ci: ${key} "${value}" is out of range: a ratio between 0 and 1 (0.9 for 90%)`});
	}), runs);
});
