{{/*
The service's name: the chart's (every object is named after it, as in the
kustomize layout; the release name does not prefix it).
*/}}
{{- define "runway.name" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* name-version, for the helm.sh/chart label */}}
{{- define "runway.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
The selector of the service's pods: the name only (the Deployment's or
Rollout's selector is immutable; the other labels may change).
*/}}
{{- define "runway.selectorLabels" -}}
app.kubernetes.io/name: {{ include "runway.name" . }}
{{- end }}

{{/* The labels of the pods: the contract's, without the environment. */}}
{{- define "runway.podLabels" -}}
{{ include "runway.selectorLabels" . }}
app.kubernetes.io/part-of: {{ required "partOf (the service's system) is required" .Values.partOf }}
backstage.io/kubernetes-id: {{ include "runway.name" . }}
runway.io/team: {{ required "team (the owning team) is required" .Values.team }}
{{- end }}

{{/*
The labels of every object: the contract's (Backstage's Kubernetes tab
finds the objects by backstage.io/kubernetes-id), the environment, and
Helm's own.
*/}}
{{- define "runway.labels" -}}
{{ include "runway.podLabels" . }}
environment: {{ required "environment is required: install with -f chart/values-<env>.yaml" .Values.environment }}
helm.sh/chart: {{ include "runway.chart" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/* canary: an Argo Rollouts Rollout; rolling: a Deployment */}}
{{- define "runway.canary" -}}
{{- if eq .Values.strategy "canary" }}true{{ end }}
{{- end }}
