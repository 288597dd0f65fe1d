import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, gatewayConfigSchema, loadEnvConfig, workerConfigSchema } from '../src/index.ts';

describe('configuration from the environment', () => {
  it('fills defaults: loopback gateway, local Redis, a {hash-tag} prefix', () => {
    const config = loadEnvConfig(gatewayConfigSchema, {});
    assert.equal(config.SIEVE_GRPC_ADDRESS, '127.0.0.1:50051');
    assert.equal(config.REDIS_URL, 'redis://127.0.0.1:6379');
    assert.equal(config.SIEVE_QUEUE_PREFIX, '{sieve}');
    assert.equal(config.SIEVE_MAX_TEXTS_PER_CALL, 256);
  });

  it('coerces numbers and names every bad variable in one error', () => {
    assert.equal(
      loadEnvConfig(gatewayConfigSchema, { SIEVE_MAX_TEXTS_PER_CALL: '12' }).SIEVE_MAX_TEXTS_PER_CALL,
      12,
    );
    assert.throws(
      () =>
        loadEnvConfig(gatewayConfigSchema, {
          SIEVE_MAX_TEXTS_PER_CALL: 'lots',
          REDIS_URL: 'http://x',
          SIEVE_QUEUE_PREFIX: 'sieve',
        }),
      (error: unknown) =>
        error instanceof ConfigError &&
        /SIEVE_MAX_TEXTS_PER_CALL/.test(error.message) &&
        /REDIS_URL: must be a redis:\/\/ or rediss:\/\/ URL/.test(error.message) &&
        /SIEVE_QUEUE_PREFIX: must contain a \{hash-tag\}/.test(error.message),
    );
  });

  it('requires the worker model directory and says what it is', () => {
    assert.throws(
      () => loadEnvConfig(workerConfigSchema, {}),
      /SIEVE_MODEL_DIR: set SIEVE_MODEL_DIR \(one model\) or SIEVE_MODELS_FILE/,
    );
    assert.throws(
      () => loadEnvConfig(workerConfigSchema, { SIEVE_MODEL_DIR: '/m', SIEVE_EXECUTION_PROVIDERS: 'tpu' }),
      /SIEVE_EXECUTION_PROVIDERS: a comma-separated list of webgpu, cuda, cpu/,
    );
    const config = loadEnvConfig(workerConfigSchema, {
      SIEVE_MODEL_DIR: '/m',
      SIEVE_EXECUTION_PROVIDERS: 'cuda,cpu',
    });
    assert.equal(config.SIEVE_BATCH_ORDERING, 'length');
    assert.equal(config.SIEVE_EXPRESS_SESSION, 'true');
    for (const providers of ['webgpu', 'webgpu,cpu'])
      assert.equal(
        loadEnvConfig(workerConfigSchema, { SIEVE_MODEL_DIR: '/m', SIEVE_EXECUTION_PROVIDERS: providers })
          .SIEVE_EXECUTION_PROVIDERS,
        providers,
      );
  });

  it('takes the express session as on demand, preloaded or off, and names what else it would take', () => {
    const express = (value: string) =>
      loadEnvConfig(workerConfigSchema, { SIEVE_MODEL_DIR: '/m', SIEVE_EXPRESS_SESSION: value })
        .SIEVE_EXPRESS_SESSION;
    assert.equal(express('preload'), 'preload');
    assert.equal(express('false'), 'false');
    assert.throws(() => express('eager'), /SIEVE_EXPRESS_SESSION: .*"true"\|"preload"\|"false"/);
  });

  it('takes the number of inference sessions as a whole number from 1 or auto (the default)', () => {
    const sessions = (value?: string) =>
      loadEnvConfig(workerConfigSchema, {
        SIEVE_MODEL_DIR: '/m',
        ...(value === undefined ? {} : { SIEVE_SESSIONS: value }),
      }).SIEVE_SESSIONS;
    assert.equal(sessions(), 'auto');
    assert.equal(sessions('auto'), 'auto');
    assert.equal(sessions('2'), 2);
    assert.throws(() => sessions('0'), /SIEVE_SESSIONS/);
    assert.throws(() => sessions('two'), /SIEVE_SESSIONS: must be auto or a whole number from 1 to 64/);
  });

  it('takes TLS files as a certificate and key pair, and a client CA only with them', () => {
    assert.throws(
      () => loadEnvConfig(gatewayConfigSchema, { SIEVE_TLS_CERT_FILE: '/tls/tls.crt' }),
      /SIEVE_TLS_KEY_FILE: set SIEVE_TLS_CERT_FILE and SIEVE_TLS_KEY_FILE together/,
    );
    assert.throws(
      () => loadEnvConfig(gatewayConfigSchema, { SIEVE_TLS_CLIENT_CA_FILE: '/tls/ca.crt' }),
      /SIEVE_TLS_CLIENT_CA_FILE: client certificates \(mTLS\) need TLS/,
    );
    const config = loadEnvConfig(gatewayConfigSchema, {
      SIEVE_TLS_CERT_FILE: '/tls/tls.crt',
      SIEVE_TLS_KEY_FILE: '/tls/tls.key',
      SIEVE_TLS_CLIENT_CA_FILE: '/tls/ca.crt',
    });
    assert.equal(config.SIEVE_TLS_CLIENT_CA_FILE, '/tls/ca.crt');
    assert.equal(config.SIEVE_MAX_CONCURRENT_STREAMS, 256);
  });

  it('serves the console only when asked, and only with the admin token and the HTTP listener', () => {
    assert.equal(loadEnvConfig(gatewayConfigSchema, {}).SIEVE_CONSOLE_ENABLED, 'false');
    const token = 'a'.repeat(32);
    assert.throws(
      () =>
        loadEnvConfig(gatewayConfigSchema, {
          SIEVE_CONSOLE_ENABLED: 'true',
          SIEVE_HTTP_ADDRESS: '127.0.0.1:8080',
        }),
      /SIEVE_CONSOLE_ENABLED: the console signs in with the admin token: set SIEVE_ADMIN_TOKEN too/,
    );
    assert.throws(
      () => loadEnvConfig(gatewayConfigSchema, { SIEVE_CONSOLE_ENABLED: 'true', SIEVE_ADMIN_TOKEN: token }),
      /SIEVE_CONSOLE_ENABLED: the console is served on an HTTP listener: set SIEVE_ADMIN_HTTP_ADDRESS \(its own port, recommended\) or SIEVE_HTTP_ADDRESS too/,
    );
    assert.throws(
      () => loadEnvConfig(gatewayConfigSchema, { SIEVE_CONSOLE_ENABLED: 'yes' }),
      /SIEVE_CONSOLE_ENABLED/,
    );
    const config = loadEnvConfig(gatewayConfigSchema, {
      SIEVE_CONSOLE_ENABLED: 'true',
      SIEVE_ADMIN_TOKEN: token,
      SIEVE_HTTP_ADDRESS: '127.0.0.1:8080',
    });
    assert.equal(config.SIEVE_CONSOLE_ENABLED, 'true');
    const onAdminPort = loadEnvConfig(gatewayConfigSchema, {
      SIEVE_CONSOLE_ENABLED: 'true',
      SIEVE_ADMIN_TOKEN: token,
      SIEVE_ADMIN_HTTP_ADDRESS: '127.0.0.1:8081',
    });
    assert.equal(onAdminPort.SIEVE_CONSOLE_ENABLED, 'true');
    assert.equal(onAdminPort.SIEVE_HTTP_ADDRESS, undefined);
  });

  it('opens the admin HTTP listener only with the admin token, on a host:port of its own', () => {
    const token = 'a'.repeat(32);
    assert.equal(loadEnvConfig(gatewayConfigSchema, {}).SIEVE_ADMIN_HTTP_ADDRESS, undefined);
    const config = loadEnvConfig(gatewayConfigSchema, {
      SIEVE_ADMIN_TOKEN: token,
      SIEVE_HTTP_ADDRESS: '0.0.0.0:8080',
      SIEVE_ADMIN_HTTP_ADDRESS: '0.0.0.0:8081',
    });
    assert.equal(config.SIEVE_ADMIN_HTTP_ADDRESS, '0.0.0.0:8081');
    assert.throws(
      () => loadEnvConfig(gatewayConfigSchema, { SIEVE_ADMIN_HTTP_ADDRESS: '127.0.0.1:8081' }),
      /SIEVE_ADMIN_HTTP_ADDRESS: the admin HTTP listener serves the Admin API, which needs the admin token: set SIEVE_ADMIN_TOKEN too/,
    );
    assert.throws(
      () =>
        loadEnvConfig(gatewayConfigSchema, { SIEVE_ADMIN_TOKEN: token, SIEVE_ADMIN_HTTP_ADDRESS: '8081' }),
      /SIEVE_ADMIN_HTTP_ADDRESS: must be host:port/,
    );
    assert.throws(
      () =>
        loadEnvConfig(gatewayConfigSchema, {
          SIEVE_ADMIN_TOKEN: token,
          SIEVE_HTTP_ADDRESS: '127.0.0.1:8080',
          SIEVE_ADMIN_HTTP_ADDRESS: '127.0.0.1:8080',
        }),
      /SIEVE_ADMIN_HTTP_ADDRESS: must differ from SIEVE_HTTP_ADDRESS/,
    );
  });
});
