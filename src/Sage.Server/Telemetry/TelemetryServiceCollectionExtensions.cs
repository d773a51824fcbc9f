using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Sage.Server.Telemetry;

public static class TelemetryServiceCollectionExtensions
{
    /// <summary>Meters the runtime and ASP.NET Core publish themselves (.NET 9+), collected beside SAGE's own.</summary>
    private static readonly string[] PlatformMeters =
    [
        "System.Runtime",
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.Http.Connections",
        "Microsoft.AspNetCore.Routing",
        "Microsoft.AspNetCore.Diagnostics",
        "Microsoft.AspNetCore.RateLimiting",
        "System.Net.Http",
        "System.Net.NameResolution",
    ];

    /// <summary>
    /// OpenTelemetry metrics and traces: SAGE's meters (<c>Sage.*</c>), ASP.NET Core, Kestrel, HttpClient and the
    /// runtime (memory, CPU, GC); a Prometheus scrape endpoint; OTLP export when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>
    /// (or a signal-specific variant) is set, configured by the standard <c>OTEL_*</c> variables.
    /// </summary>
    public static WebApplicationBuilder AddSageTelemetry(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<MetricsOptions>()
            .BindConfiguration(MetricsOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        // A metrics port of its own is one more address beside the configured ones (loopback unless told).
        if (builder.Configuration.GetValue<int?>($"{MetricsOptions.SectionName}:Port") is { } metricsPort && metricsPort is > 0 and <= 65535)
        {
            var host = builder.Configuration[$"{MetricsOptions.SectionName}:Host"] is { Length: > 0 } configured ? configured : "127.0.0.1";
            var urls = builder.Configuration[WebHostDefaults.ServerUrlsKey];
            builder.WebHost.UseUrls(string.IsNullOrWhiteSpace(urls)
                ? $"http://{host}:{metricsPort}"
                : $"{urls};http://{host}:{metricsPort}");
        }

        var otlpMetrics = HasOtlpEndpoint(builder.Configuration, "METRICS");
        var otlpTraces = HasOtlpEndpoint(builder.Configuration, "TRACES");
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(SageTelemetry.ServiceName))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(SageTelemetry.MeterPrefix, SageTelemetry.MeterPrefix + ".*").AddMeter(PlatformMeters);
                metrics.AddPrometheusExporter();
                if (otlpMetrics)
                {
                    metrics.AddOtlpExporter();
                }
            })
            .WithTracing(tracing =>
            {
                tracing.AddSource(SageTelemetry.Source.Name)
                    .AddAspNetCoreInstrumentation(o => o.Filter = context => !context.Request.Path.StartsWithSegments("/metrics"))
                    // Presigned URLs carry signatures in their query: never record one.
                    .AddHttpClientInstrumentation(o => o.EnrichWithHttpRequestMessage = static (activity, request) =>
                    {
                        if (request.RequestUri is { Query.Length: > 0 } uri)
                        {
                            activity.SetTag("url.full", uri.GetLeftPart(UriPartial.Path));
                        }
                    });
                if (otlpTraces)
                {
                    tracing.AddOtlpExporter();
                }
            });
        return builder;
    }

    /// <summary><c>GET /metrics</c> in Prometheus' text format, on its own port when one is set.</summary>
    public static IEndpointConventionBuilder? MapMetrics(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<MetricsOptions>>().Value;
        if (!options.Enabled)
        {
            return null;
        }

        var endpoint = app.MapPrometheusScrapingEndpoint("/metrics");
        if (options.Port is { } port)
        {
            // Its own port is the operator's choice of who may reach it.
            endpoint.RequireHost($"*:{port}").AllowAnonymous();
        }
        else
        {
            endpoint.RequireAuthorization(Auth.SageRoles.Admin);
        }

        return endpoint;
    }

    private static bool HasOtlpEndpoint(ConfigurationManager configuration, string signal) =>
        !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]) ||
        !string.IsNullOrWhiteSpace(configuration[$"OTEL_EXPORTER_OTLP_{signal}_ENDPOINT"]);
}
