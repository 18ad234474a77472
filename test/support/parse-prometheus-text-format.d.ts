declare module 'parse-prometheus-text-format' {
  /** Metric families as the Prometheus text format has them: name, type, help and the samples. */
  export default function parsePrometheusTextFormat(text: string): {
    name: string;
    type: string;
    help: string;
    metrics: { labels?: Record<string, string>; value?: string; buckets?: Record<string, string> }[];
  }[];
}
