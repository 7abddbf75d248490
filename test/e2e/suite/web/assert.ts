// The part of node:assert/strict the suite uses, for its browser bundle (a web worker has no Node
// modules): test/e2e/build.mjs resolves `node:assert/strict` to this file there. Strict like
// Node's: `equal` is Object.is, `deepEqual` compares prototypes, own enumerable keys and elements.

export class AssertionError extends Error {
  override readonly name = 'AssertionError';
  /** Mocha's reporter shows a diff of these. */
  readonly showDiff: boolean;
  constructor(message: string, readonly actual?: unknown, readonly expected?: unknown, readonly operator?: string) {
    super(message);
    this.showDiff = operator === 'deepStrictEqual' || operator === 'strictEqual';
  }
}

function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol') return String(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function raise(message: string | Error | undefined, fallback: string, actual?: unknown, expected?: unknown, operator?: string): never {
  if (message instanceof Error) throw message;
  throw new AssertionError(message ?? fallback, actual, expected, operator);
}

function isDeepEqual(a: unknown, b: unknown, seen: Map<object, object>): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  // A cycle already being compared is assumed equal (the rest of the walk decides).
  if (seen.get(a) === b) return true;
  seen.set(a, b);
  if (a instanceof Date) return a.getTime() === (b as Date).getTime();
  if (a instanceof RegExp) return String(a) === String(b);
  if (ArrayBuffer.isView(a)) {
    const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
    const y = new Uint8Array((b as ArrayBufferView).buffer, (b as ArrayBufferView).byteOffset, (b as ArrayBufferView).byteLength);
    return x.length === y.length && x.every((byte, i) => byte === y[i]);
  }
  if (a instanceof Map) {
    const other = b as Map<unknown, unknown>;
    return a.size === other.size && [...a].every(([key, value]) => other.has(key) && isDeepEqual(value, other.get(key), seen));
  }
  if (a instanceof Set) {
    const other = b as Set<unknown>;
    return a.size === other.size && [...a].every((value) => other.has(value));
  }
  if (Array.isArray(a) && a.length !== (b as unknown[]).length) return false;
  const keys = Object.keys(a);
  const otherKeys = Object.keys(b);
  if (keys.length !== otherKeys.length) return false;
  return keys.every((key) => Object.prototype.hasOwnProperty.call(b, key) &&
    isDeepEqual((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], seen));
}

export function ok(value: unknown, message?: string | Error): asserts value {
  if (!value) raise(message, `expected a truthy value, got ${show(value)}`, value, true, '==');
}

export function equal<T>(actual: unknown, expected: T, message?: string | Error): asserts actual is T {
  if (!Object.is(actual, expected)) raise(message, `expected ${show(actual)} to equal ${show(expected)}`, actual, expected, 'strictEqual');
}

export function notEqual(actual: unknown, expected: unknown, message?: string | Error): void {
  if (Object.is(actual, expected)) raise(message, `expected ${show(actual)} to differ from ${show(expected)}`, actual, expected, 'notStrictEqual');
}

export function deepEqual<T>(actual: unknown, expected: T, message?: string | Error): asserts actual is T {
  if (!isDeepEqual(actual, expected, new Map())) {
    raise(message, `expected values to be deep-equal:\n${show(actual)}\nshould equal\n${show(expected)}`, actual, expected, 'deepStrictEqual');
  }
}

export function match(value: string, pattern: RegExp, message?: string | Error): void {
  if (typeof value !== 'string' || !pattern.test(value)) {
    raise(message, `expected ${show(value)} to match ${String(pattern)}`, value, pattern, 'match');
  }
}

export function fail(message?: string | Error): never {
  raise(message, 'Failed');
}
