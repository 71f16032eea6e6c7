using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;

namespace GridDispatch.Gateway.Notifications;

/// <summary>
/// 钉钉自定义机器人: a markdown message POSTed as JSON to the robot's webhook URL (with its <c>access_token</c>):
/// <c>{"msgtype":"markdown","markdown":{"title":"…","text":"…"}}</c>. With 加签, the URL also carries
/// <c>timestamp</c> (ms) and <c>sign</c>: HmacSHA256 over <c>timestamp + "\n" + secret</c> keyed by the secret,
/// Base64, then URL-encoded; DingTalk refuses a timestamp more than an hour off.
/// </summary>
public sealed class DingTalkChannel(HttpClient http, NotificationChannelOptions options, TimeProvider time) : INotificationChannel
{
    public NotificationChannelKind Kind => NotificationChannelKind.DingTalk;

    public async Task SendAsync(Notification message, CancellationToken cancellationToken)
    {
        var body = new { msgtype = "markdown", markdown = new { title = message.Title, text = Text(message) } };
        using var response = await http.PostAsJsonAsync(SignedUrl(options.Url, options.Secret, time.GetUtcNow()), body, cancellationToken);
        await RobotReply.EnsureAcceptedAsync(response, cancellationToken);
    }

    public static string Text(Notification message)
    {
        var text = new StringBuilder($"#### {message.Title}\n");
        foreach (var line in message.Lines) text.Append("\n- ").Append(line);
        if (message.Link is { } link) text.Append($"\n\n[查看详情]({link})");
        return text.ToString();
    }

    /// <summary>The webhook URL with <c>timestamp</c> and <c>sign</c> appended; unchanged without a secret.</summary>
    public static string SignedUrl(string url, string secret, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(secret)) return url;
        var timestamp = now.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        return $"{url}{(url.Contains('?') ? '&' : '?')}timestamp={timestamp}&sign={Uri.EscapeDataString(Sign(timestamp, secret))}";
    }

    /// <summary>Base64(HmacSHA256(key: secret, data: timestamp + "\n" + secret)), before URL-encoding.</summary>
    public static string Sign(string timestamp, string secret) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}\n{secret}")));
}
