// The deployment, checked offline (no cluster, no Docker engine): the Helm chart linted and rendered with every
// values file under deploy/helm/ci-values/, each rendered object validated against the Kubernetes API schemas of
// kubernetes-models and against the services' own configuration schemas; the values files through yamllint; the
// Dockerfile against the rules hadolint applies (hadolint has no Debian package) and its scripts through
// shellcheck; and the apps the images ship, built by the same script the Dockerfile runs, pulling a model and
// answering a call.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { gatewayConfigSchema, loadEnvConfig, WORKER_PROCESS_ENV, workerConfigSchema } from '@sieve/config';
import { FakeHub, RedisServerFixture, freePort, tinyModelDir, type FakeRepoFile } from '@sieve/testing';
import { ciTools, helm, helmBinary, helmDir, helmMissing, requireTool } from './helm-tool.ts';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const chartDir = join(helmDir, 'sieve');
const ciValuesDir = join(helmDir, 'ci-values');
const dockerDir = join(repoRoot, 'deploy/docker');
const valuesFiles = readdirSync(ciValuesDir)
  .filter((name) => name.endsWith('.yaml'))
  .sort();

const onPath = (command: string) => spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;

// ---------------------------------------------------------------------------------------------------------------
// Rendered manifests.

interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  spec?: Record<string, unknown>;
  [field: string]: unknown;
}
interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: unknown;
}
interface Probe {
  grpc?: { port: number; service?: string };
  httpGet?: { path: string; port: number | string };
  tcpSocket?: { port: number | string };
}
interface Container {
  name: string;
  image: string;
  command?: string[];
  env?: EnvVar[];
  ports?: Array<{ name: string; containerPort: number }>;
  resources?: { limits?: Record<string, unknown>; requests?: Record<string, unknown> };
  securityContext?: {
    runAsNonRoot?: boolean;
    readOnlyRootFilesystem?: boolean;
    allowPrivilegeEscalation?: boolean;
  };
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  startupProbe?: Probe;
  lifecycle?: { preStop?: { exec?: { command: string[] } } };
  volumeMounts?: Array<{ name: string; mountPath: string; subPath?: string; readOnly?: boolean }>;
}
interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
  securityContext?: { runAsNonRoot?: boolean; runAsUser?: number };
  terminationGracePeriodSeconds?: number;
  tolerations?: Array<{ key?: string; operator?: string; effect?: string }>;
  nodeSelector?: Record<string, string>;
  volumes?: Array<{ name: string; configMap?: { name: string } }>;
}
interface Workload extends Manifest {
  spec: { replicas?: number; template: { spec: PodSpec } };
}

function render(valuesFile: string): Manifest[] {
  const args = ['template', 'ci', 'sieve', '--namespace', 'sieve', '-f', join(ciValuesDir, valuesFile)];
  const run = helm(args);
  assert.equal(run.status, 0, `helm ${args.join(' ')}:\n${run.output}`);
  return parseAllDocuments(run.output)
    .map((document) => {
      assert.deepEqual(document.errors, [], `${valuesFile}: rendered YAML does not parse`);
      return document.toJS() as Manifest | null;
    })
    .filter((manifest): manifest is Manifest => manifest !== null);
}

/** `helm template` of production.yaml with `--set path=value` for each override; its status and output, unparsed. */
function renderProduction(overrides: Record<string, string>): { status: number | null; output: string } {
  const sets = Object.entries(overrides).flatMap(([path, value]) => ['--set', `${path}=${value}`]);
  return helm(['template', 'ci', 'sieve', '-f', join(ciValuesDir, 'production.yaml'), ...sets]);
}

const ofKind = <T extends Manifest = Manifest>(manifests: Manifest[], kind: string) =>
  manifests.filter((manifest) => manifest.kind === kind) as T[];
const workloads = (manifests: Manifest[]) =>
  manifests.filter(
    (manifest) => manifest.kind === 'Deployment' || manifest.kind === 'StatefulSet',
  ) as Workload[];
const component = (manifest: Manifest) => manifest.metadata.labels?.['app.kubernetes.io/component'];
const envOf = (container: Container) => new Map((container.env ?? []).map((entry) => [entry.name, entry]));

interface AlertRule {
  alert: string;
  expr: string;
  labels: Record<string, string>;
}

type ModelClass = new (data: unknown) => { validate(): void };

/** The kubernetes-models class of a built-in kind, e.g. apps/v1 Deployment -> kubernetes-models/apps/v1/Deployment. */
async function builtInModel(apiVersion: string, kind: string): Promise<ModelClass> {
  const module = (await import(`kubernetes-models/${apiVersion}/${kind}`)) as Record<string, ModelClass>;
  const model = module[kind];
  assert.ok(model, `kubernetes-models has no ${apiVersion} ${kind}`);
  return model;
}

/** Custom resources have no schema in kubernetes-models: their required fields, checked by hand. */
function checkCustomResource(manifest: Manifest): string[] {
  const problems: string[] = [];
  const spec = manifest.spec ?? {};
  const where = `${manifest.kind} ${manifest.metadata.name}`;
  if (manifest.apiVersion === 'keda.sh/v1alpha1' && manifest.kind === 'ScaledObject') {
    const target = spec.scaleTargetRef as { name?: string } | undefined;
    if (!target?.name) problems.push(`${where}: spec.scaleTargetRef.name is required`);
    const triggers = spec.triggers as
      | Array<{ type?: string; metadata?: Record<string, unknown> }>
      | undefined;
    if (!triggers?.length) problems.push(`${where}: spec.triggers needs at least one trigger`);
    for (const trigger of triggers ?? []) {
      if (!trigger.type || !trigger.metadata) problems.push(`${where}: a trigger needs type and metadata`);
      // KEDA reads trigger metadata as a map of strings.
      for (const [key, value] of Object.entries(trigger.metadata ?? {})) {
        if (typeof value !== 'string') problems.push(`${where}: trigger metadata ${key} is not a string`);
      }
    }
    for (const bound of ['minReplicaCount', 'maxReplicaCount']) {
      if (!Number.isInteger(spec[bound])) problems.push(`${where}: spec.${bound} must be an integer`);
    }
  } else if (manifest.apiVersion === 'monitoring.coreos.com/v1' && manifest.kind === 'ServiceMonitor') {
    const selector = spec.selector as { matchLabels?: Record<string, string> } | undefined;
    if (!selector?.matchLabels) problems.push(`${where}: spec.selector.matchLabels is required`);
    const endpoints = spec.endpoints as Array<{ port?: string }> | undefined;
    if (!endpoints?.length || endpoints.some((endpoint) => !endpoint.port))
      problems.push(`${where}: spec.endpoints need a port`);
  } else if (manifest.apiVersion === 'monitoring.coreos.com/v1' && manifest.kind === 'PrometheusRule') {
    const groups = spec.groups as
      | Array<{ name?: string; rules?: Array<Record<string, unknown>> }>
      | undefined;
    if (!groups?.length) problems.push(`${where}: spec.groups needs a group`);
    for (const group of groups ?? []) {
      if (!group.name || !group.rules?.length) problems.push(`${where}: a group needs a name and rules`);
      for (const rule of group.rules ?? []) {
        if (typeof rule.expr !== 'string' || !(rule.alert || rule.record))
          problems.push(`${where}: a rule needs expr and alert or record`);
      }
    }
  } else if (
    manifest.apiVersion === 'gateway.networking.k8s.io/v1' &&
    (manifest.kind === 'GRPCRoute' || manifest.kind === 'HTTPRoute')
  ) {
    const parentRefs = spec.parentRefs as Array<{ name?: string }> | undefined;
    if (!parentRefs?.length || parentRefs.some((ref) => !ref.name))
      problems.push(`${where}: spec.parentRefs need a name`);
    const rules = spec.rules as Array<{ backendRefs?: Array<{ name?: string; port?: unknown }> }> | undefined;
    if (!rules?.length) problems.push(`${where}: spec.rules needs a rule`);
    for (const rule of rules ?? []) {
      if (
        !rule.backendRefs?.length ||
        rule.backendRefs.some((ref) => !ref.name || !Number.isInteger(ref.port))
      )
        problems.push(`${where}: a rule needs backendRefs with a name and a numeric port`);
    }
  } else {
    problems.push(
      `${where}: ${manifest.apiVersion} is neither built in nor a custom resource this test knows`,
    );
  }
  return problems;
}

