{{/* Names and labels. */}}
{{- define "sieve.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "sieve.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "sieve.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/name: {{ include "sieve.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: sieve
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* Selector labels of one component: (list $ "gateway") or (list $ "worker" "<pool>"). */}}
{{- define "sieve.selectorLabels" -}}
{{- $root := index . 0 -}}
app.kubernetes.io/name: {{ include "sieve.name" $root }}
app.kubernetes.io/instance: {{ $root.Release.Name }}
app.kubernetes.io/component: {{ index . 1 }}
{{- if gt (len .) 2 }}
sieve.dev/worker-pool: {{ index . 2 }}
{{- end }}
{{- end -}}

{{- define "sieve.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "sieve.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/*
image reference: (list $ .Values.images.gateway "") — the last item is a suffix for the default tag. A digest wins
over the tag: a tag can be moved, a digest names the bytes that were tested.
*/}}
{{- define "sieve.image" -}}
{{- $root := index . 0 -}}
{{- $image := index . 1 -}}
{{- if $image.digest -}}
{{- printf "%s@%s" $image.repository $image.digest -}}
{{- else -}}
{{- $tag := $image.tag | default (printf "%s%s" $root.Chart.AppVersion (index . 2)) -}}
{{- printf "%s:%s" $image.repository $tag -}}
{{- end -}}
{{- end -}}

{{/* The name of the models file's ConfigMap, or "" when modelsFile is off. */}}
{{- define "sieve.modelsConfigMap" -}}
{{- if .Values.modelsFile.enabled -}}
{{- .Values.modelsFile.existingConfigMap | default (printf "%s-models" (include "sieve.fullname" .)) -}}
{{- end -}}
{{- end -}}

{{/*
An env value as Kubernetes wants it (a string). Helm reads every YAML number as a float, which would print
10000000 as 1e+07.
*/}}
{{- define "sieve.envValue" -}}
{{- if or (kindIs "float64" .) (kindIs "int64" .) (kindIs "int" .) -}}
{{- if eq (float64 .) (floor .) -}}{{- printf "%d" (int64 .) -}}{{- else -}}{{- . -}}{{- end -}}
{{- else -}}
{{- toString . -}}
{{- end -}}
{{- end -}}

{{/* name/value env entries from a map, in key order. */}}
{{- define "sieve.envFromMap" -}}
{{- range $name, $value := . }}
- name: {{ $name }}
  value: {{ include "sieve.envValue" $value | quote }}
{{- end }}
{{- end -}}

{{/*
Deep merge of two maps, the second winning: (list $base $override) -> YAML. sprig's merge functions cannot set a
value to false, 0 or "" over a default (they skip empty values), which a pool overriding workerDefaults needs.
*/}}
{{- define "sieve.merge" -}}
{{- $out := deepCopy (index . 0) -}}
{{- range $key, $value := index . 1 -}}
{{- $current := index $out $key -}}
{{- if and (kindIs "map" $value) (kindIs "map" $current) -}}
{{- $_ := set $out $key (include "sieve.merge" (list $current $value) | fromYaml) -}}
{{- else -}}
{{- $_ := set $out $key $value -}}
{{- end -}}
{{- end -}}
{{- toYaml $out -}}
{{- end -}}

{{/* A worker pool with workerDefaults under it: (list $ pool) -> YAML. */}}
{{- define "sieve.workerPool" -}}
{{- include "sieve.merge" (list (index . 0).Values.workerDefaults (index . 1)) -}}
{{- end -}}

{{- define "sieve.workerName" -}}
{{- printf "%s-worker-%s" (include "sieve.fullname" (index . 0)) (index . 1).name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* name@version, as the gateway labels its metrics. */}}
{{- define "sieve.modelRef" -}}
{{- printf "%s@%s" .model.name (include "sieve.envValue" .model.version) -}}
{{- end -}}

{{/* name@version as queue names carry it (packages/queue/src/queue-keys.ts keeps only these characters). */}}
{{- define "sieve.queueModelRef" -}}
{{- regexReplaceAll "[^A-Za-z0-9._@+-]" (printf "%s@%s" .model.name (include "sieve.envValue" .model.version)) "_" -}}
{{- end -}}

{{/*
The directory the worker serves. For pull and synth it is a link the init container (deploy/docker/prepare-model.sh)
points at the version it fetched: the store keeps each commit in a folder of its own, <store>/<name>/<commit>/,
known only once the hub has answered.
*/}}
{{- define "sieve.modelDir" -}}
{{- if eq .model.source "volume" -}}
{{- printf "/models/%s" (trimPrefix "/" .model.path) -}}
{{- else -}}
{{- printf "/models/%s.serving" .name -}}
{{- end -}}
{{- end -}}

