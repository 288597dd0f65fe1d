import { buildTinyVocabulary } from './tiny-vocabulary.ts';

export type SynthPreset = 'tiny' | 'distilbert-multilingual';

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
