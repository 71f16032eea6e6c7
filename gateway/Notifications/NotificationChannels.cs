using Microsoft.Extensions.Options;

namespace GridDispatch.Gateway.Notifications;

/// <summary>The configured channels by name, built once from <see cref="NotificationOptions.Channels"/>.</summary>
public sealed class NotificationChannels
{
    private readonly Dictionary<string, INotificationChannel> _channels = new(StringComparer.Ordinal);

    public NotificationChannels(IOptions<NotificationOptions> options, IHttpClientFactory http, TimeProvider time)
    {
        foreach (var (name, channel) in options.Value.Channels)
            _channels[name] = Create(channel, http.CreateClient(Microsoft.Extensions.DependencyInjection.NotificationServices.HttpClientName), time);
    }

    public NotificationChannels(IReadOnlyDictionary<string, INotificationChannel> channels)
    {
        foreach (var (name, channel) in channels) _channels[name] = channel;
    }

    public INotificationChannel? Find(string name) => _channels.GetValueOrDefault(name);

    public IEnumerable<string> Names => _channels.Keys;

    public static INotificationChannel Create(NotificationChannelOptions options, HttpClient http, TimeProvider time) => options.Kind switch
    {
        NotificationChannelKind.WeCom => new WeComChannel(http, options),
        NotificationChannelKind.DingTalk => new DingTalkChannel(http, options, time),
        NotificationChannelKind.Smtp => new SmtpChannel(options),
        NotificationChannelKind.Webhook => new WebhookChannel(http, options),
        _ => throw new OptionsValidationException(NotificationOptions.Section, typeof(NotificationOptions), [$"unknown channel kind {options.Kind}"]),
    };
}
