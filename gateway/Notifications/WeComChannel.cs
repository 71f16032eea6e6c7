using System.Net.Http.Json;
using System.Text;

namespace GridDispatch.Gateway.Notifications;

/// <summary>
/// 企业微信群机器人: a markdown message POSTed as JSON to the robot's webhook URL (its <c>key</c> is the secret):
/// <c>{"msgtype":"markdown","markdown":{"content":"…"}}</c>; the content may be at most 4,096 UTF-8 bytes.
/// </summary>
public sealed class WeComChannel(HttpClient http, NotificationChannelOptions options) : INotificationChannel
{
    public const int MaxContentBytes = 4096;

    public NotificationChannelKind Kind => NotificationChannelKind.WeCom;

    public async Task SendAsync(Notification message, CancellationToken cancellationToken)
    {
        var body = new { msgtype = "markdown", markdown = new { content = Content(message) } };
        using var response = await http.PostAsJsonAsync(options.Url, body, cancellationToken);
        await RobotReply.EnsureAcceptedAsync(response, cancellationToken);
    }

    public static string Content(Notification message)
    {
        var text = new StringBuilder($"**{message.Title}**");
        foreach (var line in message.Lines) text.Append("\n> ").Append(line);
        if (message.Link is { } link) text.Append($"\n[查看详情]({link})");
        return Utf8Text.Truncate(text.ToString(), MaxContentBytes);
    }
}
