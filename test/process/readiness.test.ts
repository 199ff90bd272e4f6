// Readiness tells when the database cannot write: the real process on a real full disk (a small
// tmpfs in a mount namespace of its own), filled, then freed.
import t, { type Test } from 'tap'
import { closeSync, openSync, unlinkSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { APP_ID, GUID, TEST_WORLD } from '../helpers.js'
import { emulatorCommand, startServer, type RunningServer } from '../spawn.mjs'

/**
 * The emulator as its own process, its --db on a tmpfs of `bytes` mounted in a user and mount
 * namespace of its own (no root needed). The test reaches that folder as /proc/{pid}/root/{folder};
 * the emulator must open it by its own name, as SQLite resolves the /proc link to the outer folder.
 */
async function onSmallDisk(t: Test, bytes: number): Promise<{ server: RunningServer; disk: string }> {
  const folder = t.testdir({})
  const server = await startServer([
    'unshare', '--user', '--map-root-user', '--mount', 'sh', '-c',
    `mount -t tmpfs -o size=${bytes} tmpfs "$0" && exec "$@"`, folder,
    ...emulatorCommand(),
  ], { args: ['--db', join(folder, 'emulator.db'), '--fixtures', TEST_WORLD] })
  t.teardown(() => server.stop())
  return { server, disk: `/proc/${server.pid}/root${folder}` }
}

/** Writes zeros until the disk is full. */
function fill(file: string): void {
  const fd = openSync(file, 'w')
  const chunk = Buffer.alloc(64 * 1024)
  try {
    for (;;) writeSync(fd, chunk)
  } catch (error) {
    if ((error as { code?: string }).code !== 'ENOSPC') throw error
  } finally {
    closeSync(fd)
  }
}

t.test('readiness answers 503 saying why while the database cannot ' +
  'write (a full disk), 200 once it can; liveness stays 200', async (t) => {
  const { server, disk } = await onSmallDisk(t, 8 * 1024 * 1024)
  const get = (path: string) => fetch(`${server.url}/__admin/${path}`)
  t.equal((await get('ready')).status, 200, 'ready on a disk with room')

  fill(join(disk, 'filler'))
  // Every request to the Omeda surface is journaled: a batch needs new pages in the WAL, and fails.
  let ready = await get('ready')
  for (let i = 0; i < 2000 && ready.status === 200; i++) {
    await fetch(
      `${server.url}/webservices/rest/brand/FOO/omail/deployment/lookup/NOPE${i}/*`,
      { headers: { 'x-omeda-appid': APP_ID } }
    )
    if (i % 10 === 9) ready = await get('ready')
  }
  t.equal(ready.status, 503, 'not ready while writes fail')
  const body = (await ready.json()) as { Errors: { Error: string }[]; SubmissionId: string }
  t.match(body, { SubmissionId: GUID })
  t.match(body.Errors, [{
    Error: new RegExp(/^The emulator cannot write to its database: .*\(SQLITE_(FULL|IOERR\w*)\)\. /.source +
      /It is ready again once a write succeeds\.$/.source),
  }])
  t.equal((await get('health')).status, 200, 'alive all the same')
  t.equal((await get('ready')).status, 503, 'still not ready: the probe write fails too')

  unlinkSync(join(disk, 'filler'))
  t.equal((await get('ready')).status, 200, 'ready again once space is freed, without other traffic')
  t.equal(await server.stop(), 0, 'and closes cleanly')
})
