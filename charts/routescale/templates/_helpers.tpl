{{/* Names follow Helm's conventions: 63 characters at most (DNS label). */}}
{{- define "routescale.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "routescale.fullname" -}}
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

{{- define "routescale.selectorLabels" -}}
app.kubernetes.io/name: {{ include "routescale.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: autoscaler
{{- end -}}

{{- define "routescale.labels" -}}
{{ include "routescale.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/part-of: routescale
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{- define "routescale.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "routescale.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "routescale.policyConfigMap" -}}
{{- default (printf "%s-policy" (include "routescale.fullname" .)) .Values.policy.configMapName -}}
{{- end -}}

{{- define "routescale.image" -}}
{{- printf "%s:%s" .image.repository (default .context.Chart.AppVersion .image.tag) -}}
{{- end -}}

{{/* Where Traefik runs, and the labels the Traefik chart puts on its pods (its traefik.labelselector helper). */}}
{{- define "routescale.traefikNamespace" -}}
{{- default .Release.Namespace .Values.traefik.namespace -}}
{{- end -}}

{{- define "routescale.traefikInstance" -}}
{{- $instance := printf "%s-%s" (default .Release.Name .Values.traefik.releaseName) (include "routescale.traefikNamespace" .) -}}
{{- default $instance .Values.traefik.instanceLabelOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "routescale.traefikSelector" -}}
app.kubernetes.io/name: {{ .Values.traefik.name }}
app.kubernetes.io/instance: {{ include "routescale.traefikInstance" . }}
{{- end -}}

{{/* Pod Security Standard "restricted": https://kubernetes.io/docs/concepts/security/pod-security-standards/ */}}
{{- define "routescale.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: 65532
runAsGroup: 65532
fsGroup: 65532
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{- define "routescale.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
runAsNonRoot: true
runAsUser: 65532
runAsGroup: 65532
capabilities:
  drop: [ALL]
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* Where the autoscaler queries Prometheus: the value, or prometheus-operated in the release namespace. */}}
{{- define "routescale.prometheusUrl" -}}
{{- default (printf "http://prometheus-operated.%s:9090" .Release.Namespace) .Values.autoscaler.prometheusUrl -}}
{{- end -}}
