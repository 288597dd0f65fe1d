import protobuf from 'protobufjs';
import type { Json } from './proto-json.ts';
import type { ProtoJson } from './proto-json.ts';
import type { TeiPath } from './http-surface.ts';
import type { RpcRoute } from './route-table.ts';
import { TEI_SCHEMAS } from './tei-compat.ts';

const INT64 = new Set(['int64', 'uint64', 'sint64', 'fixed64', 'sfixed64']);
const INT32 = new Set(['int32', 'uint32', 'sint32', 'fixed32', 'sfixed32']);
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const schemaName = (fullName: string) => fullName.replace(/^\./, '');

/** The JSON Schema of one proto3 JSON field (its message types collected into `schemas`). */
function fieldSchema(field: protobuf.Field, schemas: Record<string, Json>): Json {
  const resolved = field.resolvedType;
  let schema: Json;
  if (resolved instanceof protobuf.Enum) schema = { type: 'string', enum: Object.keys(resolved.values) };
  else if (resolved instanceof protobuf.Type) {
    switch (resolved.fullName) {
      case '.google.protobuf.Duration':
        schema = { type: 'string', pattern: '^-?\\d+(\\.\\d{1,9})?s$', examples: ['1.5s'] };
        break;
      case '.google.protobuf.Timestamp':
        schema = { type: 'string', format: 'date-time' };
        break;
      case '.google.protobuf.FieldMask':
        schema = { type: 'string' };
        break;
      case '.google.protobuf.Any':
        schema = { type: 'object', properties: { '@type': { type: 'string' } }, additionalProperties: true };
        break;
      default:
        collectType(resolved, schemas);
        schema = ref(schemaName(resolved.fullName));
    }
  } else if (INT64.has(field.type)) schema = { type: 'string', format: field.type, pattern: '^-?\\d+$' };
  else if (INT32.has(field.type)) schema = { type: 'integer', format: field.type };
  else if (field.type === 'double' || field.type === 'float') schema = { type: 'number', format: field.type };
  else if (field.type === 'bool') schema = { type: 'boolean' };
  else if (field.type === 'bytes') schema = { type: 'string', contentEncoding: 'base64' };
  else schema = { type: 'string' };
  if (field.repeated) return { type: 'array', items: schema };
  if (field.map) return { type: 'object', additionalProperties: schema };
  return schema;
}

function collectType(type: protobuf.Type, schemas: Record<string, Json>): void {
  const name = schemaName(type.fullName);
  if (name in schemas) return;
  schemas[name] = {};
  const properties: Record<string, Json> = {};
  for (const field of type.fieldsArray) properties[field.name] = fieldSchema(field, schemas);
  const description = type.comment;
  schemas[name] = {
    type: 'object',
    ...(description ? { description } : {}),
    properties,
    additionalProperties: false,
  };
}

const errorResponse = {
  description: 'The gRPC status as JSON: google.rpc.Status with its details (see docs/http.md).',
  content: { 'application/json': { schema: ref('Error') } },
};

/**
 * The OpenAPI 3.1 document of the HTTP surface, made from the route table and the loaded protos (so it cannot
 * disagree with what is served), plus those of TEI's routes the listener serves and the error body.
 */
