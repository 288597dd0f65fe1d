import { Command } from 'commander';
import { ApiKeyFormat, ApiKeyHasher } from '@sieve/tenancy';

export function keysCommand(): Command {
  const keys = new Command('keys').description('API keys for the tenants file');
  keys
    .command('new')
    .description(
      'generate an API key and the hash to put in the tenants file (the key itself is never stored)',
    )
    .option('--json', 'print {"key","hash","id"} as JSON', false)
    .action((options: { json: boolean }) => {
      const { keyId, key } = ApiKeyFormat.generate();
      const hash = ApiKeyHasher.hash(key);
      if (options.json) {
        console.log(JSON.stringify({ key, hash, id: keyId }));
        return;
      }
      console.log(`key  (give it to the tenant; shown once): ${key}`);
      console.log(`file entry:  api_keys: [{ id: ${keyId}, hash: "${hash}" }]`);
    });
  keys
    .command('hash')
    .description(
      'the tenants-file hash of an existing key (read from stdin, so it stays out of shell history)',
    )
    .action(async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      console.log(ApiKeyHasher.hash(Buffer.concat(chunks).toString('utf8').trim()));
    });
  return keys;
}
