import { open, readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import onnxProto from 'onnx-proto';
import type { onnx } from 'onnx-proto';
import { convertModelToFloat16, Float16ConversionError } from './float16-model-conversion.ts';
import { writeOnnxModelProto } from './onnx-model-writer.ts';

const { ModelProto, TensorProto } = onnxProto.onnx;

/**
 * Writes the float16 version of the float32 graph at `sourcePath` to `destinationPath` (see convertModelToFloat16),
 * external data included: a source with `.onnx_data` gives a destination with its own. Returns the paths written.
 * The same source always gives the same bytes, so a converted file can be pinned in a manifest like a fetched one.
 */
export async function writeFloat16Model(sourcePath: string, destinationPath: string): Promise<string[]> {
  const model = ModelProto.decode(await readFile(sourcePath));
  const external = (model.graph?.initializer ?? []).filter(isExternal);
  if (external.length > 0) await loadExternalData(external, dirname(sourcePath));
  return writeOnnxModelProto(convertModelToFloat16(model), destinationPath, external.length > 0);
}

function isExternal(tensor: onnx.ITensorProto): boolean {
  return tensor.dataLocation === TensorProto.DataLocation.EXTERNAL;
}

/** Reads each external tensor's bytes into raw_data (in place: the model was decoded here and is ours). */
async function loadExternalData(tensors: onnx.ITensorProto[], dir: string): Promise<void> {
  const handles = new Map<string, Awaited<ReturnType<typeof open>>>();
  try {
    for (const tensor of tensors) {
      const entry = new Map((tensor.externalData ?? []).map(({ key, value }) => [key, value ?? '']));
      const location = entry.get('location');
      // A location is a file beside the model: anything else (a path out of the folder) is refused.
      if (!location || basename(location) !== location)
        throw new Float16ConversionError(`initializer ${tensor.name} has external location ${location}`);
      let handle = handles.get(location);
      if (!handle) {
        handle = await open(join(dir, location), 'r');
        handles.set(location, handle);
      }
      const offset = Number(entry.get('offset') ?? 0);
      const length = entry.has('length') ? Number(entry.get('length')) : (await handle.stat()).size - offset;
      const bytes = new Uint8Array(length);
      const { bytesRead } = await handle.read(bytes, 0, length, offset);
      if (bytesRead !== length)
        throw new Float16ConversionError(
          `initializer ${tensor.name}: ${location} ends before ${offset + length}`,
        );
      tensor.rawData = bytes;
      tensor.dataLocation = TensorProto.DataLocation.DEFAULT;
      tensor.externalData = [];
    }
  } finally {
    await Promise.all([...handles.values()].map((handle) => handle.close()));
  }
}
