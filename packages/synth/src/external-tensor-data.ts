import { open } from 'node:fs/promises';
import { basename, join } from 'node:path';
import onnxProto from 'onnx-proto';
import type { onnx } from 'onnx-proto';

const { TensorProto } = onnxProto.onnx;

export function isExternalTensor(tensor: onnx.ITensorProto): boolean {
  return tensor.dataLocation === TensorProto.DataLocation.EXTERNAL;
}

/**
 * Reads each external tensor's bytes into raw_data, in place (the caller decoded the model and owns it). A location
 * must be a file beside the model: anything else (a path out of the folder) is refused.
 */
export async function loadExternalTensorData(tensors: onnx.ITensorProto[], dir: string): Promise<void> {
  const handles = new Map<string, Awaited<ReturnType<typeof open>>>();
  try {
    for (const tensor of tensors) {
      const entry = new Map((tensor.externalData ?? []).map(({ key, value }) => [key, value ?? '']));
      const location = entry.get('location');
      if (!location || basename(location) !== location)
        throw new Error(`initializer ${tensor.name} has external location ${location}`);
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
        throw new Error(`initializer ${tensor.name}: ${location} ends before ${offset + length}`);
      tensor.rawData = bytes;
      tensor.dataLocation = TensorProto.DataLocation.DEFAULT;
      tensor.externalData = [];
    }
  } finally {
    await Promise.all([...handles.values()].map((handle) => handle.close()));
  }
}
