import assert from 'node:assert/strict';
import {test} from 'node:test';
import {engineMessage, toEngineError} from '../../source/engine/engine-error.ts';
import {parseContainers, parseImagePrune, parseInUse, parseNetworkPrune, parsePrune, parseRemoveResult} from '../../source/engine/parse-operations.ts';

test('the 409 messages of Docker 20.10 name the container and whether it runs', () => {
	assert.deepEqual(parseInUse('conflict: unable to delete c4596a19a209 (must be forced) - image is being used by stopped container 135e96713668'), {containerId: '135e96713668', running: false});
	assert.deepEqual(parseInUse('conflict: unable to delete c4596a19a209 (cannot be forced) - image is being used by running container fafc5253f3d8'), {containerId: 'fafc5253f3d8', running: true});
	assert.deepEqual(parseInUse('conflict: unable to remove repository reference "exp-b:1" (must force) - container 135e96713668 is using its referenced image c4596a19a209'), {containerId: '135e96713668'});
	assert.equal(parseInUse('conflict: unable to delete 4ff7fcd6ee61 (must be forced) - image is referenced in multiple repositories'), undefined);
	assert.equal(parseInUse('conflict: unable to delete 4ff7fcd6ee61 (cannot be forced) - image has dependent child images'), undefined);
});

test('the engine sentence comes out of a docker-modem error', () => {
	const modem = Object.assign(new Error('(HTTP code 409) unexpected - conflict: unable to delete x (must be forced) - image is being used by stopped container abc '), {statusCode: 409, json: null, reason: undefined});
	assert.equal(engineMessage(modem), 'conflict: unable to delete x (must be forced) - image is being used by stopped container abc');
	const withJson = Object.assign(new Error('(HTTP code 404) no such image - x'), {statusCode: 404, json: {message: 'No such image: \u001B]0;t\u0007x:1'}});
	const converted = toEngineError(withJson) as Error & {statusCode: number};
	assert.equal(converted.message, 'No such image: ^[]0;t^Gx:1');
	assert.equal(converted.statusCode, 404);
	const socket = Object.assign(new Error('connect ECONNREFUSED'), {code: 'ECONNREFUSED'});
	assert.equal(toEngineError(socket), socket);
});

test('delete and prune answers', () => {
	assert.deepEqual(parseRemoveResult([{Untagged: 'a:1'}, {Deleted: 'sha256:1'}, {Deleted: 'sha256:2'}]), {untagged: ['a:1'], deleted: ['sha256:1', 'sha256:2']});
	assert.deepEqual(parseImagePrune({ImagesDeleted: [{Untagged: 'a:1'}, {Deleted: 'sha256:1'}], SpaceReclaimed: 42}), {deleted: ['a:1', 'sha256:1'], spaceReclaimed: 42});
	assert.deepEqual(parseImagePrune({ImagesDeleted: null, SpaceReclaimed: 0}), {deleted: [], spaceReclaimed: 0});
	assert.deepEqual(parsePrune({ContainersDeleted: ['5d9e'], SpaceReclaimed: 0}, 'ContainersDeleted'), {deleted: ['5d9e'], spaceReclaimed: 0});
	assert.deepEqual(parsePrune({CachesDeleted: null, SpaceReclaimed: 10314}, 'CachesDeleted'), {deleted: [], spaceReclaimed: 10314});
	assert.deepEqual(parseNetworkPrune({NetworksDeleted: null}), []);
	assert.deepEqual(parseNetworkPrune({NetworksDeleted: ['n1']}), ['n1']);
});

test('containers: names without the leading slash, sanitized', () => {
	const [container] = parseContainers([{Id: 'abc', Names: ['/web\u001B[2J'], Image: 'x:1', ImageID: 'sha256:1', State: 'exited', Status: 'Exited (0) 1 second ago', SizeRw: 12}]);
	assert.deepEqual(container, {id: 'abc', names: ['web^[[2J'], image: 'x:1', imageId: 'sha256:1', state: 'exited', running: false, status: 'Exited (0) 1 second ago', sizeRw: 12});
});