async function validate(manifests: Manifest[]): Promise<string[]> {
  const problems: string[] = [];
  for (const manifest of manifests) {
    const [group] = manifest.apiVersion.split('/');
    // The Gateway API is a set of CRDs despite its k8s.io group.
    const builtIn =
      !manifest.apiVersion.includes('/') ||
      !group!.includes('.') ||
      (group!.endsWith('.k8s.io') && group !== 'gateway.networking.k8s.io');
    if (!builtIn) {
      problems.push(...checkCustomResource(manifest));
      continue;
    }
    const Model = await builtInModel(manifest.apiVersion, manifest.kind);
    try {
      new Model(manifest).validate();
    } catch (error) {
      problems.push(`${manifest.kind} ${manifest.metadata.name}: ${(error as Error).message}`);
    }
  }
  return problems;
}

/**
 * What a container's environment comes to once Kubernetes has filled in Secret references and $(VAR) expansions,
 * with stand-ins for the secrets.
 */
function resolvedEnv(container: Container): Record<string, string> {
  const standIns: Record<string, string> = {
    REDIS_URL: 'rediss://sieve:secret@redis.example:6380',
    REDIS_PASSWORD: 'secret',
    SIEVE_ADMIN_TOKEN: 'an-admin-token-of-32-characters!',
    SIEVE_CACHE_KEY_SECRET: 'a-cache-key-secret-of-40-characters-long',
  };
  const env: Record<string, string> = {};
  for (const entry of container.env ?? []) {
    const value = entry.value ?? standIns[entry.name] ?? 'from-the-cluster';
    env[entry.name] = value.replace(/\$\(([A-Z_][A-Z0-9_]*)\)/g, (_, name: string) => env[name] ?? '');
  }
  return env;
}

// Read by something else than the service's zod schema: the OTel SDK, KEDA, Kubernetes' $(VAR) expansion, the NVIDIA
// container toolkit, Node itself (NODE_EXTRA_CA_CERTS, set through extraEnv in production.yaml).
const OUTSIDE_SERVICE_CONFIG =
  /^(OTEL_[A-Z_]+|REDIS_PASSWORD|REDIS_USERNAME|POD_NAME|POD_NAMESPACE|NVIDIA_DRIVER_CAPABILITIES|NODE_EXTRA_CA_CERTS)$/;

