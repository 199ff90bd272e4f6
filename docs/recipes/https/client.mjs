// An application's Omeda client, unchanged: the base URL is hard-coded, as in Omeda's public
// clients. Only the environment differs: DNS sends the host to the emulator, and
// NODE_EXTRA_CA_CERTS makes Node trust the emulator's CA.
const OMEDA = 'https://ows.omedastaging.com/webservices/rest'

const res = await fetch(`${OMEDA}/brand/FOO/omail/deployment/cancel/*`, {
  method: 'POST',
  headers: { 'x-omeda-appid': process.env.OMEDA_APP_ID, 'content-type': 'application/json' },
  body: JSON.stringify({ UserId: 'omailAccount1', TrackId: process.env.TRACK_ID ?? 'FOO261124002' }),
})
console.log(res.status, await res.text())
process.exitCode = res.ok ? 0 : 1
