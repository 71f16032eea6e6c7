using System.Net;
using GridDispatch.Tests.Infrastructure;

namespace GridDispatch.Tests.Security;

/// <summary>
/// The operator surfaces (metrics, the Orleans Dashboard with its live log and reminder list when asked for, the
/// installation record, the OpenAPI document) are only on the management listener; the public port serves the app and a terse health, the
/// gRPC port gRPC only; the pages carry their security headers and no source maps.
/// </summary>
[Collection(DemoSiloCollections.Screen)]
public sealed class OperatorSurfacesTests(DemoSiloFixture f)
{
    private static readonly string[] OperatorPaths = ["/metrics", "/orleans/", "/orleans/Trace", "/orleans/Reminders", "/api/installation", "/openapi/v1.json"];

    [Fact]
    public async Task Operator_surfaces_answer_only_on_the_management_listener()
    {
        using var publicPort = new HttpClient { BaseAddress = f.Silo.BaseAddress };
        using var management = new HttpClient { BaseAddress = f.Silo.ManagementAddress };
        foreach (var path in OperatorPaths)
            Assert.Equal((path, HttpStatusCode.NotFound), (path, (await publicPort.GetAsync(path)).StatusCode));
        // Not even with the management port's name in the Host header: the port the connection came in on decides.
        using var spoofed = new HttpRequestMessage(HttpMethod.Get, "/metrics") { Headers = { Host = $"127.0.0.1:{f.Silo.ManagementAddress.Port}" } };
        Assert.Equal(HttpStatusCode.NotFound, (await publicPort.SendAsync(spoofed)).StatusCode);

        var metrics = await management.GetStringAsync("/metrics");
        Assert.Contains("griddispatch_", metrics);
        Assert.Contains("orleans_catalog_activations", metrics);
        // left out: reading it walks every activation under the catalog's lock
        Assert.DoesNotContain("orleans_messaging_processing_activation_data", metrics);
        Assert.Equal(HttpStatusCode.NotFound, (await management.GetAsync("/orleans/")).StatusCode); // only when asked for (SiloProcessTests)
        Assert.Contains("starts", await management.GetStringAsync("/api/installation"), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("/api/whistles", await management.GetStringAsync("/openapi/v1.json"));
        // And the management port is not a second way into the app.
        foreach (var path in new[] { "/", "/login.html", "/api/townships", "/open311/v2/services.json" })
            Assert.Equal((path, HttpStatusCode.NotFound), (path, (await management.GetAsync(path)).StatusCode));
    }

    [Fact]
    public async Task Public_readiness_names_no_file_and_no_host_and_the_management_one_explains()
    {
        using var publicPort = new HttpClient { BaseAddress = f.Silo.BaseAddress };
        using var management = new HttpClient { BaseAddress = f.Silo.ManagementAddress };
        var terse = await publicPort.GetStringAsync("/readyz");
        var detailed = await management.GetStringAsync("/readyz");

        Assert.StartsWith("Healthy\n", terse);
        Assert.Contains("sqlite: Healthy", terse);
        Assert.DoesNotContain("demo.db", terse);
        Assert.DoesNotContain("/", terse);
        Assert.DoesNotContain(Environment.MachineName, terse);
        Assert.Contains("demo.db", detailed); // the operator still learns which file
        Assert.Equal("Healthy", await publicPort.GetStringAsync("/healthz"));
    }

    [Fact]
    public async Task The_grpc_port_serves_grpc_and_nothing_else()
    {
        using var h2 = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{f.Silo.GrpcPort}"), DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };
        foreach (var path in new[] { "/", "/index.html", "/api/townships", "/api/installation", "/metrics", "/orleans/", "/open311/v2/services.json" })
            Assert.Equal((path, HttpStatusCode.NotFound), (path, (await h2.GetAsync(path)).StatusCode));
        Assert.Equal(HttpStatusCode.NotFound, (await h2.PostAsync("/hubs/command-centre/negotiate?negotiateVersion=1", null)).StatusCode);

        // gRPC itself is served: an empty call without a token is UNAUTHENTICATED (16), in gRPC's own terms.
        using var call = new HttpRequestMessage(HttpMethod.Post, "/griddispatch.v1.Incidents/Get")
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(new byte[5]) { Headers = { { "Content-Type", "application/grpc" } } },
        };
        using var reply = await h2.SendAsync(call);
        await reply.Content.ReadAsByteArrayAsync();
        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        var status = reply.TrailingHeaders.TryGetValues("grpc-status", out var t) ? t.First() : reply.Headers.TryGetValues("grpc-status", out var h) ? h.First() : null;
        Assert.Equal("16", status);
    }

    [Fact]
    public async Task Pages_carry_security_headers_and_no_source_maps()
    {
        using var publicPort = new HttpClient { BaseAddress = f.Silo.BaseAddress };
        foreach (var path in new[] { "/", "/login.html", "/api/townships" })
        {
            using var response = await publicPort.GetAsync(path);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
            Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
            var csp = response.Headers.GetValues("Content-Security-Policy").Single();
            Assert.Contains("script-src 'self'", csp);
            Assert.Contains("frame-ancestors 'none'", csp);
        }

        var script = await publicPort.GetStringAsync("/js/command-centre.js");
        Assert.DoesNotContain("sourceMappingURL", script);
        Assert.Equal(HttpStatusCode.NotFound, (await publicPort.GetAsync("/js/command-centre.js.map")).StatusCode);
    }
}
