import type {Engine} from '../engine/engine.ts';
import type {Peers} from './copy.ts';
import {createController, type Controller} from './controller.ts';
import {initialState} from './state.ts';
import {createStore, type Store} from './store.ts';
import {createUserActions, type UserActions} from './user-actions.ts';

export type Session = {store: Store; controller: Controller; actions: UserActions; ready: Promise<void>};

/** The store and its effects, started: the first requests go out before the UI has loaded. */
export function startSession(engine: Engine, endpointLabel: string, peers: Peers = () => []): Session {
	const store = createStore(initialState(endpointLabel));
	const controller = createController(engine, store);
	const actions = createUserActions(engine, store, controller, peers);
	return {store, controller, actions, ready: controller.start()};
}

/** Resolves once the first image list is in (or the engine failed): the first frame can show it. */
export function whenListed(store: Store): Promise<void> {
	const settled = () => {
		const state = store.getState();
		return state.imagesLoaded || state.listError !== undefined || state.connection.status === 'failed' || state.dialog.kind !== 'none';
	};

	return new Promise(resolve => {
		if (settled()) {
			resolve();
			return;
		}

		const unsubscribe = store.subscribe(() => {
			if (settled()) {
				unsubscribe();
				resolve();
			}
		});
	});
}
