// JSON paths as the parity reports write them (`$.ResponseInfo[0].Url`), and patterns over them as
// users give them to redact or ignore: a `*` stands for any one field name or index.

/** The path of a field in an object, or of an element in an array. */
export const childPath = (parent: string, key: string | number): string =>
  typeof key === 'number'
    ? `${parent}[${key}]`
    : /^[A-Za-z_$][\w$]*$/.test(key)
      ? `${parent}.${key}`
      : `${parent}[${JSON.stringify(key)}]`

/** Every value in `value` with its path, the root (`$`) first, parents before children. */
export function * walk(value: unknown, path = '$'): Generator<[string, unknown]> {
  yield [path, value]
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) yield * walk(value[i], childPath(path, i))
  } else if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) yield * walk(child, childPath(path, key))
  }
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/**
 * A pattern as a test of paths. `$.Errors[*].Error` matches every error; `$.*.Url` any field's
 * `Url`; `$..Url` a `Url` at any depth. Case matters, as in the bodies.
 */
export function pathPattern(pattern: string): (path: string) => boolean {
  if (!pattern.startsWith('$')) {
    throw new Error(`a JSON path starts with '$', as in '$.ResponseInfo[*].Url', not '${pattern}'`)
  }
  const source = pattern.split(/(\.\.|\[\*\]|\.\*|\*)/).map((part) => {
    switch (part) {
      case '..': return '(?:\\.[^.[]+|\\[[^\\]]+\\])*\\.'
      case '[*]': return '\\[\\d+\\]'
      case '.*': return '(?:\\.[^.[]+|\\["[^"]*"\\])'
      case '*': return '[^.[]*'
      default: return escape(part)
    }
  }).join('')
  const regex = new RegExp(`^${source}$`)
  return (path) => regex.test(path)
}

/** The value at a path `walk` wrote, or undefined. */
export function valueAt(root: unknown, path: string): unknown {
  for (const [at, value] of walk(root)) if (at === path) return value
  return undefined
}

/**
 * A copy of `value` with each value whose path matches `replace`'s test swapped for what it gives
 * (undefined: kept as it is).
 */
export function mapPaths(value: unknown, replace: (path: string, value: unknown) => unknown, path = '$'): unknown {
  const swapped = replace(path, value)
  if (swapped !== undefined) return swapped
  if (Array.isArray(value)) return value.map((child, i) => mapPaths(child, replace, childPath(path, i)))
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, child]) => [key, mapPaths(child, replace, childPath(path, key))])
    )
  }
  return value
}
