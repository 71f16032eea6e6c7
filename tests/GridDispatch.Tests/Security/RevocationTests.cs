using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GridDispatch.Grains.Demo;
using GridDispatch.Grains.Topology;
using GridDispatch.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using Xunit.Abstractions;

namespace GridDispatch.Tests.Security;

/// <summary>Finding 2: logging out or disabling an account ends its live hub connections and gRPC streams within seconds.</summary>
[Collection(SecuritySiloCollection.Name)]
public sealed class RevocationTests(SecuritySilo s, ITestOutputHelper output)
{
    private const int Unauthenticated = 16;
    /// <summary>Generous on a shared machine; the silo re-checks every 5 s.</summary>
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Logging_out_ends_the_tokens_hub_connection_and_grpc_stream()
    {
        var responder = DemoTownships.Yimen().Responders[1].Id;
        var token = await s.TokenAsync(responder);
        await using var hub = CommandCentreClient.Hub(s.Silo.BaseAddress, token);
        var closed = new TaskCompletionSource();
        hub.Closed += _ => { closed.TrySetResult(); return Task.CompletedTask; };
        await hub.StartAsync();
        await hub.InvokeAsync<JsonElement>("WatchWork");
        var stream = s.GrpcAsync(token, "subscribe", new { request = new { responderId = responder }, deadlineMs = 28_000 });
        await Task.Delay(1_500); // the stream is open

        var clock = Stopwatch.StartNew();
        using (var http = s.From("127.0.0.1", token)) Assert.Equal(HttpStatusCode.NoContent, (await http.PostAsync("/api/logout", null)).StatusCode);

        await closed.Task.WaitAsync(Deadline);
        output.WriteLine($"hub connection closed {clock.ElapsedMilliseconds} ms after logout");
        var ended = await stream;
        output.WriteLine($"gRPC stream ended {clock.ElapsedMilliseconds} ms after logout: {ended}");
        Assert.False(ended.GetProperty("ok").GetBoolean(), ended.ToString());
        Assert.Equal(Unauthenticated, ended.GetProperty("code").GetInt32());
        Assert.True(clock.Elapsed < Deadline, $"stream ended only after {clock.Elapsed}");
    }

    [Fact]
    public async Task Disabling_an_account_ends_its_hub_connection_and_grpc_stream()
    {
        using var admin = s.From("127.0.0.1", await s.TokenAsync("admin"));
        var responder = DemoTownships.Yimen().Responders[2].Id;
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync("/api/accounts/team-three",
            new { role = "Responder", township = "yimen", personId = responder, password = "team-three-pass" })).StatusCode);
        var token = await s.TokenAsync("team-three", "team-three-pass");
        await using var hub = CommandCentreClient.Hub(s.Silo.BaseAddress, token);
        var closed = new TaskCompletionSource();
        hub.Closed += _ => { closed.TrySetResult(); return Task.CompletedTask; };
        await hub.StartAsync();
        await hub.InvokeAsync<JsonElement>("WatchWork");
        var stream = s.GrpcAsync(token, "subscribe", new { request = new { responderId = responder }, deadlineMs = 28_000 });
        await Task.Delay(1_500);

        var clock = Stopwatch.StartNew();
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync("/api/accounts/team-three",
            new { role = "Responder", township = "yimen", personId = responder, disabled = true })).StatusCode);

        await closed.Task.WaitAsync(Deadline);
        output.WriteLine($"hub connection closed {clock.ElapsedMilliseconds} ms after disabling");
        var ended = await stream;
        output.WriteLine($"gRPC stream ended {clock.ElapsedMilliseconds} ms after disabling: {ended}");
        Assert.Equal(Unauthenticated, ended.GetProperty("code").GetInt32());
        Assert.True(clock.Elapsed < Deadline, $"stream ended only after {clock.Elapsed}");
    }
}
