import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import onnxProto from 'onnx-proto';
import { convertModelToFloat16, Float16ConversionError } from './float16-model-conversion.ts';
import { isExternalTensor, loadExternalTensorData } from './external-tensor-data.ts';
import { writeOnnxModelProto } from './onnx-model-writer.ts';

const { ModelProto } = onnxProto.onnx;

/**
 * Writes the float16 version of the float32 graph at `sourcePath` to `destinationPath` (see convertModelToFloat16),
 * external data included: a source with `.onnx_data` gives a destination with its own. Returns the paths written.
 * The same source always gives the same bytes, so a converted file can be pinned in a manifest like a fetched one.
 */
export async function writeFloat16Model(sourcePath: string, destinationPath: string): Promise<string[]> {
  const model = ModelProto.decode(await readFile(sourcePath));
  const external = (model.graph?.initializer ?? []).filter(isExternalTensor);
  if (external.length > 0)
    await loadExternalTensorData(external, dirname(sourcePath)).catch((error: unknown) => {
      throw new Float16ConversionError(error instanceof Error ? error.message : String(error));
    });
  return writeOnnxModelProto(convertModelToFloat16(model), destinationPath, external.length > 0);
}
