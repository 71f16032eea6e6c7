using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using GridDispatch.Grains.Demo;
using GridDispatch.Grains.Streetlights;
using GridDispatch.Grains.Topology;
using GridDispatch.Tests.Infrastructure;
using MQTTnet;
using MQTTnet.Protocol;
using Xunit.Abstractions;

namespace GridDispatch.Tests.Reliability;

/// <summary>
/// Issue 8, hostile input: bounded, seeded fuzzing of every way in. Each input is either taken or refused with a
/// clear answer (a 4xx, a gRPC status, a counted drop), never a crash, a 5xx, or a silent loss; and a
/// well-behaved client is served afterwards. Seeds are fixed: a failure replays.
/// </summary>
public sealed class FuzzTests(DemoSiloFixture f, ITestOutputHelper output) : IClassFixture<DemoSiloFixture>
{
    private const int Seed = 20261124;

    // One demo silo for the class: each test's mutations only add to it, and each checks it still serves a good client.
    private SiloProcess Silo => f.Silo;

    [Fact]
    public void Topology_files_mutated_3000_ways_are_read_or_refused_with_errors_never_an_exception()
    {
        var small = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "examples", "small-township.json"));
        var yimen = TopologyFile.Write(DemoTownships.All().First(t => t.Id == "yimen"));
        var (read, refused) = (0, 0);
        var mutator = new JsonMutator(Seed);
        foreach (var input in mutator.Variations(small, 2_800).Concat(mutator.Variations(yimen, 200)))
        {
            var parsed = TopologyFile.Parse(Encoding.UTF8.GetString(input));
            if (parsed.Succeeded)
            {
                _ = TopologyValidator.Validate(parsed.Topology); // errors are a list, not an exception
                read++;
            }
            else
            {
                Assert.NotEmpty(parsed.Errors);
                Assert.All(parsed.Errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Message)));
                refused++;
            }
        }

        output.WriteLine($"topology variations: {read} read, {refused} refused with errors");
        Assert.True(refused > 1_000);
    }

    [Fact]
    public async Task Telemetry_and_whistles_mutated_over_mqtt_are_each_ingested_or_counted_as_dropped()
    {
        const string lamp = "yimen-L0701";
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        // Each variation starts from a report with a later timestamp, so a valid one is not merely a stale repeat.
        string Telemetry(int n) => $$"""{"ts":{{now + n}},"on":true,"brightness":80,"voltage":221.5,"current":0.41,"power":88,"energyWh":1200,"lux":3,"temperature":21,"tilt":0.4,"leakageMa":0}""";
        const string whistle = """{"whistleId":"fz","by":"admin","category":"road","severity":"minor","text":"路面坑洼","lat":26.7,"lon":102.3}""";
        var mutator = new JsonMutator(Seed + 1);
        var before = await CountsAsync();

        using var asLamp = await ConnectAsync(lamp, "demo");
        using var asAdmin = await ConnectAsync("admin", "demo");
        // Every publish is answered (MQTT 5 PUBACK): success when ingested, a refusal reason when dropped.
        var (taken, refused) = (0, 0);
        foreach (var (topic, payload) in Enumerable.Range(1, 1_000).Select(n => ($"gd/yimen/lamp/{lamp}/telemetry", mutator.Mutate(Telemetry(n))))
                     .Concat(mutator.Variations(whistle, 300).Select(p => ("gd/yimen/grid/yimen-V06/whistle", p))))
        {
            var publisher = topic.Contains("/lamp/") ? asLamp : asAdmin;
            var result = await publisher.PublishAsync(Message(topic, payload));
            if (result.IsSuccess) taken++;
            else
            {
                Assert.Equal(MqttClientPublishReasonCode.ImplementationSpecificError, result.ReasonCode);
                refused++;
            }
        }

        var sent = taken + refused;
        var after = await Eventually.Holds(CountsAsync, c => c.Accepted + c.Dropped - before.Accepted - before.Dropped >= sent, what: "every message accounted for");
        output.WriteLine($"MQTT: {sent} sent, {taken} taken and {refused} refused; the gateway counted {after.Accepted - before.Accepted} ingested and {after.Dropped - before.Dropped} dropped");
        Assert.Equal(taken, after.Accepted - before.Accepted);
        Assert.Equal(refused, after.Dropped - before.Dropped);
        Assert.True(refused > 100 && taken > 100, "the variations both pass and fail");

        // The lamp is served as before.
        Assert.True((await asLamp.PublishAsync(Message($"gd/yimen/lamp/{lamp}/telemetry",
            Encoding.UTF8.GetBytes($$"""{"ts":{{DateTimeOffset.UtcNow.AddSeconds(5).ToUnixTimeMilliseconds()}},"on":true,"brightness":37}""")))).IsSuccess);
        Assert.Equal(37, (await f.Grains.GetGrain<IStreetlightGrain>(lamp).GetSnapshot())!.Brightness);
    }

    [Fact]
    public async Task Whistles_mutated_over_http_get_a_4xx_or_a_2xx_never_a_5xx()
    {
        using var http = await CommandCentreClient.HttpAsync(Silo.BaseAddress, "admin");
        const string whistle = """{"whistleId":"http-fz","township":"yimen","cellId":"yimen-V07","by":"admin","category":"water","severity":"major","text":"水管破裂","lat":26.7,"lon":102.3,"photo":"data:image/png;base64,iVBORw0KGgo="}""";
        var statuses = new Dictionary<int, int>();
        foreach (var payload in new JsonMutator(Seed + 2).Variations(whistle, 500))
        {
            using var content = new ByteArrayContent(payload);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var response = await http.PostAsync("/api/whistles", content);
            var code = (int)response.StatusCode;
            statuses[code] = statuses.GetValueOrDefault(code) + 1;
            Assert.True(code < 500, $"{code} for {Encoding.UTF8.GetString(payload)}");
        }

        output.WriteLine("HTTP whistles: " + string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}")));
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public async Task Garbage_grpc_messages_get_a_grpc_status_and_the_service_serves_on()
    {
        using var http = new HttpClient(new SocketsHttpHandler()) { BaseAddress = new Uri($"http://127.0.0.1:{Silo.GrpcPort}") };
        var random = new Random(Seed + 3);
        var statuses = new Dictionary<string, int>();
        string[] methods = ["/griddispatch.v1.Whistle/Blow", "/griddispatch.v1.Responders/Acknowledge", "/griddispatch.v1.Responders/UpdateStatus", "/griddispatch.v1.Incidents/Get"];
        for (var i = 0; i < 300; i++)
        {
            var body = new byte[random.Next(0, 2_000)];
            random.NextBytes(body);
            var frame = new byte[5 + body.Length];
            frame[0] = 0;
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)(random.Next(4) == 0 ? random.Next() : body.Length)); // sometimes a lying length
            body.CopyTo(frame, 5);
            using var request = new HttpRequestMessage(HttpMethod.Post, methods[i % methods.Length])
            {
                Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact, Content = new ByteArrayContent(frame),
            };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
            request.Headers.TryAddWithoutValidation("te", "trailers");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "demo-admin");
            using var response = await http.SendAsync(request);
            await response.Content.ReadAsByteArrayAsync();
            var status = response.TrailingHeaders.TryGetValues("grpc-status", out var t) ? t.First()
                : response.Headers.TryGetValues("grpc-status", out var h) ? h.First() : $"http {(int)response.StatusCode}";
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            Assert.Equal(HttpStatusCode.OK, response.StatusCode); // gRPC answers in its own status, over a healthy HTTP/2 response
            Assert.NotEqual("0", status);
            Assert.NotEqual("2", status); // UNKNOWN: a handler (or the request's parsing) threw, instead of naming the caller's mistake
        }

        Assert.True(statuses.GetValueOrDefault("3") > 0, "malformed messages are INVALID_ARGUMENT");

        output.WriteLine("gRPC garbage: " + string.Join(", ", statuses.Select(s => $"status {s.Key}×{s.Value}")));
        using var ops = new HttpClient { BaseAddress = Silo.BaseAddress };
        Assert.Equal(HttpStatusCode.OK, (await ops.GetAsync("/healthz")).StatusCode);
    }

    private async Task<IMqttClient> ConnectAsync(string user, string password)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", Silo.MqttPort).WithClientId($"fz-{user}")
            .WithCredentials(user, password).WithCleanSession().WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500).Build());
        return client;
    }

    private static MqttApplicationMessage Message(string topic, byte[] payload) =>
        new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build();

    /// <summary>The gateway's own counts (Prometheus): messages ingested, and dropped for any reason.</summary>
    private async Task<(double Accepted, double Dropped)> CountsAsync()
    {
        using var http = new HttpClient { BaseAddress = Silo.ManagementAddress };
        var lines = (await http.GetStringAsync("/metrics")).Split('\n');
        double Sum(string name) => lines.Where(l => l.StartsWith(name, StringComparison.Ordinal))
            .Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
        return (Sum("griddispatch_mqtt_accepted_total"), Sum("griddispatch_mqtt_dropped_total"));
    }
}
