// Mocha for the suite's browser bundle: its browser build (mocha/mocha.js, which defines the global
// `Mocha`) in place of the Node package, which a web worker cannot load. test/e2e/build.mjs
// resolves `mocha` to this file there; suite/index.ts uses the same API either way.
import 'mocha/mocha.js';
import type NodeMocha from 'mocha';

const { Mocha } = globalThis as unknown as { Mocha?: typeof NodeMocha };
if (!Mocha) throw new Error('mocha/mocha.js did not define the global Mocha');
export default Mocha;