export function openApiDocument(
  routes: readonly RpcRoute[],
  json: ProtoJson,
  version: string,
  teiPaths: ReadonlySet<TeiPath> = new Set(['/predict', '/info', '/health']),
): Json {
  const schemas: Record<string, Json> = {
    Error: {
      type: 'object',
      required: ['error'],
      properties: {
        error: {
          type: 'object',
          required: ['code', 'status', 'message'],
          properties: {
            code: { type: 'integer', description: 'the HTTP status' },
            status: { type: 'string', description: 'the gRPC code name, e.g. RESOURCE_EXHAUSTED' },
            message: { type: 'string' },
            details: {
              type: 'array',
              items: {
                type: 'object',
                properties: { '@type': { type: 'string' } },
                additionalProperties: true,
              },
            },
          },
        },
      },
    },
    ...TEI_SCHEMAS,
  };
  const paths: Record<string, Record<string, Json>> = {};
  for (const route of routes) {
    const request = json.type(route.request);
    const response = json.type(route.response);
    const variables = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
    const parameters: Json[] = variables.map((name) => ({
      name,
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    let requestBody: Json | undefined;
    let answer: Json;
    if (route.shape.kind === 'upload') {
      const first = request.fields[route.shape.first]!.resolvedType as protobuf.Type;
      const item = json.type(route.shape.item);
      collectType(first, schemas);
      collectType(item, schemas);
      requestBody = {
        required: true,
        description: `JSON lines: a ${first.name} object, then one ${item.name} object per line.`,
        content: { 'application/jsonl': { schema: ref(schemaName(item.fullName)) } },
      };
    } else if (route.method === 'POST') {
      collectType(request, schemas);
      requestBody = {
        required: true,
        content: { 'application/json': { schema: ref(schemaName(request.fullName)) } },
      };
    } else {
      for (const field of request.fieldsArray) {
        if (variables.includes(field.name)) continue;
        parameters.push({
          name: field.name,
          in: 'query',
          required: false,
          schema: fieldSchema(field, schemas),
        });
      }
    }
    if (route.shape.kind === 'lines') {
      const item = json.type(route.shape.item);
      collectType(item, schemas);
      answer = {
        description: `JSON lines, one ${item.name} per line; a failure after the first line ends with an Error line.`,
        content: { 'application/jsonl': { schema: ref(schemaName(item.fullName)) } },
      };
    } else {
      collectType(response, schemas);
      answer = {
        description: 'OK',
        content: { 'application/json': { schema: ref(schemaName(response.fullName)) } },
      };
    }
    const path = route.path;
    paths[path] ??= {};
    paths[path][route.method.toLowerCase()] = {
      operationId: route.rpc
        .slice(1)
        .replace(/^sieve\.v1\./, '')
        .replace('/', '.'),
      summary: route.summary,
      security:
        route.audience === 'public' ? [] : [{ [route.audience === 'admin' ? 'adminBearer' : 'bearer']: [] }],
      parameters,
      ...(requestBody ? { requestBody } : {}),
      responses: { '200': answer, default: errorResponse },
    };
  }
  const teiError = {
    description: 'TEI error: {"error", "error_type"}',
    content: { 'application/json': { schema: ref('TeiError') } },
  };
  if (teiPaths.has('/predict'))
    paths['/predict'] = {
      post: {
        operationId: 'tei.predict',
        summary: "TEI's /predict with the gateway's TEI model (SIEVE_TEI_MODEL)",
        security: [{ bearer: [] }],
        requestBody: {
          required: true,
          content: { 'application/json': { schema: ref('TeiPredictRequest') } },
        },
        responses: {
          '200': {
            description: 'OK',
            content: { 'application/json': { schema: ref('TeiPredictResponse') } },
          },
          default: teiError,
        },
      },
    };
  if (teiPaths.has('/info'))
    paths['/info'] = {
      get: {
        operationId: 'tei.info',
        summary: "TEI's /info for the model /predict serves",
        security: [],
        responses: {
          '200': { description: 'OK', content: { 'application/json': { schema: ref('TeiInfo') } } },
          default: teiError,
        },
      },
    };
  if (teiPaths.has('/health'))
    paths['/health'] = {
      get: {
        operationId: 'tei.health',
        summary: "TEI's /health: 200 while a worker serves the TEI model, 503 otherwise",
        security: [],
        responses: { '200': { description: 'healthy' }, '503': teiError },
      },
    };
  paths['/openapi.json'] = {
    get: {
      operationId: 'openapi',
      summary: 'This document',
      security: [],
      responses: { '200': { description: 'OK', content: { 'application/json': {} } } },
    },
  };
  return {
    openapi: '3.1.0',
    info: {
      title: 'sieve HTTP/JSON API',
      version,
      description:
        'The sieve.v1 gRPC methods over HTTP/JSON (proto3 JSON mapping) and Hugging Face TEI-compatible routes.',
    },
    paths,
    components: {
      schemas,
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description: "A tenant API key (as gRPC's authorization).",
        },
        adminBearer: {
          type: 'http',
          scheme: 'bearer',
          description:
            "The admin token (SIEVE_ADMIN_TOKEN), as the gRPC Admin service's; never a tenant key.",
        },
      },
    },
  };
}