describe('the Helm chart', () => {
  const rendered = new Map<string, Manifest[]>();
  const renderedFor = (file: string) => {
    let manifests = rendered.get(file);
    if (!manifests) rendered.set(file, (manifests = render(file)));
    return manifests;
  };

  it(`lints with --strict under every values file (${valuesFiles.join(', ')})`, (t) => {
    if (!requireTool(t, helmBinary !== undefined, 'helm', helmMissing)) return;
    assert.ok(valuesFiles.length >= 4, 'ci-values lost some values files');
    const version = helm(['version', '--short']);
    assert.match(version.output, new RegExp(`^${ciTools.helm.helmVersion.replaceAll('.', '\\.')}`));
    for (const file of valuesFiles) {
      const lint = helm(['lint', '--strict', 'sieve', '-f', join(ciValuesDir, file)]);
      assert.equal(lint.status, 0, `${file}:\n${lint.output}`);
      // helm lint only logs a template's fail(); the chart's own guards must stay quiet too.
      assert.doesNotMatch(lint.output, /Fail:/, `${file}:\n${lint.output}`);
    }
  });

  it('refuses wrong values: a schema violation fails lint, a missing Redis fails rendering with its name', (t) => {
    if (!requireTool(t, helmBinary !== undefined, 'helm', helmMissing)) return;
    const dir = mkdtempSync(join(tmpdir(), 'sieve-values-'));
    try {
      const cases: Array<[string, string, RegExp]> = [
        ['replicas.yaml', 'gateway:\n  replicas: many\n', /gateway\.replicas: Invalid type/],
        ['typo.yaml', 'workerDefaults:\n  gpu:\n    enabeld: true\n', /Additional property enabeld/],
        ['managed-env.yaml', 'gateway:\n  env:\n    REDIS_URL: redis://x\n', /gateway\.env/],
        ['prefix.yaml', "redis:\n  queuePrefix: 'sieve'\n", /redis\.queuePrefix/],
        [
          'scale-to-zero.yaml',
          'workers:\n  - name: a\n    model: { name: a }\n    keda: { enabled: true, minReplicas: 0 }\n',
          /keda\.minReplicas/,
        ],
      ];
      for (const [file, content, expected] of cases) {
        writeFileSync(join(dir, file), content);
        const lint = helm(['lint', '--strict', 'sieve', '-f', join(dir, file)]);
        assert.notEqual(lint.status, 0, `${file} passed lint:\n${lint.output}`);
        assert.match(lint.output, expected, file);
      }
      const noRedis = helm(['template', 'ci', 'sieve', '--set', 'auth.allowOpen=true']);
      assert.notEqual(noRedis.status, 0);
      assert.match(noRedis.output, /redis\.url/);
      const noAuth = helm(['template', 'ci', 'sieve', '--set', 'redis.url=redis://redis:6379']);
      assert.notEqual(noAuth.status, 0);
      assert.match(noAuth.output, /auth\.allowOpen/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('renders only objects valid against the Kubernetes API schemas (and required fields of KEDA/Prometheus CRDs)', async (t) => {
    if (!requireTool(t, helmBinary !== undefined, 'helm', helmMissing)) return;
    for (const file of valuesFiles) {
      const manifests = renderedFor(file);
      assert.ok(manifests.length > 0, file);
      assert.deepEqual(await validate(manifests), [], file);
      const names = manifests.map((manifest) => `${manifest.kind}/${manifest.metadata.name}`);
      assert.equal(new Set(names).size, names.length, `${file}: two objects share a kind and name`);
    }
  });

  it('gives every container a non-root, read-only root filesystem without privilege escalation', (t) => {
    if (!requireTool(t, helmBinary !== undefined, 'helm', helmMissing)) return;
    for (const file of valuesFiles) {
      for (const workload of workloads(renderedFor(file))) {
        const pod = workload.spec.template.spec;
        const where = `${file}: ${workload.kind} ${workload.metadata.name}`;
        assert.equal(pod.securityContext?.runAsNonRoot, true, `${where}: runAsNonRoot`);
        for (const container of [...pod.containers, ...(pod.initContainers ?? [])]) {
          assert.equal(container.securityContext?.readOnlyRootFilesystem, true, `${where} ${container.name}`);
          assert.equal(
            container.securityContext?.allowPrivilegeEscalation,
            false,
            `${where} ${container.name}`,
          );
        }
      }
    }
  });

  it('probes gateways over grpc.health.v1 and workers on their metrics port, and drains them on termination', (t) => {
    if (!requireTool(t, helmBinary !== undefined, 'helm', helmMissing)) return;
    for (const file of valuesFiles) {
      for (const workload of workloads(renderedFor(file))) {
        const pod = workload.spec.template.spec;
        const where = `${file}: ${workload.metadata.name}`;
        const [main] = pod.containers;
        assert.ok(main?.readinessProbe && main.livenessProbe, `${where}: readiness and liveness probes`);
        if (component(workload) === 'gateway') {
          const grpcPort = main.ports?.find((port) => port.name === 'grpc')?.containerPort;
          assert.equal(main.readinessProbe.grpc?.port, grpcPort, `${where}: readiness over gRPC health`);
          const sleep = main.lifecycle?.preStop?.exec?.command;
          assert.equal(sleep?.[0], 'sleep', `${where}: preStop waits for the endpoints to drop the pod`);
          // The gateway drains for SIEVE_DRAIN_TIMEOUT_MS (10 s unless set) after SIGTERM, then a second for the
          // last statuses and one to close (GatewayService.stop).
          const drainMs = Number(envOf(main).get('SIEVE_DRAIN_TIMEOUT_MS')?.value ?? 10_000);
          assert.ok(pod.terminationGracePeriodSeconds! >= Number(sleep?.[1]) + drainMs / 1000 + 2, where);
        }
        if (component(workload) === 'worker') {
          for (const probe of [main.startupProbe, main.readinessProbe, main.livenessProbe]) {
            assert.deepEqual(probe?.httpGet, { path: '/metrics', port: 'metrics' }, where);
          }
          // A worker finishes the jobs in hand for up to 30 s after SIGTERM (WorkerService.stop).
          assert.ok(pod.terminationGracePeriodSeconds! > 30, `${where}: grace covers the worker's drain`);
        }
      }
    }
  });

  it('gives every gateway the same cache key from one Secret that upgrades keep (or the one named)', (t) => {
    if (!requireTool(t, helmBinary !== undefined, 'helm', helmMissing)) return;
    for (const file of valuesFiles) {
      const manifests = renderedFor(file);
      const [gateway] = workloads(manifests).filter((workload) => component(workload) === 'gateway');
      const ref = envOf(gateway!.spec.template.spec.containers[0]!).get('SIEVE_CACHE_KEY_SECRET') as
        | { valueFrom?: { secretKeyRef?: { name: string; key: string } } }
        | undefined;
      const secretRef = ref?.valueFrom?.secretKeyRef;
      assert.ok(secretRef, `${file}: the gateway reads SIEVE_CACHE_KEY_SECRET from a Secret`);
      const secret = ofKind(manifests, 'Secret').find((s) => s.metadata.name === secretRef.name) as
        | (Manifest & { metadata: { annotations?: Record<string, string> }; data?: Record<string, string> })
        | undefined;
      assert.ok(secret, `${file}: the chart renders Secret ${secretRef.name}`);
      // Kept on uninstall and read back on upgrade (lookup), so cached answers and request_ids survive both.
      assert.equal(secret.metadata.annotations?.['helm.sh/resource-policy'], 'keep');
      const key = Buffer.from(secret.data?.[secretRef.key] ?? '', 'base64').toString();
      assert.ok(key.length >= 32, `${file}: a key of ${key.length} characters`);
    }
    const named = helm([
      'template',
      'ci',
      'sieve',
      '-f',
      join(ciValuesDir, valuesFiles[0]!),
      '--set',
      'auth.cacheKey.secret.name=mine',
    ]);
    assert.equal(named.status, 0, named.output);
    assert.match(
      named.output,
      /name: SIEVE_CACHE_KEY_SECRET\s+valueFrom:\s+secretKeyRef:\s+name: mine\s+key: cache-key/,
    );
    assert.doesNotMatch(named.output, /name: ci-sieve-cache-key/);
  });

  it('sets only variables the services read, with values their configuration schemas accept', (t) => {
    if (!requireTool(t, helmBinary !== undefined, 'helm', helmMissing)) return;
    const schemas = { gateway: gatewayConfigSchema, worker: workerConfigSchema };
    for (const file of valuesFiles) {
      for (const workload of workloads(renderedFor(file))) {
        const service = component(workload);
        if (service !== 'gateway' && service !== 'worker') continue;
        const [container] = workload.spec.template.spec.containers;
        const known = new Set(Object.keys(schemas[service].shape));
        for (const name of envOf(container!).keys()) {
          assert.ok(
            known.has(name) || OUTSIDE_SERVICE_CONFIG.test(name),
            `${file}: ${workload.metadata.name} sets ${name}, which the ${service} does not read`,
          );
        }
        assert.doesNotThrow(
          () => loadEnvConfig(schemas[service], resolvedEnv(container!)),
          `${file}: ${workload.metadata.name}`,
        );
      }
    }
  });

  it('knows every variable of the services: set by the chart or typed in values.schema.json', () => {
    const schema = JSON.parse(readFileSync(join(chartDir, 'values.schema.json'), 'utf8')) as {
      definitions: Record<
        string,
        { properties: Record<string, unknown>; propertyNames: { not: { enum: string[] } } }
      >;
    };
    for (const [service, configSchema] of [
      ['gateway', gatewayConfigSchema],
      ['worker', workerConfigSchema],
    ] as const) {
      const env = schema.definitions[`${service}Env`]!;
      const chartManaged = new Set([
        ...env.propertyNames.not.enum,
        'REDIS_URL',
        'REDIS_CLUSTER',
        'REDIS_TLS_CA_FILE',
      ]);
      for (const name of Object.keys(configSchema.shape)) {
        assert.ok(
          chartManaged.has(name) || name in env.properties,
          `${service} reads ${name}: add it to definitions.${service}Env in values.schema.json (and the chart README)`,
        );
      }
    }
  });

  it('runs a WebGPU pool on the stock worker image with the graphics capability the Vulkan driver needs', (t) => {
    if (!requireTool(t, helmBinary !== undefined, 'helm', helmMissing)) return;
    const [pool] = workloads(renderedFor('webgpu.yaml')).filter(
      (workload) => component(workload) === 'worker',
    );
    assert.ok(pool, 'the WebGPU pool');
    const pod = pool.spec.template.spec;
    const worker = pod.containers[0]!;
    assert.equal(worker.image, 'registry.example.com/sieve/sieve-worker:0.1.0');
    assert.equal(worker.resources?.limits?.['nvidia.com/gpu'], 1);
    assert.ok(pod.tolerations?.some((toleration) => toleration.key === 'nvidia.com/gpu'));
    const env = envOf(worker);
    assert.equal(env.get('SIEVE_EXECUTION_PROVIDERS')?.value, 'webgpu,cpu');
    assert.equal(env.get('NVIDIA_DRIVER_CAPABILITIES')?.value, 'compute,utility,graphics');
    assert.equal(env.get('SIEVE_MODEL_DTYPE')?.value, 'fp16');
    assert.equal(env.get('SIEVE_FAIR_SHARE_ISOLATION')?.value, 'false');
    assert.equal(envOf(pod.initContainers![0]!).get('SIEVE_PULL_DTYPE')?.value, 'fp16');
  });

  it('puts GPU pools on GPU nodes with the CUDA image and CPU pools on the CPU image with sized threads', (t) => {
    if (!requireTool(t, helmBinary !== undefined, 'helm', helmMissing)) return;
    const workers = workloads(renderedFor('gpu.yaml')).filter((workload) => component(workload) === 'worker');
    const gpu = workers.find((workload) => workload.metadata.name.endsWith('sentiment-gpu'));
    assert.ok(gpu, 'the GPU pool');
    const pod = gpu.spec.template.spec;
    const worker = pod.containers[0]!;
    assert.equal(worker.resources?.limits?.['nvidia.com/gpu'], 1);
    assert.ok(
      pod.tolerations?.some(
        (toleration) => toleration.key === 'nvidia.com/gpu' && toleration.effect === 'NoSchedule',
      ),
      'tolerates the GPU node taint',
    );
    assert.equal(pod.nodeSelector?.['cloud.google.com/gke-accelerator'], 'nvidia-l4');
    assert.match(worker.image, /-cuda$/);
    assert.equal(envOf(worker).get('SIEVE_EXECUTION_PROVIDERS')?.value, 'cuda,cpu');
    assert.equal(envOf(worker).get('SIEVE_FAIR_SHARE_ISOLATION')?.value, 'false');
    // A pinned commit names the store folder the init container links to.
    assert.equal(envOf(pod.initContainers![0]!).get('SIEVE_PULL_REVISION')?.value?.length, 40);

    // CUDA pools leave the driver capabilities to the CUDA image (compute,utility,graphics there).
    assert.equal(envOf(worker).get('NVIDIA_DRIVER_CAPABILITIES'), undefined);

    const cpuPods = workloads(renderedFor('cpu.yaml')).filter((workload) => component(workload) === 'worker');
    assert.ok(cpuPods.length >= 2);
    for (const workload of cpuPods) {
      const container = workload.spec.template.spec.containers[0]!;
      assert.equal(container.resources?.limits?.['nvidia.com/gpu'], undefined);
      assert.doesNotMatch(container.image, /-cuda$/);
      assert.equal(envOf(container).get('SIEVE_EXECUTION_PROVIDERS')?.value, 'cpu');
    }
    const sentiment = cpuPods.find((workload) => workload.metadata.name.endsWith('worker-sentiment'))!;
    // limits.cpu 3000m: the worker counts the container's cores, not the node's (it shares them out between its
    // sessions: packages/runtime/test/session-layout.test.ts).
    const sentimentEnv = envOf(sentiment.spec.template.spec.containers[0]!);
    assert.equal(sentimentEnv.get('SIEVE_INFERENCE_CPUS')?.value, '3');
    assert.equal(sentimentEnv.get('SIEVE_INTRA_OP_THREADS'), undefined);
    const canary = envOf(
      cpuPods.find((workload) => workload.metadata.name.endsWith('worker-canary'))!.spec.template.spec
        .containers[0]!,
    );
    assert.equal(canary.get('SIEVE_SESSIONS')?.value, '2');
    assert.equal(canary.get('SIEVE_INFERENCE_CPUS')?.value, '4');
  });

  it('scales worker pools with KEDA on pending texts in Prometheus by default, or on every state of their queues', (t) => {
    if (!requireTool(t, helmBinary !== undefined, 'helm', helmMissing)) return;
    const manifests = renderedFor('keda.yaml');
    interface ScaledObject extends Manifest {
      spec: {
        scaleTargetRef: { name: string };
        minReplicaCount: number;
        advanced?: { scalingModifiers?: { formula: string; target: string; metricType: string } };
        triggers: Array<{ type: string; name?: string; metadata: Record<string, string> }>;
      };
    }
    const scaled = ofKind<ScaledObject>(manifests, 'ScaledObject');
    assert.equal(scaled.length, 2);
    for (const object of scaled) {
      const target = workloads(manifests).find(
        (workload) => workload.metadata.name === object.spec.scaleTargetRef.name,
      );
      assert.ok(target, `${object.metadata.name} scales a Deployment of the chart`);
      assert.equal(target.spec.replicas, undefined, 'KEDA owns the replica count');
      assert.ok(object.spec.minReplicaCount >= 1);
    }
    // The default: what the gateways have accepted and not answered for the pool's model, summed over gateways
    // (every priority, and texts in worker pools). test/observability/prometheus-scrape.test.ts evaluates this query
    // against a running cluster.
    const prometheus = scaled.find((object) => object.metadata.name.endsWith('worker-spam'))!;
    assert.deepEqual(
      prometheus.spec.triggers.map((trigger) => [trigger.type, trigger.metadata.query]),
      [['prometheus', 'sum(sieve_pending_texts{namespace="sieve",model="org/spam-filter@3"})']],
    );
    assert.equal(prometheus.spec.advanced?.scalingModifiers, undefined);
    // redis: BullMQ keeps priority-0 jobs in :wait, every other priority (a tenant's default among them) in the
    // :prioritized sorted set, and the jobs workers hold in :active; KEDA counts each key (LLEN or ZCARD) and the
    // formula sums them, where the HPA alone would take the largest.
    const redis = scaled.find((object) => object.metadata.name.endsWith('worker-sentiment'))!;
    const queues = [
      'classify.sentiment@1',
      'classify.sentiment@1.t.default',
      'classify.sentiment@1.t.acme',
      'batch.sentiment@1.t.acme',
    ];
    const states = ['wait', 'prioritized', 'active'];
    assert.deepEqual(
      redis.spec.triggers.map((trigger) => [trigger.type, trigger.name, trigger.metadata.listName]),
      queues.flatMap((queue, q) =>
        states.map((state) => ['redis', `q${q}_${state}`, `{sieve}:${queue}:${state}`]),
      ),
    );
    assert.deepEqual(redis.spec.advanced?.scalingModifiers, {
      formula: queues.flatMap((_, q) => states.map((state) => `q${q}_${state}`)).join(' + '),
      target: '32',
      activationTarget: '0',
      metricType: 'AverageValue',
    });
    assert.equal(redis.spec.triggers[0]!.metadata.address, 'redis-master.data.svc:6379');
    assert.equal(redis.spec.triggers[0]!.metadata.passwordFromEnv, 'REDIS_PASSWORD');
    assert.equal(ofKind(renderedFor('cpu.yaml'), 'ScaledObject').length, 0, 'KEDA is optional');
    const noServer = helm([
      'template',
      'ci',
      'sieve',
      '-f',
      join(ciValuesDir, 'keda.yaml'),
      '--set',
      'workers[1].keda.prometheus.serverAddress=',
    ]);
    assert.notEqual(noServer.status, 0);
    assert.match(noServer.output, /keda\.prometheus\.serverAddress/);
  });

  it('routes to the gateway from outside through an Ingress and the Gateway API, gRPC and HTTP/JSON apart', (t) => {
    if (!requireTool(t, helmBinary !== undefined, 'helm', helmMissing)) return;
    const manifests = renderedFor('production.yaml');
    const service = ofKind(manifests, 'Service').find(
      (manifest) => manifest.metadata.name === 'ci-sieve-gateway',
    );
    const ports = new Map(
      (service!.spec!.ports as Array<{ name: string; port: number }>).map((port) => [port.name, port.port]),
    );
    interface IngressSpec {
      ingressClassName?: string;
      tls?: Array<{ secretName: string; hosts: string[] }>;
      rules: Array<{
        host: string;
        http: { paths: Array<{ backend: { service: { name: string; port: { name: string } } } }> };
      }>;
    }
    const ingresses = new Map(
      ofKind(manifests, 'Ingress').map((ingress) => [
        ingress.metadata.name,
        ingress as Manifest & { spec: IngressSpec },
      ]),
    );
    assert.deepEqual([...ingresses.keys()].sort(), ['ci-sieve-gateway-grpc', 'ci-sieve-gateway-http']);
    for (const [protocol, host] of [
      ['grpc', 'grpc.sieve.example.com'],
      ['http', 'api.sieve.example.com'],
    ] as const) {
      const ingress = ingresses.get(`ci-sieve-gateway-${protocol}`)!;
      assert.equal(ingress.spec.ingressClassName, 'nginx');
      assert.deepEqual(ingress.spec.tls, [{ secretName: 'sieve-tls', hosts: [host] }]);
      assert.equal(ingress.spec.rules[0]!.host, host);
      const { service: backend } = ingress.spec.rules[0]!.http.paths[0]!.backend;
      assert.deepEqual(backend, { name: 'ci-sieve-gateway', port: { name: protocol } });
      assert.ok(ports.has(protocol), `the Service has a ${protocol} port`);
    }
    // The controller must speak gRPC to the backend; only the gRPC Ingress says so.
    const annotations = (name: string) =>
      (ingresses.get(name)!.metadata as { annotations?: Record<string, string> }).annotations ?? {};
    assert.equal(
      annotations('ci-sieve-gateway-grpc')['nginx.ingress.kubernetes.io/backend-protocol'],
      'GRPC',
    );
    assert.equal(
      annotations('ci-sieve-gateway-http')['nginx.ingress.kubernetes.io/backend-protocol'],
      undefined,
    );

    interface RouteSpec {
      parentRefs: Array<{ name: string }>;
      hostnames: string[];
      rules: Array<{ backendRefs: Array<{ name: string; port: number }> }>;
    }
    const [grpcRoute] = ofKind<Manifest & { spec: RouteSpec }>(manifests, 'GRPCRoute');
    const [httpRoute] = ofKind<Manifest & { spec: RouteSpec }>(manifests, 'HTTPRoute');
    assert.deepEqual(grpcRoute!.spec.parentRefs, [
      { name: 'public', namespace: 'gateways', sectionName: 'https' },
    ]);
    assert.deepEqual(grpcRoute!.spec.hostnames, ['grpc.sieve.example.com']);
    assert.deepEqual(grpcRoute!.spec.rules[0]!.backendRefs, [
      { name: 'ci-sieve-gateway', port: ports.get('grpc') },
    ]);
    assert.deepEqual(httpRoute!.spec.hostnames, ['api.sieve.example.com']);
    assert.deepEqual(httpRoute!.spec.rules[0]!.backendRefs, [
      { name: 'ci-sieve-gateway', port: ports.get('http') },
    ]);

    // Off by default, and the HTTP/JSON routes only where the gateway serves HTTP/JSON.
    for (const file of valuesFiles.filter((name) => name !== 'production.yaml')) {
      for (const kind of ['Ingress', 'GRPCRoute', 'HTTPRoute'])
        assert.equal(ofKind(renderedFor(file), kind).length, 0, `${file}: ${kind}`);
    }
    const grpcOnly = renderProduction({
      'gateway.http.enabled': 'false',
      'gateway.console.enabled': 'false',
      'gateway.ingress.http.hosts': 'null',
      'gateway.route.http.hostnames': 'null',
    });
    assert.equal(grpcOnly.status, 0, grpcOnly.output);
    assert.doesNotMatch(grpcOnly.output, /kind: HTTPRoute|name: ci-sieve-gateway-http/);
    assert.match(grpcOnly.output, /kind: GRPCRoute/);
  });

  it('serves the console only where asked, and only beside the admin or HTTP port and the admin token', (t) => {
    if (!requireTool(t, helmBinary !== undefined, 'helm', helmMissing)) return;
    const gatewayEnv = (manifests: Manifest[]) => {
      const [gateway] = workloads(manifests).filter((workload) => component(workload) === 'gateway');
      return resolvedEnv(gateway!.spec.template.spec.containers[0]!);
    };
    const production = gatewayEnv(renderedFor('production.yaml'));
    assert.equal(production.SIEVE_CONSOLE_ENABLED, 'true');
    assert.equal(loadEnvConfig(gatewayConfigSchema, production).SIEVE_CONSOLE_ENABLED, 'true');
    for (const file of valuesFiles.filter((name) => name !== 'production.yaml')) {
      assert.equal(gatewayEnv(renderedFor(file)).SIEVE_CONSOLE_ENABLED, undefined, `${file}: off by default`);
    }
    // production.yaml serves it on the admin port; on the HTTP port without one.
    assert.equal(production.SIEVE_ADMIN_HTTP_ADDRESS, '0.0.0.0:8081');
    const onHttpPort = renderProduction({ 'gateway.adminHttp.enabled': 'false' });
    assert.equal(onHttpPort.status, 0, onHttpPort.output);
    assert.doesNotMatch(onHttpPort.output, /SIEVE_ADMIN_HTTP_ADDRESS|admin-http/);
    const withoutHttp = renderProduction({
      'gateway.http.enabled': 'false',
      'gateway.adminHttp.enabled': 'false',
    });
    assert.notEqual(withoutHttp.status, 0);
    assert.match(
      withoutHttp.output,
      /gateway\.console\.enabled=true needs gateway\.adminHttp\.enabled=true \(its own port, recommended\) or gateway\.http\.enabled=true/,
    );
    const withoutToken = renderProduction({ 'auth.adminToken.secret.name': '' });
    assert.notEqual(withoutToken.status, 0);
    assert.match(withoutToken.output, /auth\.adminToken\.secret\.name/);
  });

  it('opens the admin port on the pod, the Service and the NetworkPolicy, never on an Ingress or HTTPRoute', (t) => {
    if (!requireTool(t, helmBinary !== undefined, 'helm', helmMissing)) return;
    const manifests = renderedFor('production.yaml');
    const [gateway] = workloads(manifests).filter((workload) => component(workload) === 'gateway');
    const container = gateway!.spec.template.spec.containers[0]!;
    const env = resolvedEnv(container);
    assert.equal(env.SIEVE_ADMIN_HTTP_ADDRESS, '0.0.0.0:8081');
    assert.equal(env.SIEVE_HTTP_ADDRESS, '0.0.0.0:8080', 'the tenant HTTP port stays');
    assert.equal(loadEnvConfig(gatewayConfigSchema, env).SIEVE_ADMIN_HTTP_ADDRESS, '0.0.0.0:8081');
    const containerPorts =
      (container as { ports?: Array<{ name: string; containerPort: number }> }).ports ?? [];
    assert.ok(containerPorts.some((port) => port.name === 'admin-http' && port.containerPort === 8081));
    const service = ofKind(manifests, 'Service').find(
      (manifest) => manifest.metadata.name === 'ci-sieve-gateway',
    );
    const servicePorts = service!.spec!.ports as Array<{ name: string; port: number; targetPort: string }>;
    assert.ok(
      servicePorts.some(
        (port) => port.name === 'admin-http' && port.port === 8081 && port.targetPort === 'admin-http',
      ),
      JSON.stringify(servicePorts),
    );
    // Whatever routes traffic in from outside names the gRPC or the tenant HTTP port, never the admin one.
    for (const kind of ['Ingress', 'HTTPRoute', 'GRPCRoute']) {
      const routed = ofKind(manifests, kind);
      assert.ok(routed.length > 0, `production.yaml has a ${kind}`);
      for (const manifest of routed) {
        const text = JSON.stringify(manifest);
        assert.doesNotMatch(
          text,
          /admin-http|8081/,
          `${kind}/${manifest.metadata.name} routes the admin port`,
        );
      }
    }
    const withPolicy = renderProduction({
      'networkPolicy.enabled': 'true',
      'networkPolicy.adminHttpFrom[0].namespaceSelector.matchLabels.team': 'operators',
    });
    assert.equal(withPolicy.status, 0, withPolicy.output);
    const policy = parseAllDocuments(withPolicy.output)
      .map((document) => document.toJS() as Manifest | null)
      .find(
        (manifest) => manifest?.kind === 'NetworkPolicy' && manifest.metadata.name === 'ci-sieve-gateway',
      ) as
      | (Manifest & { spec: { ingress: Array<{ ports: Array<{ port: string }>; from?: unknown[] }> } })
      | undefined;
    const adminRule = policy!.spec.ingress.find((rule) =>
      rule.ports.some((port) => port.port === 'admin-http'),
    );
    assert.deepEqual(adminRule?.from, [{ namespaceSelector: { matchLabels: { team: 'operators' } } }]);
    assert.ok(
      !policy!.spec.ingress.some(
        (rule) => rule !== adminRule && rule.ports.some((port) => port.port === 'admin-http'),
      ),
    );
    const withoutToken = renderProduction({
      'gateway.console.enabled': 'false',
      'auth.adminToken.secret.name': '',
    });
    assert.notEqual(withoutToken.status, 0);
    assert.match(
      withoutToken.output,
      /gateway\.adminHttp\.enabled=true needs auth\.adminToken\.secret\.name/,
    );
    const sharedPort = renderProduction({ 'gateway.adminHttp.port': '8080' });
    assert.notEqual(sharedPort.status, 0);
    assert.match(sharedPort.output, /gateway\.adminHttp\.port must differ/);
  });

  it('mounts the models file ConfigMap as a directory (never subPath) into gateways and workers, pools named', (t) => {
    if (!requireTool(t, helmBinary !== undefined, 'helm', helmMissing)) return;
    const manifests = renderedFor('production.yaml');
    const [configMap] = ofKind<Manifest & { data: Record<string, string> }>(manifests, 'ConfigMap').filter(
      (manifest) => manifest.metadata.name === 'ci-sieve-models',
    );
    assert.ok(configMap, 'the chart writes modelsFile.config into <release>-models');
    const modelsFile = parseAllDocuments(configMap.data['models.yaml']!)[0]!.toJS() as {
      models: Array<{ path: string; pools: string[] }>;
    };
    assert.deepEqual(
      modelsFile.models.map((model) => model.pools),
      [['sentiment-gpu'], ['sentiment-cpu']],
    );
    const pods = workloads(manifests).filter((workload) => component(workload) !== 'redis');
    assert.equal(pods.length, 3, 'a gateway and two worker pools');
    for (const workload of pods) {
      const pod = workload.spec.template.spec;
      const where = workload.metadata.name;
      const volume = pod.volumes?.find((entry) => entry.configMap?.name === 'ci-sieve-models');
      assert.ok(volume, `${where}: the ConfigMap is a volume`);
      const [main] = pod.containers;
      const mount = main!.volumeMounts?.find((entry) => entry.name === volume.name);
      // The kubelet updates a ConfigMap volume by swapping its ..data symlink; a subPath mount never changes.
      assert.deepEqual(mount, { name: volume.name, mountPath: '/etc/sieve/models', readOnly: true }, where);
      for (const container of [...pod.containers, ...(pod.initContainers ?? [])]) {
        assert.ok(
          (container.volumeMounts ?? []).every((entry) => entry.subPath === undefined),
          `${where}: no subPath mounts`,
        );
      }
      const env = resolvedEnv(main!);
      assert.equal(env.SIEVE_MODELS_FILE, '/etc/sieve/models/models.yaml', where);
      if (component(workload) === 'worker') {
        assert.equal(env.SIEVE_MODEL_STORE, '/models', where);
        assert.equal(env.SIEVE_WORKER_POOL, workload.metadata.labels!['sieve.dev/worker-pool'], where);
        assert.doesNotThrow(() => loadEnvConfig(workerConfigSchema, env), where);
      } else {
        assert.doesNotThrow(() => loadEnvConfig(gatewayConfigSchema, env), where);
      }
    }
    for (const file of valuesFiles.filter((name) => name !== 'production.yaml')) {
      for (const workload of workloads(renderedFor(file))) {
        const [main] = workload.spec.template.spec.containers;
        assert.equal(envOf(main!).get('SIEVE_MODELS_FILE'), undefined, `${file}: off by default`);
      }
    }
  });

  it('adds the extra volumes, mounts and env of the values, and pulls images by digest when one is given', (t) => {
    if (!requireTool(t, helmBinary !== undefined, 'helm', helmMissing)) return;
    const digests = new Map(
      Object.entries(
        (
          parseAllDocuments(readFileSync(join(ciValuesDir, 'production.yaml'), 'utf8'))[0]!.toJS() as {
            images: Record<string, { repository: string; digest: string }>;
          }
        ).images,
      ).map(([name, image]) => [name, `${image.repository}@${image.digest}`]),
    );
    for (const workload of workloads(renderedFor('production.yaml'))) {
      const pod = workload.spec.template.spec;
      const where = workload.metadata.name;
      assert.deepEqual(
        pod.volumes?.find((volume) => volume.name === 'corporate-ca'),
        { name: 'corporate-ca', configMap: { name: 'corporate-ca' } },
        where,
      );
      const [main] = pod.containers;
      assert.ok(
        (main!.volumeMounts ?? []).some(
          (mount) => mount.name === 'corporate-ca' && mount.mountPath === '/etc/sieve/ca',
        ),
        where,
      );
      assert.equal(envOf(main!).get('NODE_EXTRA_CA_CERTS')?.value, '/etc/sieve/ca/ca.crt', where);
      const gpu = workload.metadata.name.endsWith('-gpu');
      const expected = component(workload) === 'gateway' ? 'gateway' : gpu ? 'workerCuda' : 'worker';
      for (const container of [...pod.containers, ...(pod.initContainers ?? [])])
        assert.equal(container.image, digests.get(expected), `${where} ${container.name}`);
    }
    // Without a digest the tag stays.
    const [gateway] = workloads(renderedFor('gpu.yaml')).filter(
      (workload) => component(workload) === 'gateway',
    );
    assert.match(gateway!.spec.template.spec.containers[0]!.image, /^sieve-gateway:[^@]+$/);
  });

  it('bundles a single Redis for trying sieve, with noeviction and an append-only file', (t) => {
    if (!requireTool(t, helmBinary !== undefined, 'helm', helmMissing)) return;
    const manifests = renderedFor('bundled-redis.yaml');
    const [redis] = ofKind<Workload>(manifests, 'StatefulSet');
    assert.ok(redis);
    const command = redis.spec.template.spec.containers[0]!.command!.join(' ');
    assert.match(command, /--maxmemory-policy noeviction/);
    assert.match(command, /--appendonly yes/);
    const service = ofKind(manifests, 'Service').find((manifest) => component(manifest) === 'redis');
    assert.ok(service);
    for (const workload of workloads(manifests).filter((workload) => workload.kind === 'Deployment')) {
      const url = envOf(workload.spec.template.spec.containers[0]!).get('REDIS_URL')?.value;
      assert.equal(url, `redis://${service.metadata.name}:6379`);
    }
    const external = workloads(renderedFor('cpu.yaml')).find(
      (workload) => component(workload) === 'gateway',
    )!;
    assert.equal(
      envOf(external.spec.template.spec.containers[0]!).get('REDIS_URL')?.value,
      'rediss://sieve:$(REDIS_PASSWORD)@redis.data.svc.cluster.local:6380/0',
    );
    assert.equal(ofKind(renderedFor('cpu.yaml'), 'StatefulSet').length, 0, 'an external Redis by default');
  });

  it('ships alert rules with the thresholds and labels of the values, which promtool accepts', (t) => {
    if (!requireTool(t, helmBinary !== undefined, 'helm', helmMissing)) return;
    const rules = ofKind(renderedFor('cpu.yaml'), 'PrometheusRule');
    assert.equal(rules.length, 1);
    assert.equal(rules[0]!.metadata.labels?.release, 'prometheus');
    const groups = (rules[0]!.spec as { groups: Array<{ rules: AlertRule[] }> }).groups;
    const alerts = new Map(groups.flatMap((group) => group.rules).map((rule) => [rule.alert, rule]));
    assert.deepEqual([...alerts.keys()].sort(), [
      'SieveBatchJobStalled',
      'SieveErrorRate',
      'SieveModelWithoutWorker',
      'SievePendingTextsGrowing',
      'SievePendingTextsHigh',
      'SieveRedisMemoryNearBudget',
      'SieveRejectionRate',
      'SieveReplyLatencyHigh',
    ]);
    assert.match(alerts.get('SieveReplyLatencyHigh')!.expr, /> 0\.5\s*$/);
    for (const rule of alerts.values()) {
      assert.equal(rule.labels.team, 'platform', rule.alert);
      assert.match(rule.labels.severity ?? '', /^(warning|critical)$/, rule.alert);
    }
    assert.equal(ofKind(renderedFor('keda.yaml'), 'PrometheusRule').length, 0, 'off by default');
    assert.equal(
      ofKind(renderedFor('production.yaml'), 'PrometheusRule').length,
      1,
      'production.yaml alerts',
    );
    if (!requireTool(t, onPath('promtool'), 'promtool', 'apt-get install prometheus (.ci/run does)')) return;
    const dir = mkdtempSync(join(tmpdir(), 'sieve-rules-'));
    try {
      const file = join(dir, 'rules.yaml');
      writeFileSync(file, JSON.stringify({ groups }));
      const check = spawnSync('promtool', ['check', 'rules', file], { encoding: 'utf8' });
      assert.equal(check.status, 0, `${check.stdout}${check.stderr}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the values files', () => {
  it("are documented value by value in the chart's README", () => {
    const values = parseAllDocuments(
      readFileSync(join(chartDir, 'values.yaml'), 'utf8'),
    )[0]!.toJS() as Record<string, unknown>;
    // Down to the settings a user sets as a whole: resource maps and env maps are one row each.
    const paths = (node: Record<string, unknown>, prefix: string): string[] =>
      Object.entries(node).flatMap(([key, value]) => {
        const path = prefix ? `${prefix}.${key}` : key;
        const whole = ['requests', 'limits'].includes(key) || path.endsWith('.env');
        return value &&
          typeof value === 'object' &&
          !Array.isArray(value) &&
          Object.keys(value).length &&
          !whole
          ? paths(value as Record<string, unknown>, path)
          : [path];
      });
    const readme = readFileSync(join(chartDir, 'README.md'), 'utf8');
    const undocumented = paths(values, '').filter((path) => !readme.includes(`| \`${path}\``));
    assert.deepEqual(undocumented, [], 'values missing from the table in deploy/helm/sieve/README.md');
  });

  it('pass yamllint', (t) => {
    if (!requireTool(t, onPath('yamllint'), 'yamllint', 'apt-get install yamllint (.ci/run does)')) return;
    const files = [
      join(chartDir, 'values.yaml'),
      join(chartDir, 'Chart.yaml'),
      ...valuesFiles.map((file) => join(ciValuesDir, file)),
    ];
    const run = spawnSync('yamllint', ['--strict', '-c', join(helmDir, '.yamllint.yaml'), ...files], {
      encoding: 'utf8',
    });
    assert.equal(run.status, 0, `${run.stdout}${run.stderr}`);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// The Dockerfile, against hadolint's rules that matter here, since no Docker engine or hadolint runs in CI.

interface Instruction {
  keyword: string;
  args: string;
  line: number;
}

function parseDockerfile(text: string): Instruction[] {
  const instructions: Instruction[] = [];
  let pending: { text: string; line: number } | undefined;
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (!pending && (line === '' || line.startsWith('#'))) return;
    if (pending && line.startsWith('#')) return;
    const continued = line.endsWith('\\');
    const part = continued ? line.slice(0, -1) : line;
    pending = pending
      ? { text: `${pending.text} ${part}`, line: pending.line }
      : { text: part, line: index + 1 };
    if (continued) return;
    const match = /^(\S+)\s+(.*)$/.exec(pending.text);
    assert.ok(match, `Dockerfile line ${pending.line}: not an instruction`);
    instructions.push({ keyword: match[1]!.toUpperCase(), args: match[2]!.trim(), line: pending.line });
    pending = undefined;
  });
  return instructions;
}

interface Stage {
  name: string;
  from: string;
  instructions: Instruction[];
}

describe('the Dockerfile', () => {
  const dockerfile = readFileSync(join(dockerDir, 'Dockerfile'), 'utf8');
  const instructions = parseDockerfile(dockerfile);
  const globalArgs = new Map<string, string>();
  const stages: Stage[] = [];
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') {
      const match = /^(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?$/i.exec(instruction.args);
      assert.ok(match, `line ${instruction.line}: FROM ${instruction.args}`);
      stages.push({ name: match[2] ?? `stage-${stages.length}`, from: match[1]!, instructions: [] });
    } else if (stages.length === 0) {
      assert.equal(
        instruction.keyword,
        'ARG',
        `line ${instruction.line}: only ARG may precede the first FROM`,
      );
      const [name, value] = instruction.args.split('=', 2);
      globalArgs.set(name!, value ?? '');
    } else {
      stages.at(-1)!.instructions.push(instruction);
    }
  }
  const stageNames = new Set(stages.map((stage) => stage.name));
  const targets = ['gateway', 'worker', 'worker-cuda'];

  it('is multi-stage, with the gateway, worker and worker-cuda targets', () => {
    for (const target of targets) assert.ok(stageNames.has(target), `target ${target}`);
    assert.ok(stages.length >= 4);
  });

  it('pins every base image by tag, never latest', () => {
    for (const stage of stages) {
      const image = stage.from.replace(/^\$\{?(\w+)\}?$/, (_, name: string) => {
        assert.ok(globalArgs.has(name), `stage ${stage.name}: ${stage.from} is no global ARG`);
        return globalArgs.get(name)!;
      });
      if (stageNames.has(image)) continue;
      const tag = /^[^@]+:([^:/@]+)$/.exec(image)?.[1];
      assert.ok(tag, `stage ${stage.name}: ${image} has no tag (DL3006)`);
      assert.notEqual(tag, 'latest', `stage ${stage.name}: ${image} (DL3007)`);
      assert.match(tag, /\d/, `stage ${stage.name}: ${image} is not pinned to a version`);
    }
    assert.match(globalArgs.get('NODE_IMAGE')!, /^node:22\.\d+\.\d+-[a-z]+-slim$/, 'Node 22 LTS, slim');
  });

  it('runs each image as a numeric non-root user, with an exec-form CMD', () => {
    for (const target of targets) {
      const stage = stages.find((candidate) => candidate.name === target)!;
      const user = stage.instructions.filter((instruction) => instruction.keyword === 'USER').at(-1);
      assert.ok(user, `${target}: no USER (DL3002)`);
      const [uid] = user.args.split(':');
      assert.match(uid!, /^\d+$/, `${target}: USER must be numeric for runAsNonRoot`);
      assert.notEqual(Number(uid), 0, `${target} runs as root`);
      const cmd = stage.instructions.filter((instruction) => instruction.keyword === 'CMD').at(-1);
      assert.ok(cmd && Array.isArray(JSON.parse(cmd.args)), `${target}: CMD in JSON form (DL3025)`);
    }
  });

  it('starts both worker images with the process environment a worker needs (WORKER_PROCESS_ENV)', () => {
    for (const target of ['worker', 'worker-cuda']) {
      const stage = stages.find((candidate) => candidate.name === target)!;
      // The WebGPU provider's Vulkan loader and NVIDIA's driver manifest, in both worker images.
      assert.ok(
        stage.instructions.some(
          (instruction) =>
            instruction.keyword === 'RUN' && /apt-get install .*libvulkan1/.test(instruction.args),
        ),
        `${target}: installs libvulkan1`,
      );
      assert.ok(
        stage.instructions.some(
          (instruction) =>
            instruction.keyword === 'COPY' && instruction.args.endsWith('/etc/vulkan/icd.d/nvidia_icd.json'),
        ),
        `${target}: NVIDIA's Vulkan ICD manifest`,
      );
      const env = new Map(
        stage.instructions
          .filter((instruction) => instruction.keyword === 'ENV')
          .flatMap((instruction) => instruction.args.split(/\s+/))
          .map((pair) => pair.split('=', 2) as [string, string]),
      );
      for (const [name, value] of Object.entries(WORKER_PROCESS_ENV))
        assert.equal(env.get(name), value, `${target}: ENV ${name}=${value}`);
    }
  });

  it('installs pnpm at the version of packageManager and uses COPY, not ADD', () => {
    const manager = (
      JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { packageManager: string }
    ).packageManager;
    const pnpmVersion = instructions.find((instruction) => instruction.args.startsWith('PNPM_VERSION='));
    assert.equal(`pnpm@${pnpmVersion?.args.split('=')[1]}`, manager);
    for (const instruction of instructions) {
      assert.notEqual(instruction.keyword, 'ADD', `line ${instruction.line}: COPY instead of ADD (DL3020)`);
      if (instruction.keyword === 'RUN' && /npm install/.test(instruction.args)) {
        assert.match(
          instruction.args,
          /pnpm@\$\{PNPM_VERSION\}/,
          `line ${instruction.line}: pin npm packages (DL3016)`,
        );
      }
    }
  });

  it('copies only files the build context has and its .dockerignore keeps', () => {
    const ignored = readFileSync(join(dockerDir, 'Dockerfile.dockerignore'), 'utf8')
      .split('\n')
      .filter((line) => line && !line.startsWith('#'));
    assert.ok(ignored.includes('**/node_modules'), 'host node_modules must not reach pnpm deploy');
    for (const instruction of instructions) {
      if (instruction.keyword !== 'COPY' || instruction.args.startsWith('--from')) continue;
      const sources = instruction.args.split(/\s+/).slice(0, -1);
      for (const source of sources.filter((path) => path !== '.')) {
        assert.ok(
          existsSync(join(repoRoot, source)),
          `line ${instruction.line}: ${source} is not in the repository`,
        );
        assert.ok(
          !ignored.some((pattern) => source === pattern || source.startsWith(`${pattern}/`)),
          `${source} is excluded by Dockerfile.dockerignore`,
        );
      }
    }
    for (const script of ['deploy/docker/build-app.sh', 'deploy/docker/prepare-model.sh']) {
      assert.ok(dockerfile.includes(script), `the Dockerfile runs ${script}`);
      assert.ok(
        !ignored.some((pattern) => script.startsWith(pattern)),
        `${script} is excluded from the context`,
      );
    }
  });

  it('runs scripts that shellcheck finds no fault with', (t) => {
    if (!requireTool(t, onPath('shellcheck'), 'shellcheck', 'apt-get install shellcheck (.ci/run does)'))
      return;
    const run = spawnSync(
      'shellcheck',
      [
        '--shell=sh',
        join(dockerDir, 'build-app.sh'),
        join(dockerDir, 'prepare-model.sh'),
        // The GPU check runs on a bare GPU machine's /bin/sh too.
        join(repoRoot, 'bench', 'gpu-check.sh'),
      ],
      { encoding: 'utf8' },
    );
    assert.equal(run.status, 0, run.stdout);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// The images' apps, built by deploy/docker/build-app.sh exactly as the Dockerfile builds them, run the way the
// images and the chart run them: the init container's prepare-model pulls a model from a (stand-in) hub into a
// store, the worker serves the link it made, the gateway answers a call from the image's CLI.

/** The services' command, read from the Dockerfile so that the test runs exactly what the images run. */
function imageCommand(): string[] {
  const commands = parseDockerfile(readFileSync(join(dockerDir, 'Dockerfile'), 'utf8'))
    .filter((instruction) => instruction.keyword === 'CMD')
    .map((instruction) => instruction.args);
  assert.equal(new Set(commands).size, 1, `every image runs the same command: ${commands.join(' | ')}`);
  const command = JSON.parse(commands[0]!) as string[];
  assert.equal(command[0], 'node');
  return command.slice(1);
}

/** A deployed app run as its image runs it (the Dockerfile's CMD, in the app directory). */
function startApp(appDir: string, env: Record<string, string>, ready: RegExp): Promise<ChildProcess> {
  const child = spawn(process.execPath, imageCommand(), {
    cwd: appDir,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, SIEVE_LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${appDir} not ready in 60 s:\n${output.join('')}`));
    }, 60_000);
    for (const stream of [child.stdout, child.stderr]) {
      stream?.setEncoding('utf8');
      stream?.on('data', (chunk: string) => {
        output.push(chunk);
        if (ready.test(output.join(''))) {
          clearTimeout(timer);
          resolve(child);
        }
      });
    }
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${appDir} exited with ${code}:\n${output.join('')}`));
    });
  });
}

const stopApp = (child: ChildProcess | undefined) =>
  new Promise<number | null>((resolve) => {
    if (!child || child.exitCode !== null) return resolve(child?.exitCode ?? null);
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });

describe('the images’ apps', { timeout: 240_000 }, () => {
  let workDir: string;
  let hub: FakeHub | undefined;
  let redis: RedisServerFixture | undefined;
  const apps = new Map<string, string>();
  const running: ChildProcess[] = [];
  const hasPnpm = onPath('pnpm');

  before(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'sieve-apps-'));
    if (!hasPnpm) return;
    for (const app of ['gateway', 'worker', 'cli']) {
      const out = join(workDir, app);
      const build = spawnSync('sh', [join(dockerDir, 'build-app.sh'), app, out], {
        cwd: repoRoot,
        encoding: 'utf8',
        env: { ...process.env, ONNXRUNTIME_NODE_INSTALL: 'skip' },
      });
      assert.equal(build.status, 0, `build-app.sh ${app}:\n${build.stdout}${build.stderr}`);
      apps.set(app, out);
    }
    const tiny = await tinyModelDir();
    const files: Record<string, FakeRepoFile> = {};
    for (const path of [
      'config.json',
      'tokenizer.json',
      'tokenizer_config.json',
      'special_tokens_map.json',
      'onnx/model.onnx',
    ]) {
      files[path] = { content: readFileSync(join(tiny, path)), lfs: path.endsWith('.onnx') };
    }
    hub = await FakeHub.start(files);
    redis = await RedisServerFixture.start();
  });
  after(async () => {
    await Promise.all(running.map((child) => stopApp(child)));
    await hub?.close();
    await redis?.close();
    rmSync(workDir, { recursive: true, force: true });
  });

  it('are built without the repository around them, and hold no other platform’s ONNX Runtime', (t) => {
    if (!requireTool(t, hasPnpm, 'pnpm', 'npm install -g pnpm@10')) return;
    for (const [app, dir] of apps) {
      if (app === 'cli')
        assert.ok(existsSync(join(dir, 'node_modules/tsx/package.json')), 'cli: tsx, which runs its sources');
      else assert.ok(existsSync(join(dir, 'dist/main.js')), `${app}: the compiled service`);
      assert.ok(
        !existsSync(join(dir, 'node_modules/.pnpm/node_modules/@sieve/testing')),
        `${app}: no test fixtures`,
      );
      for (const ort of readdirSync(join(dir, 'node_modules/.pnpm')).filter((name) =>
        name.startsWith('onnxruntime-node@'),
      )) {
        const platforms = readdirSync(
          join(dir, 'node_modules/.pnpm', ort, 'node_modules/onnxruntime-node/bin/napi-v6'),
        );
        assert.deepEqual(platforms, [process.platform], app);
      }
    }
  });

  it('pull a model in the init container, serve it from the worker and answer through the gateway', async (t) => {
    if (!requireTool(t, hasPnpm, 'pnpm', 'npm install -g pnpm@10')) return;
    const store = join(workDir, 'models');
    const link = join(store, 'sentiment.serving');
    // Asynchronously: the stand-in hub answers from this process's event loop.
    const pulled = await new Promise<{ code: number | null; output: string }>((resolve) => {
      const child = spawn('sh', [join(dockerDir, 'prepare-model.sh')], {
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          SIEVE_CLI_DIR: apps.get('cli')!,
          SIEVE_MODEL_DIR: link,
          SIEVE_PULL_MODEL: 'distilbert-multilingual-sentiment',
          HF_ENDPOINT: hub!.endpoint,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.once('exit', (code) => resolve({ code, output }));
    });
    assert.equal(pulled.code, 0, pulled.output);
    assert.equal(readlinkSync(link), `sentiment/${hub!.commit.slice(0, 12)}`);
    assert.ok(existsSync(join(link, 'manifest.json')));

    const grpcPort = await freePort();
    running.push(
      await startApp(
        apps.get('worker')!,
        { REDIS_URL: redis!.url, SIEVE_MODEL_DIR: link, SIEVE_MODEL_NAME: 'sentiment' },
        /worker ready/,
      ),
    );
    running.push(
      await startApp(
        apps.get('gateway')!,
        { REDIS_URL: redis!.url, SIEVE_GRPC_ADDRESS: `127.0.0.1:${grpcPort}` },
        /gateway listening/,
      ),
    );
    const classified = await new Promise<{ code: number | null; output: string }>((resolve) => {
      const child = spawn(
        process.execPath,
        [
          join(apps.get('cli')!, 'bin/sieve.js'),
          'classify',
          '--address',
          `127.0.0.1:${grpcPort}`,
          '--json',
          'hello',
        ],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.once('exit', (code) => resolve({ code, output }));
    });
    assert.equal(classified.code, 0, classified.output);
    const result = JSON.parse(classified.output.trim().split('\n').at(-1)!) as { labels: unknown[] };
    assert.equal(result.labels.length, 3);
    // SIGTERM: both finish what they hold and exit cleanly, as Kubernetes expects of a terminating pod.
    for (const child of running.splice(0)) assert.equal(await stopApp(child), 0);
  });
});
