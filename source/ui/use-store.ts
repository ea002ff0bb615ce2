import {useSyncExternalStore} from 'react';
import type {State} from '../store/state.ts';
import type {Store} from '../store/store.ts';

export function useStoreState(store: Store): State {
	return useSyncExternalStore(store.subscribe, store.getState, store.getState);
}
