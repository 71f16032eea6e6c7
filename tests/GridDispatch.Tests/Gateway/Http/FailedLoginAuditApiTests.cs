using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using GridDispatch.Tests.Infrastructure;
using MQTTnet;

namespace GridDispatch.Tests.Gateway.Http;

/// <summary>
/// Failed person logins over HTTP and MQTT reach the audit log (the throttling itself: FailedLoginAuditTests).
/// Each comes from an address of its own in 127/8, so its minute's first line is this test's.
/// </summary>
[Collection(DemoSiloCollections.Screen)]
public sealed class FailedLoginAuditApiTests(DemoSiloFixture f)
{
    [Fact]
    public async Task A_wrong_password_over_http_and_over_mqtt_is_written_with_the_name_tried_the_address_and_the_channel()
    {
        var (httpFrom, mqttFrom) = (Loopback(), Loopback());
        var name = "yimen";

        using var http = new HttpClient(new SocketsHttpHandler { ConnectCallback = (context, cancellationToken) => From(httpFrom, context.DnsEndPoint, cancellationToken) })
        { BaseAddress = f.Silo.BaseAddress };
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.PostAsJsonAsync("/api/login", new { username = name, password = "wrong-" + Guid.NewGuid() })).StatusCode);

        using var mqtt = new MqttClientFactory().CreateMqttClient();
        var options = new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", f.Silo.MqttPort).WithClientId("failed-" + Guid.NewGuid().ToString("N")[..8])
            .WithCredentials(name, "wrong-password").WithCleanSession().Build();
        ((MqttClientTcpOptions)options.ChannelOptions).LocalEndpoint = new IPEndPoint(mqttFrom, 0);
        MqttClientConnectResultCode? answer = null;
        try
        {
            answer = (await mqtt.ConnectAsync(options)).ResultCode;
        }
        catch (Exception)
        {
            // refused: MQTTnet throws, or answers with the reason code
        }

        Assert.NotEqual(MqttClientConnectResultCode.Success, answer);
        Assert.False(mqtt.IsConnected);

        using var admin = await CommandCentreClient.HttpAsync(f.Silo.BaseAddress, "admin");
        var lines = await admin.GetFromJsonAsync<JsonElement[]>("/api/audit?kind=login.failed&limit=500");
        Assert.Contains(lines!, l => Line(l) == (name, httpFrom.ToString(), "HTTP"));
        Assert.Contains(lines!, l => Line(l) == (name, mqttFrom.ToString(), "MQTT"));
        // County business: a township account does not read them.
        using var township = await CommandCentreClient.HttpAsync(f.Silo.BaseAddress, "yimen");
        var its = await township.GetFromJsonAsync<JsonElement[]>("/api/audit?kind=login.failed");
        Assert.DoesNotContain(its!, l => l.GetProperty("subject").GetString() == httpFrom.ToString());
    }

    private static (string?, string?, string?) Line(JsonElement l) =>
        (l.GetProperty("actor").GetString(), l.GetProperty("subject").GetString(), l.GetProperty("detail").GetString());

    private static IPAddress Loopback() => new([127, (byte)Random.Shared.Next(1, 255), (byte)Random.Shared.Next(0, 256), (byte)Random.Shared.Next(1, 255)]);

    private static async ValueTask<Stream> From(IPAddress local, DnsEndPoint server, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            socket.Bind(new IPEndPoint(local, 0));
            await socket.ConnectAsync(IPAddress.Loopback, server.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
