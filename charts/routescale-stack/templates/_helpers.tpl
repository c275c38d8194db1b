{{/*
The routescale subchart's policy ConfigMap name, computed as its routescale.fullname and routescale.policyConfigMap
helpers do. Restated, not included: `helm lint` on a fresh checkout has no subcharts to include from.
StackChartTest.notesNameWhatTheChartsCreate pins it to what the subchart renders.
*/}}
{{- define "routescale-stack.policyConfigMap" -}}
{{- $v := .Values.routescale -}}
{{- $full := "" -}}
{{- if $v.fullnameOverride -}}
{{- $full = $v.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default "routescale" $v.nameOverride -}}
{{- $full = ternary .Release.Name (printf "%s-%s" .Release.Name $name) (contains $name .Release.Name) | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- default (printf "%s-policy" $full) (($v.policy).configMapName) -}}
{{- end -}}
