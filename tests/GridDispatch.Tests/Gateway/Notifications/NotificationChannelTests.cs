using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using GridDispatch.Gateway.Notifications;
using GridDispatch.Tests.Infrastructure;

namespace GridDispatch.Tests.Gateway.Notifications;

/// <summary>One aiosmtpd for the class (a real SMTP server from Debian).</summary>
public sealed class SmtpFixture : IAsyncLifetime
{
    public SmtpServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await SmtpServer.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

/// <summary>
/// Each channel against a real peer on loopback: HTTP receivers that check the payloads WeCom's and DingTalk's
/// documentation specify (and recompute DingTalk's 加签 themselves), an SMS-style webhook with its HMAC header,
/// and e-mail through aiosmtpd.
/// </summary>
public sealed class NotificationChannelTests(SmtpFixture smtp) : IClassFixture<SmtpFixture>
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private const string Ok = """{"errcode":0,"errmsg":"ok"}""";

    [Fact]
    public async Task WeCom_gets_a_markdown_message_on_its_robot_key()
    {
        await using var robot = new HttpReceiver((_, _) => (200, Ok));
        var channel = new WeComChannel(Http, new NotificationChannelOptions { Kind = NotificationChannelKind.WeCom, Url = robot.Url("/cgi-bin/webhook/send?key=robot-key-1") });

        await channel.SendAsync(Samples.Message("wecom"), CancellationToken.None);

        var request = Assert.Single(robot.Requests);
        Assert.Equal("/cgi-bin/webhook/send", request.Path);
        Assert.Equal("robot-key-1", request.Query["key"]);
        Assert.StartsWith("application/json", request.Headers["Content-Type"]);
        using var json = JsonDocument.Parse(request.Body);
        Assert.Equal("markdown", json.RootElement.GetProperty("msgtype").GetString());
        var content = json.RootElement.GetProperty("markdown").GetProperty("content").GetString()!;
        Assert.StartsWith("**【新工单】石门路12号杆路灯不亮**", content);
        Assert.Contains("受理编号：益门-1129-0012", content);
        Assert.Contains("地点：益门镇 石门村 三组", content);
        Assert.Contains("[查看详情](https://gd.example.cn/handheld/orders.html?incident=inc-1)", content);
        Assert.True(Encoding.UTF8.GetByteCount(content) <= 4096);
    }

    [Fact]
    public async Task A_robot_errcode_is_a_refusal_even_with_HTTP_200()
    {
        await using var robot = new HttpReceiver((_, _) => (200, """{"errcode":93000,"errmsg":"invalid webhook url"}"""));
        var channel = new WeComChannel(Http, new NotificationChannelOptions { Kind = NotificationChannelKind.WeCom, Url = robot.Url("/cgi-bin/webhook/send?key=secret-key") });

        var refused = await Assert.ThrowsAsync<NotificationRejectedException>(() => channel.SendAsync(Samples.Message("wecom"), CancellationToken.None));

        Assert.Equal("errcode 93000: invalid webhook url", refused.Message);
        Assert.DoesNotContain("secret-key", refused.Message);
    }

    [Fact]
    public void WeCom_content_is_cut_to_4096_bytes()
    {
        var message = Samples.Message("wecom") with { Lines = [new string('灯', 3000)] };
        Assert.True(Encoding.UTF8.GetByteCount(WeComChannel.Content(message)) <= WeComChannel.MaxContentBytes);
        Assert.EndsWith("…", WeComChannel.Content(message));
    }

