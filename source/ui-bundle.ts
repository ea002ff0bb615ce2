// What the UI needs from cli.tsx, as one CommonJS bundle (dist/ui.cjs, scripts/build.mjs) that
// source/start/code-cache.ts loads with V8's code cache.
export {createDockerEngine} from './engine/docker-client.ts';
export {rememberHosts} from './engine/contexts.ts';
export {createHosts} from './store/hosts.ts';
export {whenListed} from './store/session.ts';
export {switchEntries} from './store/switch-targets.ts';
export {runUi} from './run-ui.tsx';
