// The first module cli.tsx evaluates. The shebang's --max-semi-space-size=2 sizes V8's young generation
// when the heap is made, before any of our code runs; after that the flag is read no more. Under any
// flag that is not V8's default, Node's own modules miss the code cache built into Node and are compiled
// at each start (measured: 14 ms instead of 4 for http, https, zlib and four more), so its value goes
// back to the default here: the heap keeps its small young generation, and Node's cache applies again.
import {setFlagsFromString} from 'node:v8';

setFlagsFromString('--max-semi-space-size=0');
