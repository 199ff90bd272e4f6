// Prometheus metrics: requests by endpoint, status and fault, faults by action, their durations, state transitions by
// kind, deployments by status, journal rows and drops, event-stream consumers, and, from the first
// scrape on, the usual process metrics. Counted here in plain numbers; prom-client, which writes
// the text exposition, is loaded at the first scrape, so an emulator never scraped never loads it.
import type { Registry } from 'prom-client'

/** What the metrics read when scraped. */
export interface MetricSources {
  deploymentsByStatus: () => { status: string; count: number }[]
  journalRows: () => number
  journalDropped: () => number
  eventConsumers: () => number
}

/** Prometheus's text format, version 0.0.4 (prom-client's Registry.PROMETHEUS_CONTENT_TYPE). */
const CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8'
const BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5]

type Labels = Record<string, string | number>
/** One line of a metric as prom-client's registry prints it (`sharedLabels` print after `labels`). */
interface Value { labels: Labels; value: number; metricName?: string; sharedLabels?: Labels }
/** A metric as prom-client's registry reads it: what its Counter, Gauge and Histogram give. */
interface Exported { name: string; help: string; type: 'counter' | 'gauge' | 'histogram'; values: () => Value[] }

interface Timings { labels: Labels; buckets: number[]; sum: number; count: number }

/**
 * The process metrics, one registry per process: prom-client's collectors start monitors that are
 * never stopped and would keep each app that registered them alive. Made at the first scrape.
 */
let processRegistry: Promise<Registry> | null = null
function processMetrics(): Promise<Registry> {
  processRegistry ??= import('prom-client').then(({ default: { collectDefaultMetrics, Registry } }) => {
    const registry = new Registry()
    collectDefaultMetrics({ register: registry })
    return registry
  })
  return processRegistry
}

export class Metrics {
  private readonly requests = new Map<string, Value>()
  private readonly durations = new Map<string, Timings>()
  private readonly transitions = new Map<string, Value>()
  private readonly faults = new Map<string, Value>()
  private registry: Promise<Registry> | null = null

  /** Every endpoint of the table shows in the durations from the start, at zero. */
  constructor(endpoints: readonly string[], private readonly sources: MetricSources) {
    for (const endpoint of endpoints) this.timings(endpoint)
  }

  /** `fault`: injected (a fault shaped the answer), skipped (one matched but, by chance, did not fire) or none. */
  answered(endpoint: string | null, status: number, fault: 'injected' | 'skipped' | 'none'): void {
    const labels = { endpoint: endpoint ?? 'none', status, fault }
    count(this.requests, `${labels.endpoint}\n${status}\n${fault}`, labels, 1)
  }

  /** A fault that matched a call: by its action, and whether it fired. */
  faultMatched(action: string, fired: boolean): void {
    const outcome = fired ? 'fired' : 'skipped'
    count(this.faults, `${action}\n${outcome}`, { action, outcome }, 1)
  }

  took(endpoint: string, seconds: number): void {
    const timings = this.timings(endpoint)
    const bucket = BUCKETS.findIndex((bound) => seconds <= bound)
    if (bucket !== -1) timings.buckets[bucket]! += 1
    timings.sum += seconds
    timings.count += 1
  }

  transition(kind: string, by: number): void {
    count(this.transitions, kind, { kind }, by)
  }

  get contentType(): string {
    return CONTENT_TYPE
  }

  /**
   * The text exposition: this app's metrics, then the process's (from the first scrape on, so an
   * unscraped emulator pays nothing for them).
   */
  async text(): Promise<string> {
    this.registry ??= this.exported()
    return `${await (await this.registry).metrics()}\n${await (await processMetrics()).metrics()}`
  }

  private timings(endpoint: string): Timings {
    let timings = this.durations.get(endpoint)
    if (timings === undefined) {
      timings = { labels: { endpoint }, buckets: BUCKETS.map(() => 0), sum: 0, count: 0 }
      this.durations.set(endpoint, timings)
    }
    return timings
  }

  /** This app's registry, in the order and the shapes prom-client's own metrics had. */
  private async exported(): Promise<Registry> {
    // CommonJS: its exports are the default of the import, bundled or not.
    const { Registry } = (await import('prom-client')).default
    const registry = new Registry()
    const { sources } = this
    const metrics: Exported[] = [
      {
        name: 'omeda_requests_total', type: 'counter',
        help: 'Answers on the Omeda surface, by endpoint, status (0: dropped) and whether a fault shaped them',
        values: () => [...this.requests.values()],
      },
      {
        name: 'omeda_request_duration_seconds', type: 'histogram',
        help: 'Time to answer on the Omeda surface, by endpoint',
        values: () => [...this.durations.values()].flatMap(histogramLines('omeda_request_duration_seconds')),
      },
      {
        name: 'omeda_faults_total', type: 'counter',
        help: 'Faults that matched an Omeda call, by action and outcome (fired, or skipped by their probability)',
        values: () => [...this.faults.values()],
      },
      {
        name: 'omeda_state_transitions_total', type: 'counter', help: 'Deployments changed, by kind',
        values: () => [...this.transitions.values()],
      },
      {
        name: 'omeda_deployments', type: 'gauge', help: 'Deployments in every world, by status',
        values: () => sources.deploymentsByStatus().map(({ status, count }) => ({ labels: { status }, value: count })),
      },
      {
        name: 'omeda_journal_rows', type: 'gauge', help: 'Submissions in the journal',
        values: () => [{ labels: {}, value: sources.journalRows() }],
      },
      {
        name: 'omeda_journal_dropped_total', type: 'counter',
        help: 'Journal rows dropped: trimmed by the journal limit, or lost in a failed write',
        // Rows dropped only grow: the counter is their number.
        values: () => [{ labels: {}, value: sources.journalDropped() }],
      },
      {
        name: 'omeda_event_consumers', type: 'gauge', help: 'Open event-stream connections',
        values: () => [{ labels: {}, value: sources.eventConsumers() }],
      },
    ]
    for (const { name, help, type, values } of metrics) {
      registry.registerMetric({ name, help, type, get: async () => ({ name, help, type, values: values() }) } as never)
    }
    return registry
  }
}

function count(counts: Map<string, Value>, key: string, labels: Labels, by: number): void {
  const counted = counts.get(key)
  if (counted) counted.value += by
  else counts.set(key, { labels, value: by })
}

/** A histogram's lines as prom-client gives them: cumulative buckets, +Inf, sum and count. */
function histogramLines(name: string) {
  return ({ labels, buckets, sum, count: total }: Timings): Value[] => {
    let below = 0
    return [
      ...BUCKETS.map((le, i) => {
        below += buckets[i]!
        return { labels: { le }, value: below, metricName: `${name}_bucket`, sharedLabels: labels }
      }),
      { labels: { le: '+Inf' }, value: total, metricName: `${name}_bucket`, sharedLabels: labels },
      { labels: {}, value: sum, metricName: `${name}_sum`, sharedLabels: labels },
      { labels: {}, value: total, metricName: `${name}_count`, sharedLabels: labels },
    ]
  }
}
