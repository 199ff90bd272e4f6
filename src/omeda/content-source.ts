// Where the content page's HtmlContentUrl and TextContentUrl are read from, at call time: the
// fixtures' contentUrls first (no network needed), else over http(s) with a timeout and a size cap,
// unless fetching is turned off. A failure is the call's 400, naming the field and the reason.
import type { Config } from '../config.js'
import { emulator } from '../messages.js'
import { OmedaError } from '../omeda-error.js'

export interface ContentSource {
  /** The content at the URL a field gave, or the 400 saying why it could not be read. */
  read: (field: string, url: string) => Promise<string>
}

export type FetchOptions = Pick<Config, 'contentFetch' | 'contentFetchTimeout' | 'contentFetchLimit'>

/** Whether a value is an absolute http or https URL, as the …ContentUrl fields must be. */
export function isWebUrl(value: string): boolean {
  try {
    const { protocol } = new URL(value)
    return protocol === 'http:' || protocol === 'https:'
  } catch {
    return false
  }
}

/** The body, read as UTF-8 up to the cap; more than the cap is a failure, not a cut. */
async function readCapped(response: Response, limit: number): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? NaN)
  if (declared > limit) throw new Error(`it is larger than ${limit} bytes (OMEDA_CONTENT_FETCH_LIMIT)`)
  const chunks: Uint8Array[] = []
  let size = 0
  const reader = response.body?.getReader()
  for (;;) {
    const chunk = await reader?.read()
    if (chunk === undefined || chunk.done) break
    size += chunk.value.byteLength
    if (size > limit) {
      await reader?.cancel()
      throw new Error(`it is larger than ${limit} bytes (OMEDA_CONTENT_FETCH_LIMIT)`)
    }
    chunks.push(chunk.value)
  }
  return Buffer.concat(chunks).toString('utf8')
}

async function fetched(url: string, options: FetchOptions): Promise<string> {
  const signal = AbortSignal.timeout(options.contentFetchTimeout)
  let response: Response
  try {
    response = await fetch(url, { signal, redirect: 'follow', headers: { accept: 'text/html, text/plain, */*' } })
  } catch (error) {
    if (signal.aborted) {
      throw new Error(`no answer within ${options.contentFetchTimeout} ms (OMEDA_CONTENT_FETCH_TIMEOUT)`)
    }
    // fetch says only "fetch failed"; its cause says why (ECONNREFUSED, ENOTFOUND…).
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error
    throw new Error(`the request failed (${cause instanceof Error ? cause.message : String(cause)})`)
  }
  if (!response.ok) {
    await response.body?.cancel()
    throw new Error(`it answered HTTP ${response.status}`)
  }
  try {
    return await readCapped(response, options.contentFetchLimit)
  } catch (error) {
    if (signal.aborted) throw new Error(`no whole answer within ${options.contentFetchTimeout} ms`)
    throw error
  }
}

export function contentSource(contentUrls: Readonly<Record<string, string>>, options: FetchOptions): ContentSource {
  return {
    read: async (field, url) => {
      if (Object.hasOwn(contentUrls, url)) return contentUrls[url] ?? ''
      if (!options.contentFetch) {
        throw new OmedaError(400, emulator.contentNotFetched(field, url, emulator.contentFetchOff()))
      }
      try {
        return await fetched(url, options)
      } catch (error) {
        throw new OmedaError(400, emulator.contentNotFetched(field, url, (error as Error).message))
      }
    },
  }
}
