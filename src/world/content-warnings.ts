// The content page's warnings, whose rules the vendor does not publish (ours are in docs/content.md):
// links that cannot be followed, and HTML without an unsubscribe link. A warning never refuses content.
import { documented } from '../messages.js'
import type { SplitContent } from './send-record.js'

/** Top-level domains taken besides any two letters (a country's) and punycode (`xn--…`). */
const TLDS = new Set([
  'com', 'net', 'org', 'edu', 'gov', 'mil', 'int', 'info', 'biz', 'name', 'pro', 'aero', 'coop', 'museum', 'mobi',
  'asia', 'tel', 'travel', 'jobs', 'app', 'dev', 'io', 'ai', 'co', 'news', 'media', 'email', 'online', 'site',
  'store', 'shop', 'blog', 'tech', 'cloud', 'digital', 'agency', 'global', 'group', 'company', 'solutions',
  'services', 'network', 'systems', 'world', 'today', 'live', 'life', 'events', 'health', 'law', 'bank', 'test',
  'example', 'localhost', 'local', 'internal', 'invalid',
])
/** Links no check applies to: anchors, mail, phone, and anything holding a merge variable or placeholder. */
const NOT_CHECKED = /^(#|mailto:|tel:|sms:|javascript:)|[{}[\]]|%%/i
const HREF = /<(?:a|area)\b[^>]*?\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi
const TEXT_URL = /\bhttps?:\/\/[^\s<>"']+/gi
const ANCHOR = /<a\b[^>]*>[\s\S]*?<\/a\s*>/gi

/** Whether a link can be followed: http(s) (a bare host is taken as http) to an IP, localhost or a known TLD. */
export function isValidLink(link: string): boolean {
  const text = link.trim()
  if (NOT_CHECKED.test(text)) return true
  let url: URL
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:/i.test(text) ? text : `http://${text}`)
  } catch {
    return false
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false
  const host = url.hostname.replace(/\.$/, '')
  if (/^[\d.]+$/.test(host) || host.startsWith('[') || host === 'localhost') return true
  const tld = host.split('.').pop() ?? ''
  return host.includes('.') && (/^[a-z]{2}$/.test(tld) || tld.startsWith('xn--') || TLDS.has(tld))
}

/** The links of a split: its HTML's hrefs, then the http(s) URLs of its text, each once, in order. */
function linksOf(split: SplitContent): string[] {
  const links: string[] = []
  for (const match of (split.HtmlContent ?? '').matchAll(HREF)) links.push(match[1] ?? match[2] ?? match[3] ?? '')
  for (const match of (split.TextContent ?? '').matchAll(TEXT_URL)) links.push(match[0])
  return [...new Set(links.filter((link) => link.trim() !== ''))]
}

/** An <a> whose href or text says "unsubscribe" (any case). */
const hasUnsubscribeLink = (html: string) => [...html.matchAll(ANCHOR)].some((m) => /unsubscribe/i.test(m[0]))

/** Every warning for these splits, split by split: invalid links, then a missing unsubscribe link. */
export function contentWarnings(splits: SplitContent[]): string[] {
  return splits.flatMap((split) => [
    ...linksOf(split).filter((link) => !isValidLink(link)).map(documented.invalidLink),
    ...(split.HtmlContent !== null && !hasUnsubscribeLink(split.HtmlContent)
      ? [documented.missingUnsubscribe(split.Sequence)]
      : []),
  ])
}

/** A tag (`<p>`, `</div>`, `<br/>`) or a comment: what text content must not hold. */
export const containsHtml = (text: string) => /<\/?[a-z][\w-]*(\s[^<>]*)?\/?>|<!--/i.test(text)

/** Opening and closing html and body tags, as the page requires of HTML content. */
export const hasHtmlAndBody = (html: string) =>
  /<html[\s>]/i.test(html) && /<\/html\s*>/i.test(html) && /<body[\s>]/i.test(html) && /<\/body\s*>/i.test(html)
