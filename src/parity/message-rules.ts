// Which rule an error message comes from: every template in messages.ts (the vendor's and ours) as a
// pattern whose placeholders match anything. A recorded message that matches the emulator's template
// with other words around the placeholders is the same rule worded differently; one that matches
// another template, or none and reads unlike the emulator's, is another rule.
import { documented, emulator } from '../messages.js'

export interface Template {
  /** `documented.deploymentNotFound`, `emulator.notTested`… */
  name: string
  pattern: RegExp
}

// Private-use characters: no message holds them, and lower-casing keeps them.
const mark = (i: number): string => `\uE000${i}\uE001`
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** A template's text with marks for its arguments, or undefined when the function cannot take them. */
function marked(template: (...args: never[]) => string): string | undefined {
  const call = template as (...args: unknown[]) => string
  const marks = Array.from({ length: template.length }, (_, i) => mark(i))
  try {
    return call(...marks)
  } catch {
    try {
      // A template over a list (`onlyOneListName`) takes its argument as one element.
      return call(...marks.map((m) => [m]))
    } catch {
      return undefined
    }
  }
}

function templates(): Template[] {
  const all: Template[] = []
  for (const [group, table] of [['documented', documented], ['emulator', emulator]] as const) {
    for (const [key, template] of Object.entries(table)) {
      const text = marked(template)
      if (text === undefined) continue
      const source = text.split(/\uE000\d+\uE001/).map(escape).join('([\\s\\S]*?)')
      all.push({ name: `${group}.${key}`, pattern: new RegExp(`^${source}$`) })
    }
  }
  // The most literal text first: `'{Field}' is a required field.` before a template that is all placeholder.
  const literal = (t: Template) => t.pattern.source.replace(/\(\[\\s\\S\]\*\?\)/g, '').length
  return all.sort((a, b) => literal(b) - literal(a))
}

export const TEMPLATES = templates()

export interface TemplateMatch {
  template: Template
  /** The placeholders' values, in order. */
  values: string[]
}

/** The template a message comes from, or undefined. */
export function templateOf(message: string): TemplateMatch | undefined {
  for (const template of TEMPLATES) {
    const found = template.pattern.exec(message)
    if (found !== null) return { template, values: found.slice(1) }
  }
  return undefined
}

const words = (text: string): string[] => text.split(/\s+/).filter(Boolean)

/** How alike two texts read, word by word: 1 the same words in the same order, 0 none in common. */
export function likeness(a: string, b: string): number {
  const x = words(a)
  const y = words(b)
  if (x.length + y.length === 0) return 1
  let row = new Array<number>(y.length + 1).fill(0)
  for (let i = 1; i <= x.length; i++) {
    const next = [0]
    for (let j = 1; j <= y.length; j++) {
      next[j] = x[i - 1] === y[j - 1] ? row[j - 1]! + 1 : Math.max(row[j]!, next[j - 1]!)
    }
    row = next
  }
  return (2 * row[y.length]!) / (x.length + y.length)
}

/** Above this likeness, a message no template matches is taken for the emulator's, reworded. */
const REWORDED = 0.6

export type MessageVerdict =
  | { kind: 'same' }
  | { kind: 'value'; at: number }
  | { kind: 'wording' | 'rule'; recordedTemplate?: string; emulatorTemplate?: string }

/**
 * Compares a recorded message with the emulator's. `equal` says whether two placeholder values are
 * the same (it knows the generated values mapped so far, and which values are volatile).
 */
export function compareMessages(
  recorded: string, emulated: string, equal: (recorded: string, emulated: string) => boolean
): MessageVerdict {
  if (recorded === emulated) return { kind: 'same' }
  const ours = templateOf(emulated)
  const theirs = templateOf(recorded)
  const names = {
    ...(theirs === undefined ? {} : { recordedTemplate: theirs.template.name }),
    ...(ours === undefined ? {} : { emulatorTemplate: ours.template.name }),
  }
  if (ours !== undefined && theirs !== undefined && ours.template === theirs.template) {
    const at = theirs.values.findIndex((value, i) => !equal(value, ours.values[i]!))
    return at === -1 ? { kind: 'same' } : { kind: 'value', at }
  }
  if (theirs === undefined && likeness(recorded, emulated) >= REWORDED) return { kind: 'wording', ...names }
  if (theirs === undefined && equal(recorded, emulated)) return { kind: 'same' }
  return { kind: 'rule', ...names }
}
