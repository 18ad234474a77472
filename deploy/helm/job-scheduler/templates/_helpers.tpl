{{/* The job definition served: .Values.job, else the release name. */}}
{{- define "job-scheduler.job" -}}
{{- default .Release.Name .Values.job | trunc 39 | trimSuffix "-" -}}
{{- end -}}

{{/* The name of everything but the Service, which is the job's own. */}}
{{- define "job-scheduler.fullname" -}}
{{- printf "%s-scheduler" (include "job-scheduler.job" .) -}}
{{- end -}}

{{- define "job-scheduler.selectorLabels" -}}
app.kubernetes.io/name: job-scheduler
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: {{ include "job-scheduler.job" . }}
{{- end -}}

{{- define "job-scheduler.labels" -}}
{{ include "job-scheduler.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}