{{/* Threads for ONNX Runtime from a CPU quantity ("2", 2, "1500m"), at least 1. */}}
{{- define "sieve.cpuThreads" -}}
{{- $quantity := toString . -}}
{{- if hasSuffix "m" $quantity -}}
{{- max 1 (div (trimSuffix "m" $quantity | atoi) 1000) -}}
{{- else -}}
{{- max 1 (int (floor (float64 $quantity))) -}}
{{- end -}}
{{- end -}}

{{- define "sieve.bundledRedisName" -}}
{{- printf "%s-redis" (include "sieve.fullname" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Env entries every sieve container shares: Redis, the queue prefix. */}}
{{- define "sieve.redisEnv" -}}
{{- $redis := .Values.redis -}}
{{- if $redis.urlSecret.name }}
- name: REDIS_URL
  valueFrom:
    secretKeyRef:
      name: {{ $redis.urlSecret.name }}
      key: {{ $redis.urlSecret.key }}
{{- else }}
{{- $url := $redis.url -}}
{{- if $redis.bundled.enabled }}
{{- $url = printf "redis://%s:6379" (include "sieve.bundledRedisName" .) -}}
{{- end }}
{{- if $redis.auth.passwordSecret.name }}
- name: REDIS_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $redis.auth.passwordSecret.name }}
      key: {{ $redis.auth.passwordSecret.key }}
{{- $scheme := regexFind "^rediss?://" $url }}
{{- /* Kubernetes expands $(REDIS_PASSWORD) from the entry above, so the password never sits in the pod spec. */}}
- name: REDIS_URL
  value: {{ printf "%s%s:$(REDIS_PASSWORD)@%s" $scheme $redis.auth.username (trimPrefix $scheme $url) | quote }}
{{- else }}
- name: REDIS_URL
  value: {{ $url | quote }}
{{- end }}
{{- end }}
- name: REDIS_CLUSTER
  value: {{ ternary "true" "false" (and $redis.cluster (not $redis.bundled.enabled)) | quote }}
{{- if $redis.tls.caSecret.name }}
- name: REDIS_TLS_CA_FILE
  value: /etc/sieve/redis-ca/{{ $redis.tls.caSecret.key }}
{{- end }}
- name: SIEVE_QUEUE_PREFIX
  value: {{ $redis.queuePrefix | quote }}
{{- end -}}

{{- define "sieve.redisCaVolume" -}}
{{- if .Values.redis.tls.caSecret.name }}
- name: redis-ca
  secret:
    secretName: {{ .Values.redis.tls.caSecret.name }}
{{- end }}
{{- end -}}

{{- define "sieve.redisCaMount" -}}
{{- if .Values.redis.tls.caSecret.name }}
- name: redis-ca
  mountPath: /etc/sieve/redis-ca
  readOnly: true
{{- end }}
{{- end -}}

{{/* OTEL_* env entries: (list $ "sieve-gateway" extraResourceAttributes). */}}
{{- define "sieve.otelEnv" -}}
{{- $root := index . 0 -}}
{{- $otel := $root.Values.otel -}}
{{- if $otel.enabled }}
- name: OTEL_SERVICE_NAME
  value: {{ index . 1 | quote }}
- name: OTEL_EXPORTER_OTLP_ENDPOINT
  value: {{ $otel.endpoint | quote }}
- name: OTEL_EXPORTER_OTLP_PROTOCOL
  value: {{ $otel.protocol | quote }}
- name: OTEL_TRACES_SAMPLER
  value: {{ $otel.sampler | quote }}
{{- if $otel.samplerArg }}
- name: OTEL_TRACES_SAMPLER_ARG
  value: {{ include "sieve.envValue" $otel.samplerArg | quote }}
{{- end }}
{{- if $otel.headersSecret.name }}
- name: OTEL_EXPORTER_OTLP_HEADERS
  valueFrom:
    secretKeyRef:
      name: {{ $otel.headersSecret.name }}
      key: {{ $otel.headersSecret.key }}
{{- end }}
- name: POD_NAME
  valueFrom:
    fieldRef:
      fieldPath: metadata.name
