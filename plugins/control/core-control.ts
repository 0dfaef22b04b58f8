/**
 * The logger's control surface the core sets on every pipeline (`pipeline.control`): the admin
 * endpoints call it. A pipeline built without a logger (a unit test's) has none: 501.
 */
import type { Pipeline, PipelineControl } from '../../core/pipeline.js'
import { ControlErrors, HttpError } from './errors.js'

export type CoreControl = PipelineControl

export function coreControl(pipeline: Pipeline): CoreControl {
  const control = pipeline.control as PipelineControl | undefined
  if (!control) throw new HttpError(ControlErrors.UNAVAILABLE('this pipeline has no logger behind it (pipeline.control is not set)'), {}, 501)
  return control
}
