export const DEFAULT_HUB_ENDPOINT = 'https://huggingface.co';
export const DEFAULT_MODELS_DIR = 'models';
/** Long enough for a slow proxy's first byte, short enough that an offline machine says so promptly. */
export const DEFAULT_HUB_TIMEOUT_MS = 15_000;

export interface HubSettings {
  endpoint: string;
  token: string | undefined;
  modelsDir: string;
}

/** The same variables the Hugging Face tools read, so a mirror or token set up for them works here too. */
export function hubSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): HubSettings {
  return {
    endpoint: normalizeEndpoint(env.HF_ENDPOINT || DEFAULT_HUB_ENDPOINT),
    token: env.HF_TOKEN || undefined,
    modelsDir: env.SIEVE_MODELS_DIR || DEFAULT_MODELS_DIR,
  };
}

export function normalizeEndpoint(endpoint: string): string {
  return endpoint.replace(/\/+$/, '');
}
