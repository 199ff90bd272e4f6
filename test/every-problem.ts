// A newcomer's first fixture files, shared by the tests of the loader, the CLI and startEmulator.
const app = (AppId = 'qa-app', Brands = ['QA']) => ({ AppId, Brands })
const deployment = (extra: Record<string, unknown> = {}) => ({
  Brand: 'QA', TrackId: 'QA261201001', OwnerUserId: 'tester', Status: 'Scheduled', ScheduledDate: '2030-01-01 10:00:00',
  ...extra,
})

/**
 * A newcomer's first fixture files: a misspelt property beside four of the vendor's rules broken,
 * a file that is not JSON, and one with a schema problem. Every problem is reported in one pass.
 */
export const everyProblem = {
  files: {
    'a.json': JSON.stringify({ apps: [app()], deployments: [
      deployment({ DeploymentNmae: 'Spring' }),
      deployment(),
      deployment({ TrackId: 'QA2', Status: 'Sent' }),
      deployment({ TrackId: 'QA3', ScheduledDate: '2030-02-30 10:00:00' }),
      deployment({ TrackId: 'QA4', Brand: 'ZZ' }),
    ] }),
    'b.json': '{"apps": [',
    'c.json': JSON.stringify({
      apps: [app('qb-app', ['QB'])],
      deployments: [deployment({ Brand: 'QB', Status: 'Paused' })]
    }),
  },
  /** The problems, each after `file: `, in order. */
  expected: (file: (name: string) => string) => [
    new RegExp(`^${file('b.json')}: /: not readable JSON`),
    `${file('a.json')}: /deployments/0/DeploymentNmae: unknown property (check its spelling)`,
    `${file('a.json')}: /deployments/2/SentDate: a deployment with Status 'Sent' needs a SentDate`,
    `${file('a.json')}: /deployments/3/ScheduledDate: '2030-02-30 10:00:00' is not a real date and time`,
    `${file('a.json')}: /deployments/1: duplicate of Brand 'QA', ` +
      `TrackId 'QA261201001' (first at ${file('a.json')}: /deployments/0)`,
    // b.json might have granted it: said of the files that could be read.
    `${file('a.json')}: /deployments/4/Brand: no app in the readable fixtures is granted brand 'ZZ'`,
    new RegExp(`^${file('c.json')}: /deployments/0/Status: must be one of 'New'`),
  ],
}
