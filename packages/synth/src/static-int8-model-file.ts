import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import onnxProto from 'onnx-proto';
import { calibrateActivationRanges } from './activation-range-calibration.ts';
import { isExternalTensor, loadExternalTensorData } from './external-tensor-data.ts';
import { writeOnnxModelProto } from './onnx-model-writer.ts';
import { quantizeModelStatic, staticQuantizationTargets } from './static-int8-quantization.ts';

const { ModelProto } = onnxProto.onnx;

/** Where a model directory keeps its statically quantised graph, beside the hub's dynamic `model_quantized.onnx`. */
export const STATIC_INT8_MODEL_PATH = 'onnx/model_int8_static.onnx';

export interface StaticInt8Written {
  /** Paths written (the graph, inline: int8 weights are a quarter of float32's). */
  files: string[];
  /** Activations given fixed scales. */
  activations: number;
}

/**
 * Writes the statically quantised version of the float32 graph at `sourcePath` to `destinationPath`: activation
 * ranges calibrated by running the float32 graph on `sequences` (token ids of the calibration corpus), then
 * quantizeModelStatic. The same source and sequences always give the same bytes.
 */
export async function writeStaticInt8Model(
  sourcePath: string,
  destinationPath: string,
  sequences: Iterable<ArrayLike<number>>,
): Promise<StaticInt8Written> {
  const model = ModelProto.decode(await readFile(sourcePath));
  const external = (model.graph?.initializer ?? []).filter(isExternalTensor);
  if (external.length > 0) await loadExternalTensorData(external, dirname(sourcePath));
  const targets = staticQuantizationTargets(model);
  const ranges = await calibrateActivationRanges(model, targets, sequences);
  const files = await writeOnnxModelProto(quantizeModelStatic(model, ranges), destinationPath, false);
  return { files, activations: targets.length };
}
