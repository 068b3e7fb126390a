import Prometheus

/// The one registry `/metrics` reads. The executable's `main` points swift-metrics at it
/// (`MetricsSystem.bootstrap(PrometheusMetricsFactory(registry:))`), so every `Counter` and
/// `Timer` the libraries make lands here.
public enum ServiceMetrics {
    public static let registry = PrometheusCollectorRegistry()
}
