import { Flags } from '@oclif/core'
import { BaseCommand } from '../lib/base.js'
import { DaemonClient } from '../lib/client.js'
import { urlFlag } from '../lib/flags.js'
import { colors } from '../../lib/human/index.js'
import { LwError } from '../../core/errors.js'
import type { MetricFamily } from '../../core/metrics/index.js'
import { CliError } from '../lib/errors.js'
import { renderMetrics } from '../lib/metrics-view.js'

export default class Metrics extends BaseCommand {
  static override summary = "The daemon's current metrics: logwarden's own, the process's and the application's."
  static override description =
    'Reads GET /metrics from the daemon (its config needs the metrics plugin). One row per series; histograms show their count and sum. --json prints the metric families.'

  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    { description: 'only some metrics', command: '<%= config.bin %> <%= command.id %> --match logwarden_sink' },
    { description: 'as JSON', command: '<%= config.bin %> <%= command.id %> --json | jq \'.families[] | select(.name == "logwarden_records_total")\'' },
  ]

  static override enableJsonFlag = true
  static override flags = {
    url: urlFlag,
    match: Flags.string({ char: 'm', description: 'only metrics whose name contains this text', helpValue: '<text>' }),
  }

  async run(): Promise<{ families: MetricFamily[] }> {
    const { flags } = await this.parse(Metrics)
    let body: { families: MetricFamily[] }
    try {
      body = await DaemonClient.for(flags.url, 'read').get<{ families: MetricFamily[] }>('/metrics', new URLSearchParams({ format: 'json' }))
    } catch (err) {
      if (err instanceof LwError && err.kind === 'not-found')
        throw new CliError(err.code, `${err.message}: the daemon does not run the metrics plugin; add "metrics" to its config's plugins`, err.kind)
      throw err
    }
    const families = flags.match ? body.families.filter((f) => f.name.includes(flags.match!)) : body.families
    this.log(renderMetrics(families, colors()))
    return { families }
  }
}
