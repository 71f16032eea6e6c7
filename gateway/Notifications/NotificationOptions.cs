using System.ComponentModel.DataAnnotations;

namespace GridDispatch.Gateway.Notifications;

/// <summary>
/// Section <c>Notifications</c>: the channels a topology's <c>notify</c> lists name, and how hard delivery tries.
/// Without channels nothing is registered and nothing is sent. Channel URLs and secrets are read here only:
/// never logged, never returned by an API (docs/SECURITY.md).
/// </summary>
public sealed class NotificationOptions
{
    public const string Section = "Notifications";

    /// <summary>Channel name (as in the topology's <c>notify[].channel</c>) → its kind, address and secret.</summary>
    public Dictionary<string, NotificationChannelOptions> Channels { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The outbox's SQLite file; empty: beside the grain database (<c>data/griddispatch.notifications.db</c>).</summary>
    public string Outbox { get; set; } = "";

    /// <summary>Where the pages are reached from a phone, for the link in each message; empty: no link.</summary>
    public string PublicBaseUrl { get; set; } = "";

    /// <summary>Tries per message, the first included, before it is given up as failed.</summary>
    [Range(1, 100)] public int MaxAttempts { get; set; } = 8;

    /// <summary>The wait before the first retry; each retry doubles it, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often the outbox is looked at for messages due (a new message wakes it at once).</summary>
    public TimeSpan PollEvery { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>One try's limit (a connection, a request, an SMTP session).</summary>
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>即将超时: a holder is told when this little is left of their 响应 or 办结 deadline.</summary>
    public TimeSpan DeadlineWarning { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How long sent and failed messages are kept: the window in which a redelivered event is recognised.</summary>
    public TimeSpan KeepFor { get; set; } = TimeSpan.FromDays(7);

    /// <summary>The wait before retry <paramref name="attempt"/> (1 = after the first failure): doubling, capped.</summary>
    public TimeSpan RetryDelay(int attempt)
    {
        var delay = FirstRetryDelay * Math.Pow(2, Math.Min(attempt - 1, 30));
        return delay < MaxRetryDelay ? delay : MaxRetryDelay;
    }
}

public enum NotificationChannelKind { WeCom, DingTalk, Smtp, Webhook }

/// <summary>One configured channel. A class, not a record: a record's printout would show the secrets.</summary>
public sealed class NotificationChannelOptions
{
    public NotificationChannelKind Kind { get; set; }

    /// <summary>WeCom: the robot's webhook URL with its <c>key</c>; DingTalk: with its <c>access_token</c>; Webhook: the gateway's URL.</summary>
    public string Url { get; set; } = "";

    /// <summary>DingTalk: the robot's 加签 secret (SEC…); Webhook: the HMAC-SHA256 key of the signature header (optional).</summary>
    public string Secret { get; set; } = "";

    /// <summary>SMTP server.</summary>
    public string Host { get; set; } = "";

    public int Port { get; set; } = 465;

    /// <summary>SMTP: <c>Auto</c>, <c>None</c>, <c>SslOnConnect</c>, <c>StartTls</c>, <c>StartTlsWhenAvailable</c> (MailKit's).</summary>
    public string Security { get; set; } = "Auto";

    public string User { get; set; } = "";

    public string Password { get; set; } = "";

    /// <summary>SMTP sender, e.g. <c>网格调度 &lt;gd@example.cn&gt;</c>.</summary>
    public string From { get; set; } = "";
}
