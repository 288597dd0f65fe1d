import type { DistilBertShape, SynthPreset } from './preset-shapes.ts';
import { SENTIMENT_LABELS } from './preset-shapes.ts';

/**
 * config.json with the keys and values of lxyuan/distilbert-base-multilingual-cased-sentiments-student, the
 * shape fields taken from the preset, plus a `sieve_synthetic` marker so nobody mistakes the weights for real ones.
 * The keys beyond those the model card lists (initializer_range, output_past, qa_dropout, tie_weights_) are the
 * DistilBertConfig defaults transformers 4.28 writes; with them the real file's 759-byte size is reproduced.
 */
export function distilBertConfigJson(
  shape: DistilBertShape,
  preset: SynthPreset,
  seed: number,
): Record<string, unknown> {
  const labels = SENTIMENT_LABELS.slice(0, shape.numLabels);
  return {
    _name_or_path: 'distilbert-base-multilingual-cased',
    activation: 'gelu',
    architectures: ['DistilBertForSequenceClassification'],
    attention_dropout: 0.1,
    dim: shape.dim,
    dropout: 0.1,
    hidden_dim: shape.hiddenDim,
    id2label: Object.fromEntries(labels.map((label, id) => [String(id), label])),
    initializer_range: 0.02,
    label2id: Object.fromEntries(labels.map((label, id) => [label, id])),
    max_position_embeddings: shape.maxPositionEmbeddings,
    model_type: 'distilbert',
    n_heads: shape.nHeads,
    n_layers: shape.nLayers,
    output_past: true,
    pad_token_id: 0,
    qa_dropout: 0.1,
    seq_classif_dropout: 0.2,
    sinusoidal_pos_embds: false,
    tie_weights_: true,
    torch_dtype: 'float32',
    transformers_version: '4.28.1',
    vocab_size: shape.vocabSize,
    sieve_synthetic: { preset, seed },
  };
}
