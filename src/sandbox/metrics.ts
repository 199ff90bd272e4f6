// Prometheus metrics (prom-client), on a registry of this app's own: requests by endpoint, status
// and fault, their durations, state transitions by kind, deployments by status, journal rows and
// drops, event-stream consumers, and, from the first scrape on, the usual process metrics.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client'

/** What the metrics read when scraped. */
export interface MetricSources {
  deploymentsByStatus: () => { status: string; count: number }[]
  journalRows: () => number
  journalDropped: () => number
  eventConsumers: () => number
}

/**
 * The process metrics, one registry per process: prom-client's collectors start monitors that are
 * never stopped and would keep each app that registered them alive. Made at the first scrape.
 */
let processRegistry: Registry | null = null
function processMetrics(): Registry {
  if (processRegistry === null) {
    processRegistry = new Registry()
    collectDefaultMetrics({ register: processRegistry })
  }
  return processRegistry
}

export class Metrics {
  private readonly registry = new Registry()
  private readonly requests: Counter<'endpoint' | 'status' | 'fault'>
  private readonly durations: Histogram<'endpoint'>
  private readonly transitions: Counter<'kind'>
  // Read only when scraped (their collect); held here like the others.
  private readonly deployments: Gauge<'status'>
  private readonly journalRows: Gauge
  private readonly journalDropped: Counter
  private readonly eventConsumers: Gauge

  /** Every endpoint of the table shows in the durations from the start, at zero. */
  constructor(endpoints: readonly string[], sources: MetricSources) {
    const registers = [this.registry]
    this.requests = new Counter({
      name: 'omeda_requests_total',
      help: 'Answers on the Omeda surface, by endpoint, status (0: dropped) and whether a fault shaped them',
      labelNames: ['endpoint', 'status', 'fault'], registers,
    })
    this.durations = new Histogram({
      name: 'omeda_request_duration_seconds', help: 'Time to answer on the Omeda surface, by endpoint',
      labelNames: ['endpoint'], buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5], registers,
    })
    for (const endpoint of endpoints) this.durations.zero({ endpoint })
    this.transitions = new Counter({
      name: 'omeda_state_transitions_total',
      help: 'Deployments changed, by kind',
      labelNames: ['kind'],
      registers
    })
    this.deployments = new Gauge({
      name: 'omeda_deployments', help: 'Deployments in every world, by status', labelNames: ['status'], registers,
      collect() {
        this.reset()
        for (const { status, count } of sources.deploymentsByStatus()) this.set({ status }, count)
      },
    })
    this.journalRows = new Gauge({
      name: 'omeda_journal_rows', help: 'Submissions in the journal', registers,
      collect() { this.set(sources.journalRows()) },
    })
    let droppedSoFar = 0
    this.journalDropped = new Counter({
      name: 'omeda_journal_dropped_total',
      help: 'Journal rows dropped: trimmed by the journal limit, or lost in a failed write', registers,
      collect() {
        const dropped = sources.journalDropped()
        this.inc(dropped - droppedSoFar)
        droppedSoFar = dropped
      },
    })
    this.eventConsumers = new Gauge({
      name: 'omeda_event_consumers', help: 'Open event-stream connections', registers,
      collect() { this.set(sources.eventConsumers()) },
    })
  }

  answered(endpoint: string | null, status: number, faulted: boolean): void {
    this.requests.inc({ endpoint: endpoint ?? 'none', status, fault: faulted ? 'injected' : 'none' })
  }

  took(endpoint: string, seconds: number): void {
    this.durations.observe({ endpoint }, seconds)
  }

  transition(kind: string, count: number): void {
    this.transitions.inc({ kind }, count)
  }

  get contentType(): string {
    return this.registry.contentType
  }

  /**
   * The text exposition: this app's metrics, then the process's (from the first scrape on, so an
   * unscraped emulator pays nothing for them).
   */
  async text(): Promise<string> {
    return `${await this.registry.metrics()}\n${await processMetrics().metrics()}`
  }
}