    [Fact]
    public async Task DingTalk_signs_the_url_as_its_documentation_specifies()
    {
        const string secret = "SECa1b2c3d4e5f6+/=测试";
        string? signError = null;
        await using var robot = new HttpReceiver((_, request) =>
        {
            // The receiver's own check: Base64(HmacSHA256(secret, timestamp + "\n" + secret)), URL-encoded in the query.
            var timestamp = request.Query["timestamp"]!;
            using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(secret));
            var expected = Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes(timestamp + "\n" + secret)));
            var rawSign = request.RawQuery.Split('&').Single(p => p.StartsWith("sign=", StringComparison.Ordinal))["sign=".Length..];
            var age = DateTimeOffset.UtcNow - DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(timestamp));
            signError = rawSign != WebUtility.UrlEncode(expected) ? $"sign {rawSign} is not {WebUtility.UrlEncode(expected)}"
                : age.Duration() > TimeSpan.FromHours(1) ? $"timestamp {timestamp} is {age} off" : null;
            return signError is null ? (200, Ok) : (200, """{"errcode":310000,"errmsg":"sign not match"}""");
        });
        var channel = new DingTalkChannel(Http, new NotificationChannelOptions
        {
            Kind = NotificationChannelKind.DingTalk, Url = robot.Url("/robot/send?access_token=token-1"), Secret = secret,
        }, TimeProvider.System);

        await channel.SendAsync(Samples.Message("dingtalk"), CancellationToken.None);

        Assert.Null(signError);
        var request = Assert.Single(robot.Requests);
        Assert.Equal("/robot/send", request.Path);
        Assert.Equal("token-1", request.Query["access_token"]);
        using var json = JsonDocument.Parse(request.Body);
        Assert.Equal("markdown", json.RootElement.GetProperty("msgtype").GetString());
        var markdown = json.RootElement.GetProperty("markdown");
        Assert.Equal("【新工单】石门路12号杆路灯不亮", markdown.GetProperty("title").GetString());
        var text = markdown.GetProperty("text").GetString()!;
        Assert.Contains("受理编号：益门-1129-0012", text);
        Assert.Contains("(https://gd.example.cn/handheld/orders.html?incident=inc-1)", text);
    }

    [Fact]
    public async Task A_wrong_DingTalk_secret_is_refused_by_the_receiver()
    {
        await using var robot = new HttpReceiver((_, request) =>
        {
            using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes("SECright"));
            var expected = Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes(request.Query["timestamp"] + "\nSECright")));
            return request.Query["sign"] == expected ? (200, Ok) : (200, """{"errcode":310000,"errmsg":"sign not match"}""");
        });
        var channel = new DingTalkChannel(Http, new NotificationChannelOptions
        {
            Kind = NotificationChannelKind.DingTalk, Url = robot.Url("/robot/send?access_token=t"), Secret = "SECwrong",
        }, TimeProvider.System);

        var refused = await Assert.ThrowsAsync<NotificationRejectedException>(() => channel.SendAsync(Samples.Message("dingtalk"), CancellationToken.None));
        Assert.StartsWith("errcode 310000", refused.Message);
    }

    [Fact]
    public async Task The_webhook_posts_json_with_its_delivery_key_and_HMAC_signature()
    {
        await using var gateway = new HttpReceiver((_, _) => (202, "{}"));
        var channel = new WebhookChannel(Http, new NotificationChannelOptions { Kind = NotificationChannelKind.Webhook, Url = gateway.Url("/sms"), Secret = "sms-secret" });
        var message = Samples.Message("sms", to: "13800001111");

        await channel.SendAsync(message, CancellationToken.None);

        var request = Assert.Single(gateway.Requests);
        var expected = "sha256=" + Convert.ToHexString(new HMACSHA256(Encoding.UTF8.GetBytes("sms-secret")).ComputeHash(request.Body)).ToLowerInvariant();
        Assert.Equal(expected, request.Headers[WebhookChannel.SignatureHeader]);
        Assert.Equal(message.Key, Uri.UnescapeDataString(request.Headers[WebhookChannel.DeliveryHeader]!));
        using var json = JsonDocument.Parse(request.Body);
        Assert.Equal("13800001111", json.RootElement.GetProperty("to").GetString());
        Assert.Equal(message.Key, json.RootElement.GetProperty("id").GetString());
        Assert.Contains("受理编号：益门-1129-0012", json.RootElement.GetProperty("text").GetString());
    }

    [Fact]
    public async Task Email_reaches_a_real_SMTP_server_in_Chinese()
    {
        var channel = new SmtpChannel(new NotificationChannelOptions
        {
            Kind = NotificationChannelKind.Smtp, Host = "127.0.0.1", Port = smtp.Server.Port, Security = "None", From = "网格调度 <gd@example.cn>",
        });
        var message = Samples.Message("mail", eventId: $"urged:inc-{Guid.NewGuid():N}:hudeng-1:1", to: "zhang@example.cn");

        await channel.SendAsync(message, CancellationToken.None);

        var mail = await Eventually.Holds(smtp.Server.MessagesAsync,
            all => all.Any(m => m.Headers["X-GridDispatch-Delivery"] == message.Key), what: "the message in the maildir");
        var received = mail.Single(m => m.Headers["X-GridDispatch-Delivery"] == message.Key);
        Assert.Equal("【新工单】石门路12号杆路灯不亮", received.Subject);
        Assert.Equal("zhang@example.cn", received.To.Mailboxes.Single().Address);
        Assert.Equal("gd@example.cn", received.From.Mailboxes.Single().Address);
        Assert.Contains("受理编号：益门-1129-0012", received.TextBody);
        Assert.Contains("查看：https://gd.example.cn/handheld/orders.html?incident=inc-1", received.TextBody);
    }
}
