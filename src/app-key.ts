// How an app id is kept without being kept: a hash, for tenant keys and fault scopes. The app id
// itself must not reach the journal, the logs or any answer.
import { createHash } from 'node:crypto'

export const appKey = (appId: string): string => createHash('sha256').update(appId).digest('hex').slice(0, 32)
