#!/usr/bin/env -S MALLOC_ARENA_MAX=1 node
// No V8 flags here: under any flag that is not V8's default, Node's own modules are compiled at each start
// instead of coming from Node's code cache; the UI sets its garbage-collector flags once it has loaded
// them (source/start/gc-flags.ts). MALLOC_ARENA_MAX=1: glibc gives each of V8's and libuv's threads its
// own malloc arena, which keeps what they freed (~15 MB at 10,000 images, measured in /proc/PID/smaps);
// one arena reuses it. Not a cap: the arena grows as needed.
import {askedEarly} from './source/start/ask-first.ts';

// `stowage` and `stowage ls` have asked the engine (start/ask-first.ts); the requests leave once the
// event loop turns. Then the rest loads: the command line's parser and the commands (source/cli-main.tsx).
await askedEarly?.sent;
await import('./source/cli-main.tsx');
