// Reading a field of parsed request data that no schema has typed yet (a body before validation,
// params of any route), without trusting its shape.

/** An own string property of a parsed value, or null. */
export const stringField = (value: unknown, key: string): string | null => {
  const field: unknown = value !== null && typeof value === 'object'
    ? Object.getOwnPropertyDescriptor(value, key)?.value
    : undefined
  return typeof field === 'string' ? field : null
}
