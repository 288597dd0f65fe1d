import { readFileSync, writeFileSync } from 'node:fs';
import { renderHtmlReport } from '@sieve/eval';
const [input, output] = process.argv.slice(2);
writeFileSync(output!, renderHtmlReport(JSON.parse(readFileSync(input!, 'utf8'))));
