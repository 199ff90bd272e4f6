// The benchmark's baseline: a bare Fastify app on the same Node with one JSON route, run as its
// own process like the emulator. Usage: PORT=… node baseline.mjs
import Fastify from 'fastify'

const app = Fastify()
const answer = async () => ({ SubmissionId: 'C95AE90C-BEC6-41F2-91E2-2BA9168D1D1E' })
app.post('/*', answer)
app.get('/*', answer)
const url = await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' })
console.log(JSON.stringify({ msg: `Server listening at ${url}` }))
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => app.close().then(() => process.exit(0)))
