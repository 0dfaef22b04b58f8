/** .ci/install-alertmanager.sh follows the install contract and is one of the scripts `npm test` runs first. */
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { installScripts } from '../../test/setup/system-packages.js'
import { findAlertmanager } from './testing/alertmanager.js'

const CI = path.resolve(import.meta.dirname, '../../.ci')

describe('.ci/install-alertmanager.sh', () => {
  it('is picked up by the globalSetup and reports Alertmanager present, as the test support finds it', () => {
    expect(installScripts(CI).map((f) => path.basename(f))).toContain('install-alertmanager.sh')
    const check = spawnSync('bash', [path.join(CI, 'install-alertmanager.sh'), '--check'], { encoding: 'utf8' })
    expect({ status: check.status, out: check.stdout + check.stderr }).toEqual({ status: 0, out: '' })
    // installing when nothing is missing is silent and succeeds without root
    const again = spawnSync('bash', [path.join(CI, 'install-alertmanager.sh')], { encoding: 'utf8' })
    expect({ status: again.status, out: again.stdout + again.stderr }).toEqual({ status: 0, out: '' })
    const version = spawnSync(findAlertmanager(), ['--version'], { encoding: 'utf8' })
    expect(`${version.stdout}${version.stderr}`).toMatch(/alertmanager, version \d+\.\d+/)
  })
})
