import { buildTinyVocabulary } from './tiny-vocabulary.ts';

export type SynthPreset = 'tiny' | 'small' | 'distilbert-multilingual';

/** Presets that use the built-in tiny WordPiece vocabulary, so they need no external tokenizer file. */
export const BUILT_IN_VOCABULARY_PRESETS: readonly SynthPreset[] = ['tiny', 'small'];

/** The hyper-parameters of a DistilBertForSequenceClassification model, named as in its config.json. */
export interface DistilBertShape {
  vocabSize: number;
  dim: number;
  nLayers: number;
  nHeads: number;
  hiddenDim: number;
  maxPositionEmbeddings: number;
  numLabels: number;
}

/** Label order of lxyuan/distilbert-base-multilingual-cased-sentiments-student; ids are array indices. */
export const SENTIMENT_LABELS = ['positive', 'neutral', 'negative'] as const;

export const PRESET_SHAPES: Readonly<Record<SynthPreset, Readonly<DistilBertShape>>> = {
  tiny: {
    vocabSize: buildTinyVocabulary().length,
    dim: 32,
    nLayers: 2,
    nHeads: 4,
    hiddenDim: 64,
    maxPositionEmbeddings: 512,
    numLabels: SENTIMENT_LABELS.length,
  },
  // The tiny vocabulary with a body ~15-30x the tiny model's per-token cost: a model slow enough on CPU that a
  // worker, not the gateway, is the bottleneck in end-to-end load tests, yet generated in about a second.
  small: {
    vocabSize: buildTinyVocabulary().length,
    dim: 256,
    nLayers: 4,
    nHeads: 4,
    hiddenDim: 1024,
    maxPositionEmbeddings: 512,
    numLabels: SENTIMENT_LABELS.length,
  },
  // lxyuan/distilbert-base-multilingual-cased-sentiments-student
  'distilbert-multilingual': {
    vocabSize: 119547,
    dim: 768,
    nLayers: 6,
    nHeads: 12,
    hiddenDim: 3072,
    maxPositionEmbeddings: 512,
    numLabels: SENTIMENT_LABELS.length,
  },
};

export function isSynthPreset(value: string): value is SynthPreset {
  return Object.hasOwn(PRESET_SHAPES, value);
}