- name: POD_NAMESPACE
  valueFrom:
    fieldRef:
      fieldPath: metadata.namespace
{{- $attributes := list "k8s.pod.name=$(POD_NAME)" "k8s.namespace.name=$(POD_NAMESPACE)" (printf "service.version=%s" $root.Chart.AppVersion) -}}
{{- range $key, $value := index . 2 }}
{{- $attributes = append $attributes (printf "%s=%s" $key (include "sieve.envValue" $value)) -}}
{{- end }}
{{- range $key, $value := $otel.resourceAttributes }}
{{- $attributes = append $attributes (printf "%s=%s" $key (include "sieve.envValue" $value)) -}}
{{- end }}
- name: OTEL_RESOURCE_ATTRIBUTES
  value: {{ join "," $attributes | quote }}
{{- end }}
{{- end -}}

{{/* Volumes every sieve container needs with a read-only root filesystem: tsx caches its compiled sources in /tmp. */}}
{{- define "sieve.tmpVolume" -}}
- name: tmp
  emptyDir:
    sizeLimit: 256Mi
{{- end -}}

{{- define "sieve.tmpMount" -}}
- name: tmp
  mountPath: /tmp
{{- end -}}

{{/*
Rules across values that JSON Schema cannot say clearly; each failure names the values to set.
*/}}
{{- define "sieve.validate" -}}
{{- $redis := .Values.redis -}}
{{- if not (or $redis.url $redis.urlSecret.name $redis.bundled.enabled) -}}
{{- fail "redis: set redis.url (or redis.urlSecret.name) to your Redis, or redis.bundled.enabled=true to try sieve with a single bundled instance" -}}
{{- end -}}
{{- if and $redis.bundled.enabled (or $redis.url $redis.urlSecret.name) -}}
{{- fail "redis: redis.bundled.enabled=true serves its own URL; leave redis.url and redis.urlSecret empty" -}}
{{- end -}}
{{- if and $redis.auth.passwordSecret.name (contains "@" $redis.url) -}}
{{- fail "redis: redis.url already carries credentials (user:password@); drop them or redis.auth.passwordSecret" -}}
{{- end -}}
{{- if and $redis.auth.passwordSecret.name $redis.urlSecret.name -}}
{{- fail "redis: redis.urlSecret holds the whole URL, credentials included; redis.auth.passwordSecret does not apply" -}}
{{- end -}}
{{- $auth := .Values.auth -}}
{{- if not (or $auth.tenants.existingSecret $auth.tenants.config $auth.adminToken.secret.name $auth.allowOpen) -}}
{{- fail "auth: configure tenants (auth.tenants.existingSecret or auth.tenants.config) and/or an admin token (auth.adminToken.secret.name); auth.allowOpen=true serves everyone without keys" -}}
{{- end -}}
{{- if and $auth.tenants.existingSecret $auth.tenants.config -}}
{{- fail "auth: set auth.tenants.existingSecret or auth.tenants.config, not both" -}}
{{- end -}}
{{- if and .Values.otel.enabled (not .Values.otel.endpoint) -}}
{{- fail "otel: otel.enabled=true needs otel.endpoint (OTEL_EXPORTER_OTLP_ENDPOINT)" -}}
{{- end -}}
{{- if and .Values.gateway.console.enabled (not (and (or .Values.gateway.adminHttp.enabled .Values.gateway.http.enabled) $auth.adminToken.secret.name)) -}}
{{- fail "gateway.console: gateway.console.enabled=true needs gateway.adminHttp.enabled=true (its own port, recommended) or gateway.http.enabled=true (it is served on one of them) and auth.adminToken.secret.name (it signs in with the admin token)" -}}
{{- end -}}
{{- with .Values.gateway.adminHttp -}}
{{- if and .enabled (not $auth.adminToken.secret.name) -}}
{{- fail "gateway.adminHttp: gateway.adminHttp.enabled=true needs auth.adminToken.secret.name (the admin port serves the Admin API, which takes the admin token)" -}}
{{- end -}}
{{- if and .enabled (has (int .port) (list (int $.Values.gateway.grpcPort) (int $.Values.gateway.http.port) (int $.Values.gateway.metrics.port))) -}}
{{- fail "gateway.adminHttp: gateway.adminHttp.port must differ from gateway.grpcPort, gateway.http.port and gateway.metrics.port" -}}
{{- end -}}
{{- end -}}
{{- with .Values.modelsFile -}}
{{- if and .enabled (not .existingConfigMap) (not .config) -}}
{{- fail "modelsFile: modelsFile.enabled=true needs modelsFile.config (the file) or modelsFile.existingConfigMap" -}}
{{- end -}}
{{- if and .existingConfigMap .config -}}
{{- fail "modelsFile: set modelsFile.existingConfigMap or modelsFile.config, not both" -}}
{{- end -}}
{{- end -}}
{{- with .Values.gateway.route -}}
{{- if and .enabled (not .parentRefs) -}}
{{- fail "gateway.route: gateway.route.enabled=true needs gateway.route.parentRefs (the Gateway the routes attach to)" -}}
{{- end -}}
{{- end -}}
{{- with .Values.gateway.ingress -}}
{{- if and .enabled (not .grpc.hosts) (not .http.hosts) -}}
{{- fail "gateway.ingress: gateway.ingress.enabled=true needs gateway.ingress.grpc.hosts or gateway.ingress.http.hosts" -}}
{{- end -}}
{{- if and .enabled .http.hosts (not $.Values.gateway.http.enabled) -}}
{{- fail "gateway.ingress: gateway.ingress.http.hosts route to the HTTP/JSON port; set gateway.http.enabled=true" -}}
{{- end -}}
{{- end -}}
{{- with .Values.gateway.route -}}
{{- if and .enabled .http.hostnames (not $.Values.gateway.http.enabled) -}}
{{- fail "gateway.route: gateway.route.http.hostnames route to the HTTP/JSON port; set gateway.http.enabled=true" -}}
{{- end -}}
{{- end -}}
{{- $names := dict -}}
{{- range .Values.workers -}}
{{- if hasKey $names .name -}}
{{- fail (printf "workers: two pools are named %q" .name) -}}
{{- end -}}
{{- $_ := set $names .name true -}}
{{- $pool := include "sieve.workerPool" (list $ .) | fromYaml -}}
{{- if and (eq $pool.model.source "volume") (not $pool.model.path) -}}
{{- fail (printf "workers[%s]: model.source=volume needs model.path, the model directory on the volume" .name) -}}
{{- end -}}
{{- if and (eq $pool.model.source "volume") (ne $pool.modelVolume.type "persistentVolumeClaim") -}}
{{- fail (printf "workers[%s]: model.source=volume needs modelVolume.type=persistentVolumeClaim (an emptyDir starts empty)" .name) -}}
{{- end -}}
{{- if and (eq $pool.modelVolume.type "persistentVolumeClaim") (not $pool.modelVolume.claimName) -}}
{{- fail (printf "workers[%s]: modelVolume.type=persistentVolumeClaim needs modelVolume.claimName" .name) -}}
{{- end -}}
{{- if and $pool.keda.enabled (eq $pool.keda.trigger "prometheus") (not $pool.keda.prometheus.serverAddress) -}}
{{- fail (printf "workers[%s]: keda.trigger=prometheus needs keda.prometheus.serverAddress" .name) -}}
{{- end -}}
{{- if and $pool.keda.enabled (eq $pool.keda.trigger "redis") (not $pool.keda.redis.address) (not $redis.bundled.enabled) (not $redis.url) -}}
{{- fail (printf "workers[%s]: keda.trigger=redis needs keda.redis.address (host:port) when the Redis URL is in a Secret" .name) -}}
{{- end -}}
{{- if and $pool.keda.enabled (eq $pool.keda.trigger "redis") $redis.cluster -}}
{{- fail (printf "workers[%s]: the KEDA redis trigger reads one Redis server; on Redis Cluster use keda.trigger=prometheus" .name) -}}
{{- end -}}
{{- if gt (int $pool.keda.minReplicas) (int $pool.keda.maxReplicas) -}}
{{- fail (printf "workers[%s]: keda.minReplicas is above keda.maxReplicas" .name) -}}
{{- end -}}
{{- end -}}
{{- /* The gateway's drain (SIEVE_DRAIN_TIMEOUT_MS), then a second for the last statuses and one to close. */ -}}
{{- $drainSeconds := div (add (int (get (.Values.gateway.env | default dict) "SIEVE_DRAIN_TIMEOUT_MS" | default 10000)) 999) 1000 -}}
{{- if lt (int .Values.gateway.terminationGracePeriodSeconds) (add (int .Values.gateway.preStopSleepSeconds) $drainSeconds 2) -}}
{{- fail (printf "gateway: terminationGracePeriodSeconds must cover preStopSleepSeconds plus the gateway's drain (gateway.env.SIEVE_DRAIN_TIMEOUT_MS, %d s) plus 2 s" $drainSeconds) -}}
{{- end -}}
{{- if and .Values.gateway.autoscaling.enabled (gt (int .Values.gateway.autoscaling.minReplicas) (int .Values.gateway.autoscaling.maxReplicas)) -}}
{{- fail "gateway: autoscaling.minReplicas is above autoscaling.maxReplicas" -}}
{{- end -}}
{{- end -}}
